// np.vectorize's `signature`: a generalized ufunc over core sub-arrays, as NumPy's
// _vectorize_call_with_signature loops it (loop dimensions broadcast, core dimensions
// checked for consistency, outputs stacked), with NumPy's errors.

import { NDArray } from "./ndarray.js";
import { array, asarray } from "./creation.js";
import { broadcastShapes } from "./broadcast.js";
import { broadcastTo } from "./shape.js";
import { stack } from "./join.js";
import type { DType } from "./dtype.js";
import { TypeError, ValueError } from "../runtime/errors.js";
import { arrayNotes } from "./explain.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => unknown;

export interface Signature { readonly text: string; readonly ins: readonly (readonly string[])[]; readonly outs: readonly (readonly string[])[] }
const DIMLIST = String.raw`\((?:\w+(?:,\s*\w+)*)?\)`;
const ARGLIST = String.raw`${DIMLIST}(?:,\s*${DIMLIST})*`;
const SIGNATURE = new RegExp(String.raw`^\s*${ARGLIST}\s*->\s*${ARGLIST}\s*$`);

/** Parses "(n),(n)->()" into core dimension names per input and output. */
export function parseSignature(s: string): Signature {
  if (typeof s !== "string" || s.length > 1000 || !SIGNATURE.test(s)) throw new ValueError(`not a valid gufunc signature: ${s}`);
  const side = (t: string) => [...t.matchAll(/\(([^)]*)\)/g)].map((m) => m[1].split(",").map((d) => d.trim()).filter((d) => d !== ""));
  const [l, r] = s.split("->");
  return { text: s, ins: side(l), outs: side(r) };
}
const pyTuple = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(", ")}${xs.length === 1 ? "," : ""})`;

function updateDims(sizes: Map<string, number>, a: NDArray, core: readonly string[]): void {
  if (core.length === 0) return;
  if (a.ndim < core.length) throw new ValueError(`${a.ndim}-dimensional argument does not have enough dimensions for all core dimensions ${pyTuple(core)}`);
  core.forEach((dim, k) => {
    const size = a.shape[a.ndim - core.length + k];
    const had = sizes.get(dim);
    if (had !== undefined && had !== size) throw new ValueError(`inconsistent size for core dimension '${dim}': ${size} vs ${had}`);
    sizes.set(dim, size);
  });
}

/** NumPy's _vectorize_call_with_signature: loop dims broadcast, fn sees core sub-arrays. */
export function gufunc(fn: Fn, sig: Signature, args: readonly unknown[], excluded: Set<number>, otypes: DType[] | null): NDArray | NDArray[] {
  const vecIdx = args.map((_, i) => i).filter((i) => !excluded.has(i));
  if (vecIdx.length !== sig.ins.length) throw new TypeError(`wrong number of positional arguments: expected ${sig.ins.length}, got ${vecIdx.length}`);
  const arrs = vecIdx.map((i) => (args[i] instanceof NDArray ? (args[i] as NDArray) : asarray(args[i])));
  const sizes = new Map<string, number>();
  arrs.forEach((a, k) => updateDims(sizes, a, sig.ins[k]));
  const loop = broadcastShapes(...arrs.map((a, k) => a.shape.slice(0, a.ndim - sig.ins[k].length)));
  const n = loop.reduce((a, b) => a * b, 1);
  if (n === 0 && !otypes) throw new ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set");
  const full = arrs.map((a, k) => broadcastTo(a, [...loop, ...a.shape.slice(a.ndim - sig.ins[k].length)]));
  const nout = sig.outs.length;
  const outs: NDArray[][] = Array.from({ length: nout }, () => []);
  const idx = loop.map(() => 0);
  for (let it = 0; it < n; it++) {
    const call = args.slice();
    vecIdx.forEach((i, k) => { call[i] = loop.length ? full[k].get(idx.slice()) : full[k]; });
    const r = fn(...call);
    const rs = nout === 1 ? [r] : Array.isArray(r) && r.length === nout ? r : null;
    if (rs === null || (nout === 1 && Array.isArray(r) && !(r instanceof NDArray) && sig.outs[0].length === 0))
      throw new ValueError(`wrong number of outputs from pyfunc: expected ${nout}, got ${Array.isArray(r) ? r.length : 1}`);
    rs.forEach((x, j) => {
      const a = x instanceof NDArray ? x : asarray(x);
      updateDims(sizes, a, sig.outs[j]);
      if (a.ndim !== sig.outs[j].length) throw new ValueError("setting an array element with a sequence.");
      outs[j].push(a);
    });
    for (let d = loop.length - 1; d >= 0; d--) { if (++idx[d] < loop[d]) break; idx[d] = 0; }
  }
  const build = (j: number): NDArray => {
    const core = sig.outs[j].map((d) => {
      const s = sizes.get(d);
      if (s === undefined) throw new ValueError(`cannot call \`vectorize\` with a signature including new output dimensions on size 0 inputs`);
      return s;
    });
    if (n === 0) return array([], { dtype: otypes![j] }).reshape([...loop, ...core]);
    const stacked = stack(outs[j]).reshape([...loop, ...core]);
    return otypes ? stacked.astype(otypes[j]) : stacked;
  };
  const res = Array.from({ length: nout }, (_, j) => build(j));
  const note = "np.vectorize: per-element call: a signature calls the function on core sub-arrays";
  res.forEach((r) => arrayNotes.set(r, note));
  return nout === 1 ? res[0] : res;
}
