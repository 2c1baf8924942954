// Index tricks: flat <-> multi-dimensional indices (unravelIndex, ravelMultiIndex), open
// and dense grids (ix, mgrid, ogrid), iteration (nditer, ndindex, ndenumerate), and
// functions applied over axes (applyAlongAxis, applyOverAxes).

import { cStrides, fStrides, sizeOf, type Layout } from "../compiler/ir.js";
import { storageFromValues, asarray, arange, flatValues } from "./creation.js";
import { TypeError, ValueError, msg } from "../runtime/errors.js";
import { dt } from "./dtype.js";
import { broadcastShapes, normAxis } from "./broadcast.js";
import { NDArray, fromBuffer, readAt } from "./ndarray.js";
import { argsOf, broadcastOrThrow, intArg, stack } from "./join.js";
import { broadcastTo, expandDims, reshape, transpose } from "./shape.js";
import { Slice } from "./indexing.js";
import { checkMode, intArray, nonzero, underMode } from "./select.js";

// ---- flat and multi-dimensional indices -----------------------------------------------------

const shapeOf = (s: number | readonly number[]): number[] => (typeof s === "number" ? [s] : [...s]).map(intArg);

/** Integer index values (TypeError "only int indices permitted" otherwise). */
function intIndexValues(x: unknown): { values: number[]; shape: number[] } {
  const a = Array.isArray(x) && x.length === 0 ? asarray([], "int32") : asarray(x);
  if (a.dtype.kind !== "i" && a.dtype.kind !== "u" && a.dtype.kind !== "b") throw new TypeError("only int indices permitted");
  return { values: flatValues(a).map(Number), shape: [...a.shape] };
}

/**
 * `np.unravelIndex(indices, shape, order = "C")`: the multi-index of each flat index, one
 * int32 array per axis. Example: `np.unravelIndex([22, 41], [7, 6])`.
 */
export function unravelIndex(indices: unknown, shape: number | readonly number[], order: "C" | "F" | { order?: "C" | "F" } = "C"): NDArray[] {
  const ord = typeof order === "object" ? order.order ?? "C" : order;
  if (ord !== "C" && ord !== "F") throw new ValueError("only 'C' or 'F' order is permitted");
  const dims = shapeOf(shape);
  const { values, shape: ishape } = intIndexValues(indices);
  const size = sizeOf(dims);
  const out = dims.map(() => new Int32Array(values.length));
  const st = ord === "C" ? cStrides(dims) : fStrides(dims);
  values.forEach((v, j) => {
    if (v < 0 || v >= size) throw new ValueError(`index ${v} is out of bounds for array with size ${size}`);
    dims.forEach((n, d) => (out[d][j] = Math.floor(v / st[d]) % n));
  });
  return out.map((o) => intArray(o, ishape));
}

/**
 * `np.ravelMultiIndex(multiIndex, dims, mode = "raise", order = "C")`: flat indices of
 * multi-indices (broadcast). `mode` ("raise", "wrap", "clip") may be given per axis.
 */
export function ravelMultiIndex(multiIndex: readonly unknown[], dims: number | readonly number[], ...args: unknown[]): NDArray {
  const o = argsOf(["mode", "order"], args);
  const shape = shapeOf(dims);
  if (multiIndex.length !== shape.length) throw new ValueError(`parameter multi_index must be a sequence of length ${shape.length}`);
  const modes = (Array.isArray(o.mode) ? o.mode : shape.map(() => o.mode)).map(checkMode);
  const idx = multiIndex.map(intIndexValues);
  const bshape = broadcastOrThrow(idx.map((x) => x.shape));
  const n = sizeOf(bshape);
  const st = (o.order ?? "C") === "F" ? fStrides(shape) : cStrides(shape);
  const out = new Int32Array(n);
  idx.forEach((x, d) => {
    const vals = broadcastTo(intArray(new Int32Array(x.values), x.shape), bshape);
    const flatVals = flatValues(vals) as number[];
    const m = shape[d];
    for (let j = 0; j < n; j++) {
      const v = underMode(flatVals[j], m, modes[d]);
      if (v === null) throw new ValueError("invalid entry in coordinates array");
      out[j] += v * st[d];
    }
  });
  return intArray(out, bshape);
}

/**
 * `np.ix(...seqs)` (NumPy's `ix_`): open-mesh index arrays, each 1-D input along its own
 * axis. Example: `a.get(np.ix([0, 2], [1, 3]))`.
 */
export function ix(...args: unknown[]): NDArray[] {
  const nd = args.length;
  return args.map((x, k) => {
    let a = x instanceof NDArray ? x : Array.isArray(x) && x.length === 0 ? asarray([], "int32") : asarray(x);
    if (a.ndim !== 1) throw new ValueError("Cross index must be 1 dimensional");
    if (a.dtype.kind === "b") a = nonzero(a)[0];
    return reshape(a, Array.from({ length: nd }, (_, i) => (i === k ? a.size : 1)));
  });
}

// ---- grids ----------------------------------------------------------------------------------

interface GridKey { start: number; stop: number; step: number; count: number | null }

/** One grid range: "start:stop:step" (a step like "5j" is a count, endpoint included), or a Slice. */
function gridKey(k: string | Slice): GridKey {
  if (k instanceof Slice) {
    if (k.stop === null) throw new TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'");
    return { start: k.start ?? 0, stop: k.stop, step: k.step ?? 1, count: null };
  }
  const parts = k.split(":").map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3) throw new ValueError(`invalid grid range '${k}'`);
  const num = (p: string, dflt: number | null): number => {
    if (p === "") { if (dflt === null) throw new TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'"); return dflt; }
    const v = Number(p);
    if (!Number.isFinite(v)) throw new ValueError(`invalid grid range '${k}'`);
    return v;
  };
  const stepText = parts[2] ?? "";
  if (/j$/i.test(stepText)) return { start: num(parts[0], 0), stop: num(parts[1], null), step: 1, count: Math.trunc(Math.abs(num(stepText.slice(0, -1), null))) };
  return { start: num(parts[0], 0), stop: num(parts[1], null), step: num(stepText, 1), count: null };
}

function gridKeys(keys: readonly (string | Slice | readonly (string | Slice)[])[]): { keys: GridKey[]; tuple: boolean } {
  const list: (string | Slice)[] = [];
  let tuple = keys.length > 1;
  for (const k of keys) {
    if (Array.isArray(k)) { list.push(...k); tuple = true; }
    else if (typeof k === "string") {
      const parts = k.split(",");
      if (parts.length > 1) tuple = true;
      list.push(...parts.map((p) => p.trim()).filter((p, i, all) => p !== "" || i < all.length - 1));
    } else list.push(k as Slice);
  }
  return { keys: list.map(gridKey), tuple };
}

/** A range's length, float-ness, and how its i-th value is computed (as NumPy's nd_grid). */
function gridAxis(k: GridKey): { n: number; float: boolean; at: (i: number) => number } {
  if (k.count !== null) {
    const n = k.count, step = n !== 1 ? (k.stop - k.start) / (n - 1) : 1;
    return { n, float: true, at: (i) => i * step + k.start };
  }
  const n = Math.max(0, Math.ceil((k.stop - k.start) / k.step));
  const float = ![k.start, k.stop, k.step].every(Number.isInteger);
  return { n, float, at: (i) => i * k.step + k.start };
}

function grid(keys: readonly (string | Slice | readonly (string | Slice)[])[], sparse: boolean): NDArray | NDArray[] {
  const { keys: ks, tuple } = gridKeys(keys);
  if (!tuple) {
    const k = ks[0];
    if (k.count === null) return arange(k.start, k.stop, k.step);
    const ax = gridAxis(k);
    return fromValues(Array.from({ length: ax.n }, (_, i) => ax.at(i)), [ax.n], true);
  }
  const axes = ks.map(gridAxis);
  const float = axes.some((a) => a.float);
  const sizes = axes.map((a) => a.n);
  if (sparse) return axes.map((a, d) => fromValues(Array.from({ length: a.n }, (_, i) => a.at(i)), sizes.map((n, k) => (k === d ? n : 1)), float));
  const total = sizeOf(sizes), cs = cStrides(sizes);
  const values: number[] = new Array(total * axes.length);
  axes.forEach((a, d) => {
    for (let j = 0; j < total; j++) values[d * total + j] = a.at(Math.floor(j / cs[d]) % sizes[d]);
  });
  return fromValues(values, [axes.length, ...sizes], float);
}

function fromValues(values: readonly number[], shape: readonly number[], float: boolean): NDArray {
  const d = dt(float ? "float64" : "int32");
  return fromBuffer(storageFromValues(values, d), d, { shape, strides: cStrides(shape), offset: 0 });
}

/**
 * `np.mgrid("0:3, 0:3")`: a dense grid (NumPy's `mgrid[0:3, 0:3]`); a step like "5j" is a
 * number of points with the end included. One range gives a 1-D array.
 */
export function mgrid(...keys: (string | Slice | readonly (string | Slice)[])[]): NDArray {
  return grid(keys, false) as NDArray;
}

/** `np.ogrid("0:3, 0:3")`: an open grid, one array per range (NumPy's `ogrid[0:3, 0:3]`). */
export function ogrid(...keys: (string | Slice | readonly (string | Slice)[])[]): NDArray | NDArray[] {
  return grid(keys, true);
}

// ---- iteration ------------------------------------------------------------------------------

/** `np.ndindex(...shape)`: every index of a shape, in C order. Example: `for (const [i, j] of np.ndindex(2, 3))`. */
export function* ndindex(...shape: (number | readonly number[])[]): Generator<number[]> {
  const dims = shape.length === 1 && Array.isArray(shape[0]) ? [...(shape[0] as number[])] : (shape as number[]);
  const n = sizeOf(dims), idx = new Array<number>(dims.length).fill(0);
  for (let j = 0; j < n; j++) {
    yield [...idx];
    for (let d = dims.length - 1; d >= 0; d--) { if (++idx[d] < dims[d]) break; idx[d] = 0; }
  }
}

/** `np.ndenumerate(a)`: `[index, value]` pairs in C order. */
export function* ndenumerate(a: unknown): Generator<[number[], unknown]> {
  const arr = asarray(a);
  const b = arr._buffer();
  let j = 0;
  for (const idx of ndindex(arr.shape)) yield [idx, readAt(b, j++)];
}

export interface NditerOptions {
  flags?: readonly string[];
  opFlags?: readonly (string | readonly string[])[];
  order?: "C" | "F" | "A" | "K";
}

/**
 * `np.nditer(op, { flags, opFlags, order = "K" })`: iterates the elements of one array (or
 * several, broadcast together) in NumPy's order — memory order by default. Each step
 * yields a 0-d view (an array of them for several operands), writeable with
 * `opFlags: ["readwrite"]`. Flags: "multi_index", "c_index", "f_index", "external_loop".
 * Example: `for (const x of np.nditer(a)) x.item()`.
 */
export class Nditer implements Iterable<NDArray | NDArray[]> {
  /** The operands, broadcast to the iteration shape. */
  readonly operands: NDArray[];
  /** Index of the current element in the iteration shape (with flag "multi_index"). */
  multiIndex: number[] = [];
  /** C (or F) order flat index of the current element (with flag "c_index" or "f_index"). */
  index = 0;
  /** Position in iteration order. */
  iterindex = 0;
  private readonly single: boolean;
  private readonly flags: Set<string>;
  private readonly writeable: boolean[];
  private readonly shape: number[];
  /** Iteration axes, outermost first, and which run backwards (memory order). */
  private readonly perm: number[];
  private readonly flipped: boolean[];

  constructor(op: unknown, opts: NditerOptions = {}) {
    this.single = !Array.isArray(op) || (op.length > 0 && !(op[0] instanceof NDArray) && !Array.isArray(op[0]));
    const ops = (this.single ? [op] : (op as unknown[])).map((x) => asarray(x));
    this.flags = new Set(opts.flags ?? []);
    if (this.flags.has("multi_index") && this.flags.has("external_loop")) throw new ValueError("Iterator flag EXTERNAL_LOOP cannot be used if an index or multi-index is being tracked");
    const opFlags = (opts.opFlags ?? []) as (string | readonly string[])[];
    const perOp = (k: number): readonly string[] => {
      if (opFlags.length && typeof opFlags[0] === "string") return opFlags as string[];
      return (opFlags[k] as readonly string[] | undefined) ?? [];
    };
    this.writeable = ops.map((_, k) => perOp(k).some((f) => f === "readwrite" || f === "writeonly"));
    this.shape = broadcastShapes(...ops.map((o) => o.shape));
    ops.forEach((o, k) => {
      if (this.writeable[k] && (o.ndim !== this.shape.length || o.shape.some((n, i) => n !== this.shape[i])))
        throw new ValueError(`non-broadcastable output operand with shape ${msg.shapeTuple(o.shape)} doesn't match the broadcast shape ${msg.shapeTuple(this.shape)}`);
      if (this.writeable[k] && !o._writeable) throw new ValueError("output operand requires a writeable array");
    });
    this.operands = ops.map((o) => (o.ndim === this.shape.length && o.shape.every((n, i) => n === this.shape[i]) ? o : broadcastTo(o, this.shape)));
    const layouts = this.operands.map((o) => o._buffer() as Layout);
    const order = opts.order ?? "K";
    const nd = this.shape.length;
    this.flipped = new Array<boolean>(nd).fill(false);
    if (order === "C") this.perm = [...Array(nd).keys()];
    else if (order === "F" || (order === "A" && layouts.every((l) => isF(l)))) this.perm = [...Array(nd).keys()].reverse();
    else if (order === "A") this.perm = [...Array(nd).keys()];
    else {
      // NumPy's K order: axes whose strides are all non-positive (one negative) run backwards;
      // then axes sorted by stride, largest outermost (C order where the operands disagree)
      const noIndex = !this.flags.has("multi_index") && !this.flags.has("c_index") && !this.flags.has("f_index");
      for (let d = 0; d < nd; d++)
        this.flipped[d] = noIndex && layouts.every((l) => l.strides[d] <= 0) && layouts.some((l) => l.strides[d] < 0);
      const perm = [...Array(nd).keys()];
      // insertion sort from the innermost axis, as npyiter_find_best_axis_ordering
      for (let i = 1; i < nd; i++) {
        let j = i;
        while (j > 0 && innerThan(layouts, perm[j - 1], perm[j])) { [perm[j - 1], perm[j]] = [perm[j], perm[j - 1]]; j--; }
      }
      this.perm = perm;
    }
  }

  /** The values at the current position (0-d views), or chunks (external_loop). */
  *[Symbol.iterator](): Iterator<NDArray | NDArray[]> {
    const nd = this.shape.length, size = sizeOf(this.shape);
    if (size === 0) return;
    const bufs = this.operands.map((o) => o._buffer());
    const owners = this.operands.map((o) => (o._base && !o._viewSpec ? o._base : o));
    const at = (k: number, idx: readonly number[], shape: number[] = [], strides: number[] = []): NDArray => {
      const b = bufs[k];
      let off = b.offset;
      idx.forEach((i, d) => (off += i * b.strides[d]));
      const v = fromBuffer(b.storage, this.operands[k].dtype, { shape, strides, offset: off }, owners[k]);
      v._writeable = this.writeable[k];
      return v;
    };
    const out = (vals: NDArray[]) => (this.single ? vals[0] : vals);
    const perm = this.perm;
    // external_loop: the innermost axes that coalesce for every operand form one chunk
    let inner = 0, chunk = 1;
    if (this.flags.has("external_loop")) {
      inner = 1; chunk = nd ? this.shape[perm[nd - 1]] : 1;
      while (inner < nd) {
        const o = perm[nd - 1 - inner], i = perm[nd - inner];
        if (this.flipped[o] !== this.flipped[i] || !bufs.every((b) => b.strides[o] === b.strides[i] * this.shape[i])) break;
        chunk *= this.shape[o]; inner++;
      }
      if (nd === 0) inner = 0;
    }
    const outer = perm.slice(0, nd - inner);
    const counter = new Array<number>(outer.length).fill(0);
    const idx = new Array<number>(nd).fill(0);
    const cs = cStrides(this.shape), fs = fStrides(this.shape);
    const innerAxis = nd ? perm[nd - 1] : -1;
    for (let it = 0; it < size / chunk; it++) {
      for (let d = 0; d < nd; d++) idx[d] = 0;
      outer.forEach((ax, i) => (idx[ax] = this.flipped[ax] ? this.shape[ax] - 1 - counter[i] : counter[i]));
      if (inner > 0) {
        for (const ax of perm.slice(nd - inner)) if (this.flipped[ax]) idx[ax] = this.shape[ax] - 1;
        const vals = this.operands.map((_, k) => {
          const s = bufs[k].strides[innerAxis] * (this.flipped[innerAxis] ? -1 : 1);
          return at(k, idx, [chunk], [s]);
        });
        this.iterindex = it * chunk;
        yield out(vals);
      } else {
        this.multiIndex = [...idx];
        this.index = idx.reduce((s, i, d) => s + i * (this.flags.has("f_index") ? fs[d] : cs[d]), 0);
        this.iterindex = it;
        yield out(this.operands.map((_, k) => at(k, idx)));
      }
      for (let i = outer.length - 1; i >= 0; i--) { if (++counter[i] < this.shape[outer[i]]) break; counter[i] = 0; }
    }
  }
}

const isF = (l: Layout) => {
  let acc = 1;
  for (let i = 0; i < l.shape.length; i++) { if (l.shape[i] !== 1 && l.strides[i] !== acc) return false; acc *= l.shape[i]; }
  return true;
};

/** Should axis `b` (now inside `a`) move outside it: every operand has it with the larger stride. */
function innerThan(layouts: readonly Layout[], a: number, b: number): boolean {
  let swap = false;
  for (const l of layouts) {
    const sa = Math.abs(l.strides[a]), sb = Math.abs(l.strides[b]);
    if (sa === 0 || sb === 0) continue;
    if (sb > sa) swap = true;
    else if (sb < sa) return false;
  }
  return swap;
}

/** `np.nditer(op, opts)`: see `Nditer`. */
export function nditer(op: unknown, opts: NditerOptions = {}): Nditer {
  return new Nditer(op, opts);
}

// ---- functions over axes ------------------------------------------------------------------

type AxisFn = (x: NDArray, ...args: unknown[]) => unknown;

/**
 * `np.applyAlongAxis(func1d, axis, arr, ...args)`: `func1d` applied to every 1-D slice
 * along `axis`; its results (arrays or scalars) take that axis's place.
 * Example: `np.applyAlongAxis((v) => v.max().sub(v.min()), 0, a)`.
 */
export function applyAlongAxis(func1d: AxisFn, axis: number, arr: unknown, ...args: unknown[]): NDArray {
  const a = asarray(arr);
  const nd = a.ndim;
  const ax = normAxis(intArg(axis), nd);
  const dims = [...Array(nd).keys()];
  const inView = transpose(a, [...dims.filter((d) => d !== ax), ax]);
  const outer = inView.shape.slice(0, -1);
  if (sizeOf(outer) === 0) throw new ValueError("Cannot apply_along_axis when any iteration dimensions are 0");
  const results: NDArray[] = [];
  for (const idx of ndindex(outer)) results.push(asarray(func1d(inView.get([...idx, "..."]), ...args)));
  const r0 = results[0];
  const parts = results.map((r) => broadcastTo(r, r0.shape));
  const buff = reshape(stack(parts, { dtype: r0.dtype, casting: "unsafe" }), [...outer, ...r0.shape]);
  const bd = [...Array(buff.ndim).keys()];
  const perm = [...bd.slice(0, ax), ...bd.slice(buff.ndim - r0.ndim), ...bd.slice(ax, buff.ndim - r0.ndim)];
  return transpose(buff, perm);
}

/**
 * `np.applyOverAxes(func, a, axes)`: `func(a, axis)` applied for each axis in turn, the
 * result keeping a's number of dimensions. Example: `np.applyOverAxes(np.sum, a, [0, 2])`.
 */
export function applyOverAxes(func: (a: NDArray, axis: number) => unknown, a: unknown, axes: number | readonly number[]): NDArray {
  let val = asarray(a);
  const N = val.ndim;
  for (let axis of typeof axes === "number" ? [axes] : axes) {
    if (axis < 0) axis += N;
    const res = asarray(func(val, axis));
    if (res.ndim === val.ndim) val = res;
    else {
      const e = expandDims(res, axis);
      if (e.ndim !== val.ndim) throw new ValueError("function is not returning an array of the correct shape");
      val = e;
    }
  }
  return val;
}

