// np.random: NumPy's random streams reproduced exactly. The legacy RandomState (MT19937) behind
// the module-level functions (`np.random.seed`, `rand`, `randn`, ...), the Generator of
// `defaultRng` over PCG64 and the other bit generators, and SeedSequence.
export {};
