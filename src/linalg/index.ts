// np.linalg: `import * as np from "numfuse"; np.linalg.multiDot([A, B, C])`.

export { multiDot } from "../products.js";
