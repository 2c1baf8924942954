// Where file functions get and put their bytes: paths through Node's fs (loaded on first
// use, so bundles for browsers never need it), or bytes the caller holds.

import { TypeError } from "../../runtime/errors.js";

/** A file argument: a path (string or file: URL). */
export type PathLike = string | URL;
/** Bytes a caller holds. */
export type BytesLike = ArrayBuffer | ArrayBufferView;

type Fs = typeof import("node:fs/promises");
let fs: Promise<Fs> | null = null;
async function nodeFs(): Promise<Fs> {
  fs ??= import("node:fs/promises").catch(() => { throw new TypeError("file paths need Node's fs; pass bytes instead"); });
  return fs;
}

/** The Uint8Array over bytes-like input, or null when `x` is not bytes. */
export function asBytes(x: unknown): Uint8Array | null {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && x instanceof SharedArrayBuffer)) return new Uint8Array(x);
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return null;
}

export const isPath = (x: unknown): x is PathLike => typeof x === "string" || x instanceof URL;

/** Python's repr of a file name, as NumPy's messages quote it. */
export const reprPath = (p: PathLike): string => `'${String(p instanceof URL ? p.pathname : p)}'`;

/** Reads a whole file. */
export async function readPath(p: PathLike): Promise<Uint8Array> {
  const f = await nodeFs();
  return f.readFile(p); // a missing file rejects with Node's ENOENT error (Python's FileNotFoundError)
}

/** Writes (replaces) a whole file. */
export async function writePath(p: PathLike, bytes: Uint8Array | string): Promise<void> {
  const f = await nodeFs();
  await f.writeFile(p, bytes);
}

/** Appends to a path the extension NumPy adds when it is missing (np.save: .npy, np.savez: .npz). */
export function withExtension(p: PathLike, ext: string): PathLike {
  if (p instanceof URL) return p.pathname.endsWith(ext) ? p : new URL(p.href + ext);
  return p.endsWith(ext) ? p : p + ext;
}

/** Reads a file argument: a path, or bytes the caller holds. */
export async function readFileArg(file: unknown): Promise<Uint8Array> {
  const b = asBytes(file);
  if (b) return b;
  if (isPath(file)) return readPath(file);
  throw new TypeError(`expected str, bytes or os.PathLike object, not ${file === null ? "NoneType" : typeof file}`);
}
