// Reductions over strided buffers, one element at a time: the reference interpreter's
// reductions (the generated kernels must give the same bits) and the index reductions
// (argmax, argmin), which are a hand-written step in both paths.

import { STORAGE, valueClass, type DTypeId, type Elements } from "./dtypes.js";
import type { Storage } from "./buffer.js";
import { cStrides } from "../compiler/ir.js";
import { implFor } from "../compiler/ops.js";
import { WRAP, scalarParts } from "../compiler/cast.js";
import { COMBINE, PAIRWISE, PAIRWISE_RUN, REDUCE_BLOCK, accIdentity, accKind, coalesce, isComplex, reductionNest } from "../compiler/reduction.js";

interface In { data: Elements; storage: Storage; offset: number; strides: readonly number[]; shape: readonly number[] }
type Num = ArrayLike<number>;

/**
 * A step function reducing `axes` of its input with `op`, writing a C-contiguous output.
 * The reference for fused reduction kernels: the same combines in the same order
 * (compiler/reduction.ts), one element at a time.
 */
export function reduceRun(op: string, inDtype: DTypeId, outDtype: DTypeId, axes: readonly number[], ddof: number) {
  if (COMBINE[op]) return referenceReduce(op, inDtype, outDtype, axes);
  // argmax/argmin: the first index of the extreme (or of the first NaN), whatever the order
  return argReduceRun(op, inDtype, outDtype, axes, ddof);
}

type V = unknown;
const ZERO = BigInt(0);

/** combine(a, b) for accumulator values of dtype `d`, as generated code computes it. */
function combiner(op: string, d: DTypeId): (a: V, b: V) => V {
  const impl = implFor(op, d, valueClass(d))!;
  if (STORAGE[d].lanes === 2) {
    const o = new Float64Array(2), f32 = d === "complex64";
    return (a, b) => {
      const [ar, ai] = a as number[], [br, bi] = b as number[];
      impl.fn(ar, ai, br, bi, o);
      return f32 ? [Math.fround(o[0]), Math.fround(o[1])] : [o[0], o[1]];
    };
  }
  const w = impl.exact ? undefined : WRAP[d];
  return w ? (a, b) => w.fn(impl.fn(a, b)) : (a, b) => impl.fn(a, b);
}

function referenceReduce(op: string, inDtype: DTypeId, d: DTypeId, axes: readonly number[]) {
  const comb = combiner(COMBINE[op], d);
  const I = scalarParts(accIdentity(op, d), d);
  const init: V = I.length === 2 ? I : I[0];
  const kind = accKind(op, d);
  const P = isComplex(d) && op === "sum" ? PAIRWISE.complex : PAIRWISE.real;
  const toBool = (op === "all" || op === "any") && inDtype !== "bool";
  const inLanes = STORAGE[inDtype].lanes, outLanes = STORAGE[d].lanes;
  return (inputs: readonly In[], out: Storage): void => {
    const a = inputs[0];
    const v = a.data as unknown as ArrayLike<V> & ArrayLike<number>;
    const get = (p: number): V => {
      if (inLanes === 2) {
        const re = v[2 * p] as number, im = v[2 * p + 1] as number;
        return toBool ? (re !== 0 || im !== 0 ? 1 : 0) : [re, im];
      }
      const x = v[p];
      return toBool ? (x !== 0 && (x as unknown) !== ZERO ? 1 : 0) : x; // NaN is true, as a cast to bool

    };
    const o = out.elementsAs(d) as unknown as { [i: number]: V };
    const put = (j: number, x: V) => { if (outLanes === 2) { o[2 * j] = (x as number[])[0]; o[2 * j + 1] = (x as number[])[1]; } else o[j] = x; };
    // the nest the generated kernel would run over this one input and a C-ordered output
    const keptShape = a.shape.filter((_, i) => !axes.includes(i));
    const ks = cStrides(keptShape);
    let k = 0;
    const outStrides = a.shape.map((_, i) => (axes.includes(i) ? 0 : ks[k++]));
    const nest = reductionNest(a.shape, axes, [a.strides, outStrides], 1);
    const { shape } = nest, [st, so] = nest.strides, nd = shape.length, inner = nd - 1;
    /** NumPy's pairwise combination of at(0), ..., at(n - 1). */
    const pairwise = (at: (i: number) => V, n: number): V => {
      if (n < P.min) { let acc = init; for (let i = 0; i < n; i++) acc = comb(acc, at(i)); return acc; }
      if (n <= P.max) {
        const r: V[] = [];
        for (let u = 0; u < P.acc; u++) r[u] = at(u);
        let i = P.acc;
        for (; i + P.acc <= n; i += P.acc) for (let u = 0; u < P.acc; u++) r[u] = comb(r[u], at(i + u));
        const tree = (lo: number, hi: number): V => (hi - lo === 1 ? r[lo] : comb(tree(lo, (lo + hi) >> 1), tree((lo + hi) >> 1, hi)));
        let acc = tree(0, P.acc);
        for (; i < n; i++) acc = comb(acc, at(i));
        return acc;
      }
      const m = P.split(n);
      const left = pairwise(at, m);
      return comb(left, pairwise((i) => at(m + i), n - m));
    };
    /** acc combined with a run of n elements from q (stride `step`). */
    const run = (acc: V, q: number, n: number, step: number): V => {
      if (kind !== "sequential") {
        for (let c = 0; c < n; c += PAIRWISE_RUN) acc = comb(acc, pairwise((i) => get(q + (c + i) * step), Math.min(PAIRWISE_RUN, n - c)));
        return acc;
      }
      for (let i = 0; i < n; i++) acc = comb(acc, get(q + i * step));
      return acc;
    };
    /** Calls f(inputPos, outputPos) over dims [from, to) of the nest, in order. */
    const each = (from: number, to: number, p: number, q: number, f: (p: number, q: number) => void): void => {
      if (from === to) return f(p, q);
      for (let i = 0; i < shape[from]; i++) each(from + 1, to, p + i * st[from], q + i * so[from], f);
    };
    if (nest.tail) {
      each(0, nest.nKept, a.offset, 0, (p, q) => {
        for (let t = 0; t < shape[inner]; t++) {
          let acc = init;
          each(nest.nKept, inner, p + t * st[inner], 0, (pp) => { acc = comb(acc, get(pp)); });
          put(q + t * so[inner], acc);
        }
      });
      return;
    }
    if (nest.nKept === 0 && nest.reduced > REDUCE_BLOCK) {
      const rows = nd === 1 ? REDUCE_BLOCK : Math.max(1, Math.floor(REDUCE_BLOCK / shape.slice(1).reduce((x, y) => x * y, 1)));
      const partials: V[] = [];
      for (let lo = 0; lo < shape[0]; lo += rows) {
        const hi = Math.min(shape[0], lo + rows);
        let acc = init;
        if (nd === 1) acc = run(acc, a.offset + lo * st[0], hi - lo, st[0]);
        else for (let i0 = lo; i0 < hi; i0++) each(1, inner, a.offset + i0 * st[0], 0, (p) => { acc = run(acc, p, shape[inner], st[inner]); });
        partials.push(acc);
      }
      // phase 2: the partials as one run
      let acc = init;
      if (kind === "free") acc = comb(acc, pairwise((i) => partials[i], partials.length));
      else for (const x of partials) acc = comb(acc, x);
      put(0, acc);
      return;
    }
    each(0, nest.nKept, a.offset, 0, (p, q) => {
      let acc = init;
      each(nest.nKept, inner, p, 0, (pp) => { acc = run(acc, pp, shape[inner], st[inner]); });
      put(q, acc);
    });

  };
}

/** argmax/argmin: the first index of the extreme value (of the first NaN, which propagates). */
function argReduceRun(op: string, inDtype: DTypeId, outDtype: DTypeId, axes: readonly number[], _ddof: number) {
  const cls = valueClass(inDtype);
  const lanes = STORAGE[inDtype].lanes;
  return (inputs: readonly In[], out: Storage): void => {
    const a = inputs[0];
    const nd = a.shape.length;
    const kept = [...Array(nd).keys()].filter((d) => !axes.includes(d));
    // the reduced axes (size-1 ones dropped), merged where contiguous with each other
    const merged = coalesce(axes.filter((d) => a.shape[d] !== 1), a.shape, [a.strides]);
    const [rs, rt] = merged.shape.length ? [merged.shape, merged.strides[0]] : [[1], [0]];
    const R = rs.reduce((p, n) => p * n, 1);
    const O = kept.reduce((p, d) => p * a.shape[d], 1);
    const o = out.elementsAs(outDtype) as unknown as { [i: number]: unknown };
    const single = rs.length === 1;
    // several non-mergeable reduced axes: gather into a contiguous scratch first
    const scratch = single ? null : cls === "I" ? (new Array<bigint>(R) as unknown as Num) : new Float64Array(R * lanes);
    const ki = new Array<number>(kept.length).fill(0);
    const ri = new Array<number>(rs.length).fill(0);
    for (let j = 0; j < O; j++) {
      let base = a.offset;
      for (let t = 0; t < kept.length; t++) base += ki[t] * a.strides[kept[t]];
      let src = a.data as unknown as Num, off = base, st = rt[0];
      if (scratch) {
        ri.fill(0);
        let p = base;
        const sc = scratch as unknown as { [i: number]: number };
        for (let r = 0; r < R; r++) {
          for (let l = 0; l < lanes; l++) sc[r * lanes + l] = src[p * lanes + l];
          for (let t = rs.length - 1; t >= 0; t--) {
            p += rt[t];
            if (++ri[t] < rs[t]) break;
            p -= rt[t] * rs[t];
            ri[t] = 0;
          }
        }
        src = scratch; off = 0; st = 1;
      }
      const res = reduceRun1(op, cls, src, off, R, st, lanes);
      if (lanes === 2 && STORAGE[outDtype].lanes === 2) { o[2 * j] = (res as number[])[0]; o[2 * j + 1] = (res as number[])[1]; }
      else o[j] = res;
      for (let t = kept.length - 1; t >= 0; t--) { if (++ki[t] < a.shape[kept[t]]) break; ki[t] = 0; }
    }
  };
}

/** Reduces n elements v[off + i*st] (element units; complex elements are lane pairs). */
function reduceRun1(op: string, cls: string, v: Num, off: number, n: number, st: number, lanes: number): unknown {
  if (cls === "I") return reduceBig(op, v as unknown as ArrayLike<bigint>, off, n, st);
  if (lanes === 2) return reduceComplex(op, v, off, n, st);
  const isMax = op.endsWith("max"), ignoreNan = op[0] === "f", arg = op.startsWith("arg");
  let best = -1, bv = 0;
  for (let i = 0; i < n; i++) {
    const x = v[off + i * st];
    if (x !== x) {
      if (ignoreNan) continue;
      best = i; bv = x; break; // nan propagates (argmax points at the first nan)
    }
    if (best < 0 || (isMax ? x > bv : x < bv)) { best = i; bv = x; }
  }
  if (arg) return Math.max(best, 0);
  return best < 0 ? NaN : bv;
}

function reduceComplex(op: string, v: Num, off: number, n: number, st: number): unknown {
  const re = (i: number) => v[2 * (off + i * st)], im = (i: number) => v[2 * (off + i * st) + 1];
  const isMax = op.endsWith("max"), ignoreNan = op[0] === "f", arg = op.startsWith("arg");
  const nan = (i: number) => re(i) !== re(i) || im(i) !== im(i);
  const better = (i: number, b: number) => (re(i) !== re(b) ? (isMax ? re(i) > re(b) : re(i) < re(b)) : isMax ? im(i) > im(b) : im(i) < im(b));
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (nan(i)) { if (ignoreNan) continue; best = i; break; }
    if (best < 0 || better(i, best)) best = i;
  }
  if (arg) return Math.max(best, 0);
  return best < 0 ? [NaN, NaN] : [re(best), im(best)];
}

function reduceBig(op: string, v: ArrayLike<bigint>, off: number, n: number, st: number): unknown {
  const isMax = op.endsWith("max"), arg = op.startsWith("arg");
  let best = 0;
  for (let i = 1; i < n; i++) if (isMax ? v[off + i * st] > v[off + best * st] : v[off + i * st] < v[off + best * st]) best = i;
  return arg ? best : v[off + best * st];
}
