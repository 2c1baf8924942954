// NumPy's exception classes and the wording of its messages, in one place. It sits in the
// lowest layer so that kernels (compiler, runtime) raise the same classes as the API.

function named<T extends new (msg?: string) => Error>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/** NumPy's ValueError: an argument has the right type but an unacceptable value. */
export class ValueError extends Error {}
named(ValueError, "ValueError");
/** NumPy's IndexError: an index out of range. */
export class IndexError extends Error {}
named(IndexError, "IndexError");
/** numfuse's TypeError (extends the built-in): an argument of an unsupported type. */
export class TypeError extends globalThis.TypeError {}
named(TypeError, "TypeError");
/** NumPy's AxisError (a ValueError and an IndexError in NumPy; a ValueError here). */
export class AxisError extends ValueError {}
named(AxisError, "AxisError");
/** Python's OverflowError: a JS integer does not fit the dtype it must take (NEP 50). */
export class OverflowError extends Error {}
named(OverflowError, "OverflowError");
/** Python's ZeroDivisionError. */
export class ZeroDivisionError extends Error {}
named(ZeroDivisionError, "ZeroDivisionError");
/** Python's RuntimeError (NumPy raises it for, e.g., negative weights in cov). */
export class RuntimeError extends Error {}
named(RuntimeError, "RuntimeError");
/** NumPy's LinAlgError. */
export class LinAlgError extends Error {}
named(LinAlgError, "LinAlgError");
/** Python's KeyError: a name not in a mapping (an .npz archive's members). */
export class KeyError extends Error {}
named(KeyError, "KeyError");
/** Python's MemoryError (NumPy's "Unable to allocate ..."): an array larger than the memory it may take. */
export class MemoryError extends Error {}
named(MemoryError, "MemoryError");
/** Python's SyntaxError (numexpr raises it for an expression it cannot parse); extends the built-in. */
export class SyntaxError extends globalThis.SyntaxError {}
named(SyntaxError, "SyntaxError");
/** Python's NotImplementedError (numexpr: no opcode for these operand types). */
export class NotImplementedError extends Error {}
named(NotImplementedError, "NotImplementedError");

const tuple = (shape: readonly number[]) => `(${shape.join(",")}${shape.length === 1 ? "," : ""})`;

/** Messages, worded as NumPy words them. */
export const msg = {
  shapeTuple: tuple,
  broadcast: (shapes: readonly (readonly number[])[]) =>
    `operands could not be broadcast together with shapes ${shapes.map(tuple).join(" ")} `,
  broadcastTo: (from: readonly number[], to: readonly number[]) =>
    `operands could not be broadcast together with remapped shapes [original->remapped]: ${tuple(from)}  and requested shape ${tuple(to)}`,
  axis: (axis: number, ndim: number) => `axis ${axis} is out of bounds for array of dimension ${ndim}`,
  index: (i: number, axis: number, size: number) => `index ${i} is out of bounds for axis ${axis} with size ${size}`,
  tooManyIndices: (ndim: number, given: number) =>
    `too many indices for array: array is ${ndim}-dimensional, but ${given} were indexed`,
  reshape: (size: number, shape: readonly number[]) => `cannot reshape array of size ${size} into shape ${tuple(shape)}`,
  ufuncTypes: (ufunc: string, types: readonly string[]) =>
    `ufunc '${ufunc}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`,
  ufuncNoLoop: (ufunc: string, types: readonly string[]) =>
    `ufunc '${ufunc}' did not contain a loop with signature matching types (${types.map((t) => `<class 'numpy.dtype[${t}]'>`).join(", ")}) -> None`,
  intNegPow: () => "Integers to negative integer powers are not allowed.",
  readonly: () => "assignment destination is read-only",
  dtype: (x: unknown) => `data type '${String(x)}' not understood`,
  /** A generalized ufunc's core dimension that does not match (`operand`: "Input operand 1", ...). */
  gufuncCore: (ufunc: string, operand: string, dim: number, signature: string, size: number, want: number) =>
    `${ufunc}: ${operand} has a mismatch in its core dimension ${dim}, with gufunc signature ${signature} (size ${size} is different from ${want})`,
  gufuncDims: (ufunc: string, operand: string, has: number, signature: string, needs: number) =>
    `${ufunc}: ${operand} does not have enough dimensions (has ${has}, gufunc core with signature ${signature} requires ${needs})`,
  singular: "Singular matrix",
  eigNotConverged: "Eigenvalues did not converge",
  svdNotConverged: "SVD did not converge",
};

/** NumPy's einsum messages (C front end, then einsum_path's). */
export const einsumMsg = {
  noOperands: "must specify the einstein sum subscripts string and at least one operand, or at least one operand and its corresponding subscripts list",
  noOperandsStr: "must specify the einstein sum subscripts string and at least one operand",
  noOperandsList: "must provide at least an operand and a subscripts list to einsum",
  tooManyOperands: "too many operands",
  moreOperands: "more operands provided to einstein sum function than specified in the subscripts string",
  fewerOperands: "fewer operands provided to einstein sum function than specified in the subscripts string",
  tooManySubscripts: (iop: number) => `einstein sum subscripts string contains too many subscripts for operand ${iop}`,
  badDot: (iop: number) => `einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in operand ${iop}`,
  badDotOut: "einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in the output",
  badChar: (c: string) => `invalid subscript '${c}' in einstein sum subscripts string, subscripts must be letters`,
  noEllipsis: "operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.",
  noEllipsisOut: "output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.",
  outTwice: (c: string) => `einstein sum subscripts string includes output subscript '${c}' multiple times`,
  outNotIn: (c: string) => `einstein sum subscripts string included output subscript '${c}' which never appeared in an input`,
  tooManyOut: "einstein sum subscripts string contains too many subscripts in the output",
  tooManyLabels: "einstein sum subscript string has too many distinct labels",
  tooManyIter: "too many subscripts in einsum",
  noArrow: "einstein sum subscript string does not contain proper '->' output specified",
  outNdim: (has: number, should: number) => `out parameter does not have the correct number of dimensions, has ${has} but should have ${should}`,
  collapseSingle: (c: string, a: number, b: number) => `dimensions in single operand for collapsing index '${c}' don't match (${a} != ${b})`,
  collapse: (iop: number, c: string, a: number, b: number) => `dimensions in operand ${iop} for collapsing index '${c}' don't match (${a} != ${b})`,
  subscriptType: "each subscript must be either an integer or an ellipsis",
  subscriptRange: "subscript is not within the valid range [0, 52)",
  twoEllipses: "each subscripts list may have only one ellipsis",
  notList: "the subscripts for each operand must be a list or a tuple",
  // einsum_path (Python)
  noInput: "No input operands",
  symbol: (c: string) => `Character ${c} is not a valid symbol.`,
  arrows: "Subscripts can only contain one '->'.",
  ellipses: "Invalid Ellipses.",
  ellipsesLength: "Ellipses lengths do not match.",
  outChar: (c: string) => `Output character ${c} did not appear in the input`,
  termCount: "Number of einsum subscripts must be equal to the number of operands.",
  indexCount: (s: string, t: number) => `Einstein sum subscript ${s} does not contain the correct number of indices for operand ${t}.`,
  labelSize: (c: string, t: number, had: number, dim: number) => `Size of label '${c}' for operand ${t} (${had}) does not match previous terms (${dim}).`,
  listType: "For this input type lists must contain either int or Ellipsis",
};

/** NumPy's messages of sorting, searching and set operations. */
export const sortMsg = {
  kind: (k: string) => `sort kind must be one of 'quick', 'heap', or 'stable' (got '${k}')`,
  noFields: "Cannot specify order when the array has no fields.",
  kth: (k: number, n: number) => `kth(=${k}) out of bounds (${n})`,
  kthInt: "Partition index must be integer",
  kthBool: "Booleans unacceptable as partition index",
  partitionKind: (k: string) => `select kind must be 'introselect' (got '${k}')`,
  lexsortKeys: "need sequence of keys with len > 0 in lexsort",
  lexsortShape: "all keys need to be the same shape",
  side: (s: string) => `search side must be 'left' or 'right' (got '${s}')`,
  tooDeep: "object too deep for desired array",
  sorterSize: "sorter.size must equal a.size",
  sorterType: "sorter must only contain integers",
  sorterBounds: "Sorter index out of range.",
  axisNone: "'NoneType' object cannot be interpreted as an integer",
  readonly: (what: "sort" | "partition") => `${what} array is read-only`,
  inKind: (k: string) => `Invalid kind: '${k}'. Please use None, 'sort' or 'table'.`,
  inTable: "The 'table' method is only supported for boolean or integer arrays. Please select 'sort' or None for kind.",
};

/** NumPy's np.fft messages. */
export const fftMsg = {
  points: (n: number) => `Invalid number of FFT data points (${n}) specified.`,
  norm: (norm: unknown) => `Invalid norm value ${String(norm)}; should be "backward","ortho" or "forward".`,
  /** The same check in hfft and ihfft (_swap_direction), worded with a space. */
  normSwap: (norm: unknown) => `Invalid norm value ${String(norm)}; should be "backward", "ortho" or "forward".`,
  shapeAxes: "Shape and axes have different lengths.",
  freqN: "n should be an integer",
};

/** Python's repr of a float, as NumPy's messages print one. */
const pyFloat = (v: number): string =>
  Number.isNaN(v) ? "nan" : !Number.isFinite(v) ? (v > 0 ? "inf" : "-inf") : Number.isInteger(v) ? v.toFixed(1) : String(v);

/** NumPy's histogram, digitize and bincount messages. */
export const histogramMsg = {
  rangeOrder: "max must be larger than min in range parameter.",
  rangeFinite: (kind: "supplied" | "autodetected", a: number, b: number) => `${kind} range of [${pyFloat(a)}, ${pyFloat(b)}] is not finite`,
  estimator: (name: string) => `'${name}' is not a valid estimator for \`bins\``,
  weightedEstimator: "Automated estimation of the number of bins is not supported for weighted data",
  binsType: "`bins` must be an integer, a string, or an array",
  binsPositive: "`bins` must be positive, when an integer",
  binsMonotonic: "`bins` must increase monotonically, when an array",
  bins1d: "`bins` must be 1d, when an array",
  weightsShape: "weights should have the same shape as a.",
  binsDim: "The dimension of bins must be equal to the dimension of the  sample x.",
  rangeDim: "range argument must have one entry per dimension",
  binsDimPositive: (i: number) => `\`bins[${i}]\` must be positive, when an integer`,
  binsDimInteger: (i: number) => `\`bins[${i}]\` must be an integer, when a scalar`,
  binsDimMonotonic: (i: number) => `\`bins[${i}]\` must be monotonically increasing, when an array`,
  binsDimArray: (i: number) => `\`bins[${i}]\` must be a scalar or 1d array`,
  complex: "can't convert complex to float",
  digitizeComplex: "x may not be complex",
  digitizeMonotonic: "bins must be monotonically increasing or decreasing",
  tooDeep: "object too deep for desired array",
  tooShallow: "object of too small depth for desired array",
  negative: "'list' argument must have no negative elements",
  minlength: "'minlength' must not be negative",
  bincountWeights: "The weights and list don't have the same length.",
  boolWeights: "Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with casting rule 'same_kind'",
  castSafe: (d: string) => `Cannot cast array data from dtype('${d}') to dtype('int64') according to the rule 'safe'`,
};

/** NumPy's messages of convolution, interpolation, gradients and polynomials. */
export const signalMsg = {
  mode: (m: string) => `mode must be one of 'valid', 'same', or 'full' (got '${m}')`,
  modeType: "an integer is required",
  aEmpty: "a cannot be empty",
  vEmpty: "v cannot be empty",
  correlateEmpty: "first array argument cannot be empty",
  correlateEmptyV: "second array argument cannot be empty",
  tooDeep: "object too deep for desired array",
  complex: "complex inputs are not supported yet",
  int64: "64-bit integer inputs are not supported yet",
  period: "period must be a non-zero value",
  interpEmpty: "array of sample points is empty",
  interpLength: "fp and xp are not of the same length.",
  interpPeriodLength: "fp and xp are not of the same length",
  interp1d: "Data points must be 1-D sequences",
  tooDeepOr1d: (a: number, b: number) => (a > 1 || b > 1 ? "object too deep for desired array" : "object of too small depth for desired array"),
  distances: "distances must be either scalars or 1d",
  distancesLength: "when 1d, distances must match the length of the corresponding dimension",
  gradientArgs: "invalid number of arguments",
  edgeOrder: "'edge_order' greater than 2 not supported",
  gradientSmall: "Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.",
  degNegative: "expected deg >= 0",
  x1d: "expected 1D vector for x",
  xEmpty: "expected non-empty vector for x",
  y1d2d: "expected 1D or 2D array for y",
  xySameLength: "expected x and y to have same length",
  w1d: "expected a 1-d array for weights",
  wSameLength: "expected w and y to have the same length",
  covPoints: "the number of data points must exceed order to scale the covariance matrix",
  rank1: "Input must be a rank-1 array.",
  derivOrder: "Order of derivative must be positive (see polyint)",
  integOrder: "Order of integral must be positive (see polyder)",
  integK: "k must be a scalar or a rank-1 array of length 1 or >m.",
  i0Complex: "i0 not supported for complex values",
  boolSubtract: "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
};

/** NumPy's messages of its file functions (np.load/save, savez, savetxt, loadtxt, genfromtxt, packbits). */
export const ioMsg = {
  eof: (what: string, want: number, got: number) => `EOF: reading ${what}, expected ${want} bytes got ${got}`,
  magic: (want: string, got: string) => `the magic string is not correct; expected ${want}, got ${got}`,
  version: (major: number, minor: number) => `we only support format version (1,0), (2,0), and (3,0), not (${major}, ${minor})`,
  headerSize: (n: number) => `Header info length (${n}) is large and may not be safe to load securely.\nTo allow loading, adjust \`max_header_size\` or fully trust the \`.npy\` file using \`allow_pickle=True\`.\nFor safety against large resource use or crashes, sandboxing may be necessary.`,
  headerParse: (repr: string) => `Cannot parse header: ${repr}`,
  headerNotDict: (repr: string) => `Header is not a dictionary: ${repr}`,
  headerKeys: (reprs: readonly string[]) => `Header does not contain the correct keys: [${reprs.join(", ")}]`,
  shape: (repr: string) => `shape is not valid: ${repr}`,
  fortranOrder: (repr: string) => `fortran_order is not a valid bool: ${repr}`,
  descr: (repr: string) => `descr is not a valid dtype descriptor: ${repr}`,
  objectArrays: "Object arrays cannot be loaded when allow_pickle=False",
  shortData: (shape: string, count: number, got: number) => `Failed to read all data for array. Expected ${shape} = ${count} elements, could only read ${got} elements. (file seems not fully written?)`,
  noData: "No data left in file",
  pickled: "This file contains pickled (object) data. If you trust the file you can load it unsafely using the `allow_pickle=` keyword argument or `pickle.load()`.",
  notPickle: (file: string) => `Failed to interpret file ${file} as a pickle`,
  memmapShape: () => "shape must be given if mode == 'w+'",
  memmapSize: () => "Size of available data is not a multiple of the data-type size.",
  memmapLength: () => "mmap length is greater than file size",
  negativeDims: () => "negative dimensions are not allowed",
  /** numfuse's memmaps over the budget: NumPy's wording for a failed allocation, and why. */
  memmapBudget: (size: string, shape: string, dtype: string, budget: string, what: string) =>
    `Unable to allocate ${size} for an array with shape ${shape} and data type ${dtype}: a memmap over np.config({ memmapBudget }) (${budget}) stays in its file, and ${what}`,
  mmapMode: (got: string) => `mode must be one of ['r', 'c', 'r+', 'w+', 'readonly', 'copyonwrite', 'readwrite', 'write'] (got ${got})`,
  npzKey: (key: string) => `${key} is not a file in the archive`,
  unnamed: (name: string) => `Cannot use un-named variables and keyword ${name}`,
  savetxtDims: (ndim: number) => `Expected 1D or 2D array, got ${ndim}D array instead`,
  fmtShape: (repr: string) => `fmt has wrong shape.  ${repr}`,
  fmtCount: (fmt: string) => `fmt has wrong number of % formats:  ${fmt}`,
  fmtInvalid: (repr: string) => `invalid fmt: ${repr}`,
  fmtMismatch: (dtype: string, fmt: string) => `Mismatch between array dtype ('${dtype}') and format specifier ('${fmt}')`,
  fname: "fname must be a string or file handle",
  fnameRead: (type: string) => `fname must be a string, filehandle, list of strings,\nor generator. Got ${type} instead.`,
  emptyComment: "comments cannot be an empty string. Use comments=None to disable comments.",
  commentDelimiter: (comments: string, delimiter: string) => `Comment characters '${comments}' cannot include the delimiter '${delimiter}'`,
  ndmin: (ndmin: number) => `Illegal value of ndmin keyword: ${ndmin}`,
  nonneg: "argument must be nonnegative",
  controlChar: (repr: string) => `Text reading control character must be a single unicode character or None; but got: ${repr}`,
  quoteComments: "when multiple comments or a multi-character comment is given, quotes are not supported.  In this case quotechar must be set to None.",
  usecolsType: (type: string) => `usecols must be an int or a sequence of ints but it contains at least one element of type '${type}'`,
  usecol: (c: number, row: number, n: number) => `invalid column index ${c} at row ${row} with ${n} columns`,
  columnsChanged: (from: number, to: number, row: number) => `the number of columns changed from ${from} to ${to} at row ${row}; use \`usecols\` to select a subset and avoid this error`,
  convert: (s: string, dtype: string, row: number, col: number) => `could not convert string '${s}' to ${dtype} at row ${row}, column ${col}.`,
  footerMaxRows: "The keywords 'skip_footer' and 'max_rows' can not be specified at the same time.",
  genfromtxtErrors: (lines: readonly [number, number][], ncol: number) =>
    ["Some errors were detected !", ...lines.map(([line, got]) => `    Line #${line} (got ${got} columns instead of ${ncol})`)].join("\n"),
  bitorder: "'order' must be either 'little' or 'big'",
  packType: "Expected an input array of integer or boolean data type",
  unpackType: "Expected an input array of unsigned byte data type",
  countLarge: "-count larger than number of elements",
  offsetText: "'offset' argument only permitted for binary files",
  unmatched: "string or file could not be read to its end due to unmatched data",
  charFiles: "Unable to read character files of that array type",
};

/** NumPy's np.random messages (Generator and RandomState; _generator.pyx, _common.pyx, _bounded_integers.pyx.in). */
export const randomMsg = {
  outNotArray: "out must be a numpy array",
  outLayout: "Supplied output array must be contiguous, writable, aligned, and in machine byte-order.",
  outSize: "size must match out.shape when used together",
  invalidBitGenerator: "Invalid bit generator. The bit generator must be instantiated.",
  nChildren: "n_children must be non-negative",
  noSpawn: "The underlying SeedSequence does not implement spawning.",
  expMethod: "method must be either 'inv' or 'zig'",
  uniformRange: "high - low range exceeds valid bounds",
  uniformRangeArray: "Range exceeds valid bounds",
  leftMode: "left > mode",
  modeRight: "mode > right",
  leftRight: "left == right",
  negBinomialLarge: "n too large or p too small, see Generator.negative_binomial Notes",
  hypergeomSample: "ngood + nbad < nsample",
  mvhgNsampleInt: "nsample must be an integer",
  mvhgNsampleNeg: "nsample must be nonnegative.",
  mvhgNsampleTotal: "nsample > sum(colors)",
  pvalsDim: "pvals must have at least 1 dimension and the last dimension of pvals must be greater than 0.",
  alphaNeg: "alpha < 0",
  mvnMethod: "method must be one of {'eigh', 'svd', 'cholesky'}",
  mvnComplex: "mean and cov must not be complex",
  mvnMean1d: "mean must be 1 dimensional",
  mvnCovSquare: "cov must be 2 dimensional and square",
  mvnLength: "mean and cov must have same length",
  mvnCheckValid: "check_valid must equal 'warn', 'raise', or 'ignore'",
  mvnNotPsd: "covariance is not symmetric positive-semidefinite.",
  choicePositive: "a must be a positive integer unless no samples are taken",
  choiceEmpty: "a cannot be empty unless no samples are taken",
  choiceP1d: "p must be 1-dimensional",
  choicePSize: "a and p must have same size",
  probNaN: "Probabilities contain NaN",
  probNegative: "Probabilities are not non-negative",
  probSum: "Probabilities do not sum to 1. See Notes section of docstring for more information.",
  choiceTooLarge: "Cannot take a larger sample than population when replace is False",
  negativeDims: "negative dimensions are not allowed",
  choiceFewNonzero: "Fewer non-zero entries in p than size",
  readOnly: "array is read-only",
  shuffleAxis: "Axis argument is only supported on ndarray objects",
  outReadOnly: "output array is read-only",
  permutedOutShape: "out must have the same shape as x",
  mvhgMethod: 'method must be "count" or "marginals".',
  mvhgMarginalsTotal: 'When method is "marginals", sum(colors) must be less than 1000000000.',
  unsupportedDType: (name: string, fn: string) => `Unsupported dtype dtype('${name}') for ${fn}`,
  outDType: (want: string, got: string) => `Supplied output array has the wrong type. Expected ${want}, got ${got}`,
  lowBounds: (dtype: string) => `low is out of bounds for ${dtype}`,
  highBounds: (dtype: string) => `high is out of bounds for ${dtype}`,
  outputSize: (size: readonly number[], bshape: readonly number[]) =>
    `Output size ${pyTuple(size)} is not compatible with broadcast dimensions of inputs ${pyTuple(bshape)}.`,
  hypergeomMax: (max: number) => `both ngood and nbad must be less than ${max}`,
  mvhgColors: "colors must be a one-dimensional sequence of nonnegative integers not exceeding 9223372036854775807.",
  pvalsSum: (ndim: number) => `sum(pvals${ndim === 1 ? "[:-1]" : "[...,:-1]"}) > 1.0`,
  choiceA: (type: string) => `a must be a sequence or an integer, not <class '${type}'>`,
  shapeMismatch: (i: number, a: readonly number[], j: number, b: readonly number[]) =>
    `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg ${i} with shape ${pyTuple(a)} and arg ${j} with shape ${pyTuple(b)}.`,
};

/** A shape as Python prints a tuple: (3,) and (2, 3). */
const pyTuple = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/**
 * JAX's ConcretizationTypeError: np.jit traced a function and the function asked for the
 * value of an abstract (traced) array, which has a shape and dtype but no data yet.
 */
export class ConcretizationTypeError extends globalThis.TypeError {}
named(ConcretizationTypeError, "ConcretizationTypeError");
