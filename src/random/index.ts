// np.random: NumPy's random streams reproduced exactly. The legacy RandomState (MT19937) behind
// the module-level functions (`np.random.seed`, `rand`, `randn`, ...), the Generator of
// `defaultRng` over PCG64 and the other bit generators, and SeedSequence.

export { RandomState, seed, getState, setState, getBitGenerator, setBitGenerator, rand, randn, random, randomSample, ranf, sample, randint, randomIntegers, tomaxint, bytes, choice, shuffle, permutation, uniform, normal, standardNormal, exponential, standardExponential, gamma, standardGamma, beta, chisquare, noncentralChisquare, f, noncentralF, standardCauchy, standardT, vonmises, pareto, weibull, power, laplace, gumbel, logistic, lognormal, rayleigh, wald, triangular, binomial, negativeBinomial, poisson, zipf, geometric, logseries, hypergeometric, multinomial, dirichlet, multivariateNormal } from "./randomstate.js";
export { BitGenerator, SeedSequence, MT19937, PCG64, PCG64DXSM, Philox, SFC64, type SeedLike, type Entropy } from "./bitgenerators.js";
export { Generator, defaultRng } from "./generator.js";
