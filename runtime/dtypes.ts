// Storage facts about each dtype: what holds its elements and how wide an element is.
// The lowest layer: the compiler and the API build on these ids.

export type DTypeId =
  | "bool" | "int8" | "int16" | "int32" | "int64"
  | "uint8" | "uint16" | "uint32" | "uint64"
  | "float32" | "float64" | "complex64" | "complex128" | "str"
  /** structured (record) dtypes: their fields are stored as arrays of their own (src/structured) */
  | "void";

export type TypedArray =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** The JS container of one array's elements: a typed array, or a plain array of strings. */
export type Elements = TypedArray | string[];

interface TypedArrayCtor {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  BYTES_PER_ELEMENT: number;
}

export interface StorageInfo {
  /** Constructor of the typed array (null for strings). */
  ctor: TypedArrayCtor | null;
  /** Bytes per element (complex: both halves; str: per character, 4 as UCS-4). */
  itemsize: number;
  /** Typed-array slots per element: 2 for complex (interleaved re, im), else 1. */
  lanes: number;
}

export const STORAGE: Record<DTypeId, StorageInfo> = {
  bool: { ctor: Uint8Array, itemsize: 1, lanes: 1 },
  int8: { ctor: Int8Array, itemsize: 1, lanes: 1 },
  int16: { ctor: Int16Array, itemsize: 2, lanes: 1 },
  int32: { ctor: Int32Array, itemsize: 4, lanes: 1 },
  int64: { ctor: BigInt64Array, itemsize: 8, lanes: 1 },
  uint8: { ctor: Uint8Array, itemsize: 1, lanes: 1 },
  uint16: { ctor: Uint16Array, itemsize: 2, lanes: 1 },
  uint32: { ctor: Uint32Array, itemsize: 4, lanes: 1 },
  uint64: { ctor: BigUint64Array, itemsize: 8, lanes: 1 },
  float32: { ctor: Float32Array, itemsize: 4, lanes: 1 },
  float64: { ctor: Float64Array, itemsize: 8, lanes: 1 },
  complex64: { ctor: Float32Array, itemsize: 8, lanes: 2 },
  complex128: { ctor: Float64Array, itemsize: 16, lanes: 2 },
  str: { ctor: null, itemsize: 4, lanes: 1 },
  void: { ctor: null, itemsize: 1, lanes: 1 },
};

/** The class of JS value an element is computed as in a kernel. */
export type ValueClass = "b" | "i" | "I" | "f" | "c" | "U";

export function valueClass(d: DTypeId): ValueClass {
  switch (d) {
    case "bool": return "b";
    case "int64": case "uint64": return "I";
    case "float32": case "float64": return "f";
    case "complex64": case "complex128": return "c";
    case "str": return "U";
    default: return "i";
  }
}

export const isComplexId = (d: DTypeId) => d === "complex64" || d === "complex128";
export const isBigId = (d: DTypeId) => d === "int64" || d === "uint64";
