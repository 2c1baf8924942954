// Signal processing and calculus: convolution and correlation, interpolation, gradients,
// polynomials, sinc, i0, unwrap and the window functions.

export { convolve, correlate } from "./convolve.js";
export { interp } from "./interp.js";
export { gradient } from "./gradient.js";
export { polyval, polyfit, roots, polyder, polyint, polyadd, polysub, polymul, polydiv, poly, Poly1d } from "./polynomial.js";
export { sinc, i0, unwrap } from "./special.js";
export { hanning, hamming, blackman, bartlett, kaiser } from "./windows.js";
