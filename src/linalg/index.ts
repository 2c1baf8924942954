// np.linalg: `import * as np from "numfuse"; np.linalg.multiDot([A, B, C])`.

export { multiDot } from "../products.js";
export { eig, eigvals, eigh, eigvalsh } from "./eig.js";
export { svd, pinv } from "./svd.js";
export { solve, inv, det, slogdet, matrixPower, tensorinv, tensorsolve, cholesky } from "./lu.js";
export { qr, lstsq } from "./qr.js";
export { norm, cond, matrixRank } from "./norms.js";
export { LinAlgError } from "../../runtime/errors.js";
