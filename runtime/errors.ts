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
};
