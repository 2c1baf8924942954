// Raw files: np.fromfile and ndarray.tofile (binary elements in C order, or text items
// joined by a separator), with no header.

import { TypeError, ValueError, ioMsg } from "../../runtime/errors.js";
import { type DTypeLike } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { array, flatValues } from "../creation.js";
import { argsOf } from "../join.js";
import { arrayBytes, arrayFromBytes } from "./bytes.js";
import { elementFormatOf, storedItemsize } from "./npy.js";
import { readFileArg, isPath, writePath, type PathLike } from "./files.js";
import { parseFloatPy } from "./text.js";
import { floatRepr, pyFormat, type PyScalar } from "./pyformat.js";

export interface FromfileOptions { dtype?: DTypeLike; count?: number; sep?: string; offset?: number }

/**
 * `np.fromfile(file, { dtype = float64, count = -1, sep = "", offset = 0 })`: a 1-D array of
 * the raw elements of a file (a path, or bytes), or of its text items when `sep` is given
 * (whitespace in `sep` matches any whitespace). Example: `await np.fromfile("a.dat", { dtype: "int32" })`.
 */
export async function fromfile(file: PathLike | ArrayBuffer | ArrayBufferView, ...args: unknown[]): Promise<NDArray> {
  const o = argsOf(["dtype", "count", "sep", "offset"], args) as FromfileOptions;
  const fmt = elementFormatOf(o.dtype ?? "float64"), d = fmt.dtype;
  const count = o.count ?? -1, sep = o.sep ?? "", offset = o.offset ?? 0;
  const bytes = await readFileArg(file);
  if (sep === "") {
    if (offset < 0 || offset > bytes.length) throw new ValueError(`offset must be non-negative and no greater than file size (${bytes.length})`);
    const size = storedItemsize(fmt), avail = Math.floor((bytes.length - offset) / size);
    const n = count < 0 ? avail : Math.min(count, avail);
    return arrayFromBytes(bytes.subarray(offset, offset + n * size), fmt, [n]);
  }
  if (offset !== 0) throw new TypeError(ioMsg.offsetText);
  const text = new TextDecoder().decode(bytes);
  // the separator's whitespace matches any run of whitespace (or none)
  const parts = sep.trim() === "" ? text.trim().split(/\s+/) : text.split(new RegExp(`\\s*${sep.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*`));
  const values: unknown[] = [];
  for (let i = 0; i < parts.length && (count < 0 || values.length < count); i++) {
    const t = parts[i].trim();
    // a separator may end the text; anything else that does not parse is an error in NumPy 2
    if (t === "" && parts.slice(i).every((p) => p.trim() === "")) break;
    let v: unknown;
    if (d.kind === "f" || d.kind === "c") v = parseFloatPy(t) ?? undefined;
    else if (d.kind === "b" || d.kind === "i" || d.kind === "u") {
      if (/^[+-]?\d+$/.test(t)) v = d.kind === "b" ? BigInt(t) !== 0n : d.isBig ? BigInt(t) : Number(t);
    } else throw new ValueError(ioMsg.charFiles);
    if (v === undefined) throw new ValueError(ioMsg.unmatched);
    values.push(v);
  }
  return values.length ? array(values, d) : array([], d);
}

/** Python's str of a complex: '(1+2j)', '2j', '(1.5-0j)' (parts without a forced '.0'). */
function complexStr(c: { re: number; im: number }, single: boolean): string {
  const part = (x: number) => floatRepr(x, single).replace(/\.0(?=$|e)/, "");
  if (c.re === 0 && !Object.is(c.re, -0)) return `${part(c.im)}j`;
  const im = part(c.im);
  return `(${part(c.re)}${im.startsWith("-") ? "" : "+"}${im}j)`;
}

/** Python's str of each element, as `tofile(sep)` writes it with the default format "%s". */
function itemsText(a: NDArray, sep: string, format: string): string {
  const d = a.dtype, name = d.kind === "U" ? "str_" : d.id;
  return flatValues(a).map((v) => {
    if (d.kind === "c") return complexStr(v as { re: number; im: number }, d.id === "complex64");
    return pyFormat(format, [{ kind: d.kind === "b" ? "b" : (d.kind as PyScalar["kind"]), v: v as PyScalar["v"], single: d.id === "float32", name }]);
  }).join(sep);
}

/**
 * `a.tofile(fid, { sep = "", format = "%s" })`: writes the elements in C order, as raw bytes
 * (sep "") or as text items joined by `sep`. Resolves when the file is written.
 */
export async function tofile(a: NDArray, fid: PathLike, ...args: unknown[]): Promise<void> {
  const o = argsOf(["sep", "format"], args) as { sep?: string; format?: string };
  if (!isPath(fid)) throw new TypeError("file must be a path (string or URL)");
  const sep = o.sep ?? "";
  if (sep === "") await writePath(fid, arrayBytes(a, "C"));
  else await writePath(fid, itemsText(a, sep, o.format ?? "%s"));
}

Object.defineProperty(NDArray.prototype, "tofile", {
  value: function (this: NDArray, fid: PathLike, ...args: unknown[]) { return tofile(this, fid, ...args); },
  writable: true, configurable: true,
});
