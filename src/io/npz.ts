// np.save / np.load / np.savez / np.savezCompressed: .npy files and .npz zip archives of them.

import { KeyError, TypeError, ValueError, ioMsg } from "../../runtime/errors.js";
import { NDArray } from "../ndarray.js";
import { asarray } from "../creation.js";
import { isOptions } from "../join.js";
import { npyBytes, readNpy, MAGIC } from "./npy.js";
import { deflateRaw, inflateRawAsync, loadZlib, readZipDirectory, readZipMember, writeZip, type ZipEntry, type ZipMember } from "./zip.js";
import { readFileArg, reprPath, withExtension, writePath, isPath, type PathLike } from "./files.js";
import { loadMemmap, type MemmapMode } from "./memmap.js";

export interface SaveOptions { allowPickle?: boolean }
export interface LoadOptions { mmapMode?: "r" | "r+" | "w+" | "c" | null; allowPickle?: boolean }

/**
 * `np.save(file, arr)`: writes `arr` as a .npy file (".npy" is appended to a path that
 * lacks it), byte for byte as NumPy does. `np.save(null, arr)` resolves to the file's bytes
 * instead (any runtime). Example: `await np.save("a.npy", np.arange(3))`.
 */
export async function save(file: PathLike | null, arr: unknown, opts: boolean | SaveOptions = {}): Promise<Uint8Array | undefined> {
  void opts; // numfuse has no object arrays: nothing is ever pickled
  const bytes = npyBytes(asarray(arr));
  if (file === null || file === undefined) return bytes;
  if (!isPath(file)) throw new TypeError("file must be a path (string or URL), or null for the bytes");
  await writePath(withExtension(file, ".npy"), bytes);
  return undefined;
}

/** A loaded .npz archive: `files` (member names without ".npy") and `get(name)` (read when asked). */
export class NpzFile {
  /** The members' names, ".npy" removed. */
  readonly files: string[];
  private entries = new Map<string, ZipEntry>();

  /** @internal use `np.load` */
  constructor(private readonly bytes: Uint8Array, private readonly allowPickle: boolean, private readonly inflated: Map<string, Uint8Array>) {
    const list = readZipDirectory(bytes);
    this.files = list.map((e) => (e.name.endsWith(".npy") ? e.name.slice(0, -4) : e.name));
    list.forEach((e, i) => this.entries.set(this.files[i], e));
  }

  /** The array stored under `key` (".npy" optional); members that are not .npy files come back as bytes. */
  get(key: string): NDArray | Uint8Array {
    const name = this.entries.has(key) ? key : key.endsWith(".npy") && this.entries.has(key.slice(0, -4)) ? key.slice(0, -4) : null;
    if (name === null) throw new KeyError(ioMsg.npzKey(key));
    const e = this.entries.get(name)!;
    const data = this.inflated.get(e.name) ?? readZipMember(this.bytes, e);
    const isNpy = e.name.endsWith(".npy") && MAGIC.every((c, i) => data[i] === c);
    return isNpy ? readNpy(data, this.allowPickle) : data;
  }
  /** Whether the archive holds `key`. */
  has(key: string): boolean { return this.entries.has(key) || (key.endsWith(".npy") && this.entries.has(key.slice(0, -4))); }
  /** The names, as `files`. */
  keys(): string[] { return [...this.files]; }
  /** [name, value] pairs (every member read). */
  *[Symbol.iterator](): Iterator<[string, NDArray | Uint8Array]> { for (const f of this.files) yield [f, this.get(f)]; }
  /** Nothing to release (the archive is held in memory); kept for NumPy's API. */
  close(): void {}
}


const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((c, i) => b[i] === c);
const MMAP_MODES: Record<string, MemmapMode> = { r: "r", readonly: "r", "r+": "r+", readwrite: "r+", "w+": "w+", write: "w+", c: "c", copyonwrite: "c" };

/** Whether a file starts with .npy's magic (read from its first bytes only). */
async function isNpyFile(p: PathLike): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const fh = await open(p, "r");
  try {
    const head = new Uint8Array(MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return bytesRead === MAGIC.length && startsWith(head, [...MAGIC]);
  } finally { await fh.close(); }
}

/**
 * `np.load(file, { mmapMode, allowPickle })`: the array in a .npy file, or an `NpzFile` for
 * a .npz archive. `file` is a path or the bytes (ArrayBuffer / Uint8Array). Arrays are native
 * little-endian: a '>i4' file loads as int32 (`dtype.str` '<i4') with its values right; float16
 * loads as float32 and byte strings ('S5') as 'U5'. Fortran-ordered files load F-contiguous.
 * With `mmapMode` ('r', 'r+', 'c') a .npy path loads as an `np.memmap` of its data (see memmap:
 * large files stay on disk); bytes given with 'r' load read-only.
 * Example: `const a = await np.load("a.npy")`.
 */
export async function load(file: PathLike | ArrayBuffer | ArrayBufferView, ...args: unknown[]): Promise<NDArray | NpzFile> {
  const o: LoadOptions = isOptions(args[args.length - 1]) ? (args.pop() as LoadOptions) : {};
  const mmapMode = args[0] ?? o.mmapMode ?? null, allowPickle = Boolean(args[1] ?? o.allowPickle ?? false);
  if (mmapMode !== null && !["r", "r+", "w+", "c", "readonly", "readwrite", "write", "copyonwrite"].includes(String(mmapMode)))
    throw new ValueError(ioMsg.mmapMode(JSON.stringify(mmapMode)));
  const mode = mmapMode === null ? null : MMAP_MODES[String(mmapMode)];
  // a .npy path with mmapMode is mapped, not read: its header says where the elements are
  if (mode && isPath(file) && (await isNpyFile(file))) {
    const m = await loadMemmap(file, mode);
    if (m) return m;
  }
  const bytes = await readFileArg(file);
  if (bytes.length === 0) throw new ValueError(ioMsg.noData);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const inflated = new Map<string, Uint8Array>();
    const zlib = await loadZlib();
    if (!zlib) {
      // no synchronous inflate here: deflated members are inflated now
      for (const e of readZipDirectory(bytes)) if (e.method === 8) inflated.set(e.name, await inflateRawAsync(bytes.subarray(e.dataOffset, e.dataOffset + e.csize)));
    }
    return new NpzFile(bytes, allowPickle, inflated);
  }
  if (startsWith(bytes, [...MAGIC])) {
    // bytes the caller holds: 'r' is read-only, 'c' a private copy, as a map of them would be
    if (mode === "r+" || mode === "w+") throw new ValueError("Filename must be a string or a path-like object.  Memmap cannot use existing file handles.");
    const a = readNpy(bytes, allowPickle);
    if (mode === "r") a._writeable = false;
    return a;
  }
  if (!allowPickle)
    throw new ValueError(ioMsg.pickled);
  throw new ValueError(ioMsg.notPickle(isPath(file) ? reprPath(file) : "<bytes>"));
}

/** The members of a savez call: positional arrays as arr_0, arr_1, ..., then named ones. */
function membersOf(args: unknown[]): { name: string; arr: NDArray }[] {
  const list = [...args];
  const named = list.length && isOptions(list[list.length - 1]) ? (list.pop() as Record<string, unknown>) : {};
  // NumPy's order: the named arrays, then the positional ones
  const out = Object.entries(named).filter(([k, v]) => !(k === "allowPickle" && typeof v === "boolean")).map(([k, v]) => ({ name: k, arr: asarray(v) }));
  list.forEach((a, i) => {
    const name = `arr_${i}`;
    if (out.some((m) => m.name === name)) throw new ValueError(ioMsg.unnamed(name));
    out.push({ name, arr: asarray(a) });
  });
  return out;
}

async function savezWith(file: PathLike | null, args: unknown[], compress: boolean): Promise<Uint8Array | undefined> {
  const members: ZipMember[] = [];
  for (const { name, arr } of membersOf(args)) {
    const data = npyBytes(arr);
    members.push({ name: `${name}.npy`, data, compressed: compress ? await deflateRaw(data) : null });
  }
  const bytes = writeZip(members);
  if (file === null || file === undefined) return bytes;
  if (!isPath(file)) throw new TypeError("file must be a path (string or URL), or null for the bytes");
  await writePath(withExtension(file, ".npz"), bytes);
  return undefined;
}

/**
 * `np.savez(file, ...arrays, { name: array })`: an uncompressed .npz archive (positional
 * arrays are named arr_0, arr_1, ...; ".npz" is appended to a path that lacks it).
 * `np.savez(null, ...)` resolves to the archive's bytes. Example: `await np.savez("p.npz", { x, y })`.
 */
export async function savez(file: PathLike | null, ...args: unknown[]): Promise<Uint8Array | undefined> {
  return savezWith(file, args, false);
}

/** `np.savezCompressed(file, ...arrays, { name: array })`: as `savez`, members deflated. */
export async function savezCompressed(file: PathLike | null, ...args: unknown[]): Promise<Uint8Array | undefined> {
  return savezWith(file, args, true);
}
