// np.ma: masked arrays (NumPy's numpy.ma), built from lazy numfuse arrays.

export { MaskedArray, MaskError, masked, nomask } from "./core.js";
export type { MaskedArrayOptions, MaskedLike, MaskedResult } from "./core.js";
export {
  array, array as maskedArray, isMaskedArray, isMaskedArray as isMA, isMasked, getmask, getmaskarray, getdata, filled, compressed, count, makeMask, maskOr,
  maskedWhere, maskedInvalid, maskedEqual, maskedNotEqual, maskedGreater, maskedGreaterEqual, maskedLess, maskedLessEqual,
  maskedInside, maskedOutside, maskedValues,
} from "./create.js";
export {
  exp, sin, cos, tan, arctan, arcsinh, sinh, cosh, tanh, absolute, abs, fabs, negative, floor, ceil, logicalNot, conjugate,
  sqrt, log, log2, log10, arcsin, arccos, arccosh, arctanh,
  add, subtract, multiply, arctan2, hypot, equal, notEqual, less, lessEqual, greater, greaterEqual,
  logicalAnd, logicalOr, logicalXor, bitwiseAnd, bitwiseOr, bitwiseXor,
  divide, trueDivide, floorDivide, remainder, mod, fmod, power,
} from "./ops.js";
export { sum, prod, mean, var, std, min, max, ptp, all, any, argmin, argmax, cumsum, cumprod } from "./functions.js";
export { where, concatenate } from "./join.js";
export { zerosMa as zeros, onesMa as ones, emptyMa as empty, arangeMa as arange, zerosLikeMa as zerosLike, onesLikeMa as onesLike } from "./create.js";
