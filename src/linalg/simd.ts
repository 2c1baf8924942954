// The loops the real decompositions spend their time in, in WebAssembly SIMD (f64x2),
// assembled here byte by byte, each with a JavaScript twin that does the same arithmetic
// in the same order (so results do not depend on which one ran):
//   chain    a sweep of plane rotations over consecutive rows (the QL and QR iterations'
//            eigenvector and singular vector updates), one pass per block of 8 columns
//   symRow   one row of the tridiagonal reduction's fused pass: rank-2 update and the
//            next step's product with the symmetric matrix
//   axpyAcc, axpyDot   the bidiagonal and Hessenberg reductions' fused passes: a column
//            update with the accumulation of a product, or with a dot product
//   reflect3 a 3-element reflector applied along three rows (Francis' double-shift step)
// About three times the JavaScript loops' speed here. WebAssembly reads only its own
// memory: kernels take the arrays these loops touch from `simdArrays`.

import { F64, I32, V128, assembleModule, fn, get, op, set, tee, vec } from "../../runtime/wasm.js";

/** `for (k = 0; k < count; k++) { body }` with i32 local `k` (nothing when count is 0). */
const countedLoop = (k: number, count: number, body: number[]) => [
  ...op.i32const(0), ...set(k),
  ...op.block, ...get(count), ...op.eqz, ...op.brIf(0),
  ...op.loop, ...body,
  ...get(k), ...op.i32const(1), ...op.add, ...tee(k), ...get(count), ...op.ltu, ...op.brIf(0),
  ...op.end, ...op.end,
];
/** p += 16 for each pointer local. */
const advance = (ptrs: number[]) => ptrs.flatMap((p) => [...get(p), ...op.i32const(16), ...op.add, ...set(p)]);
/** The sum of a v128 local's two lanes (lane 0 first). */
const lanes = (v: number) => [...get(v), ...op.lane(0), ...get(v), ...op.lane(1), ...op.f64add];

/** chain(zBase, stride, steps, cBase, sBase, blocks): see `rotateChain` (byte offsets; stride signed). */
function chainCode(): number[] {
  const [zBase, stride, steps, cBase, sBase, blocks] = [0, 1, 2, 3, 4, 5];
  const [b, o, q, t, cp] = [6, 7, 8, 9, 10];
  const y = (i: number) => 11 + i, C = 15, S = 16, X = 17;
  // next x; row o ← c·y + s·x; y ← c·x - s·y (two columns per register)
  const step = (i: number) => [
    ...get(q), ...op.load(16 * i), ...set(X),
    ...get(o), ...get(C), ...get(y(i)), ...op.fmul, ...get(S), ...get(X), ...op.fmul, ...op.fadd, ...op.store(16 * i),
    ...get(C), ...get(X), ...op.fmul, ...get(S), ...get(y(i)), ...op.fmul, ...op.fsub, ...set(y(i)),
  ];
  const inner = [
    ...get(o), ...get(stride), ...op.add, ...set(q),
    ...get(cp), ...op.load64splat(0), ...set(C),
    ...get(cp), ...get(sBase), ...op.add, ...get(cBase), ...op.sub, ...op.load64splat(0), ...set(S),
    ...step(0), ...step(1), ...step(2), ...step(3),
    ...get(q), ...set(o),
    ...get(cp), ...op.i32const(8), ...op.add, ...set(cp),
  ];
  const outer = [
    ...get(zBase), ...get(b), ...op.i32const(64), ...op.mul, ...op.add, ...set(o),
    ...[0, 1, 2, 3].flatMap((i) => [...get(o), ...op.load(16 * i), ...set(y(i))]),
    ...get(cBase), ...set(cp),
    ...countedLoop(t, steps, inner),
    ...[0, 1, 2, 3].flatMap((i) => [...get(o), ...get(y(i)), ...op.store(16 * i)]),
  ];
  return [...vec([[5, I32], [7, V128]]), ...countedLoop(b, blocks, outer), ...op.end];
}

/** symRow(a, w, v, v2, y2, pairs, vi, wi, x) → Σ b·v2: b = a - vi·w - wi·v stored in a; y2 += b·x. */
function symRowCode(): number[] {
  const [pa, pw, pv, pv2, py2, pairs, fvi, fwi, fx] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const k = 9, VI = 10, WI = 11, X = 12, ACC = 13, B = 14;
  const body = [
    ...get(pa), ...get(pa), ...op.load(0), ...get(VI), ...get(pw), ...op.load(0), ...op.fmul, ...op.fsub,
    ...get(WI), ...get(pv), ...op.load(0), ...op.fmul, ...op.fsub, ...tee(B), ...op.store(0),
    ...get(ACC), ...get(B), ...get(pv2), ...op.load(0), ...op.fmul, ...op.fadd, ...set(ACC),
    ...get(py2), ...get(py2), ...op.load(0), ...get(B), ...get(X), ...op.fmul, ...op.fadd, ...op.store(0),
    ...advance([pa, pw, pv, pv2, py2]),
  ];
  return [
    ...vec([[1, I32], [5, V128]]),
    ...get(fvi), ...op.splat, ...set(VI), ...get(fwi), ...op.splat, ...set(WI), ...get(fx), ...op.splat, ...set(X),
    ...countedLoop(k, pairs, body), ...lanes(ACC), ...op.end,
  ];
}

/** axpyAcc(a, c, y, pairs, f, u): x = a - f·c stored in a; y += u·x. */
function axpyAccCode(): number[] {
  const [pa, pc, py, pairs, ff, fu] = [0, 1, 2, 3, 4, 5];
  const k = 6, F = 7, U = 8, Xv = 9;
  const body = [
    ...get(pa), ...get(pa), ...op.load(0), ...get(F), ...get(pc), ...op.load(0), ...op.fmul, ...op.fsub, ...tee(Xv), ...op.store(0),
    ...get(py), ...get(py), ...op.load(0), ...get(U), ...get(Xv), ...op.fmul, ...op.fadd, ...op.store(0),
    ...advance([pa, pc, py]),
  ];
  return [...vec([[1, I32], [3, V128]]), ...get(ff), ...op.splat, ...set(F), ...get(fu), ...op.splat, ...set(U), ...countedLoop(k, pairs, body), ...op.end];
}

/** axpyDot(a, y, v, pairs, u) → Σ v·x: x = a - u·y stored in a. */
function axpyDotCode(): number[] {
  const [pa, py, pv, pairs, fu] = [0, 1, 2, 3, 4];
  const k = 5, U = 6, Xv = 7, ACC = 8;
  const body = [
    ...get(pa), ...get(pa), ...op.load(0), ...get(U), ...get(py), ...op.load(0), ...op.fmul, ...op.fsub, ...tee(Xv), ...op.store(0),
    ...get(ACC), ...get(pv), ...op.load(0), ...get(Xv), ...op.fmul, ...op.fadd, ...set(ACC),
    ...advance([pa, py, pv]),
  ];
  return [...vec([[1, I32], [3, V128]]), ...get(fu), ...op.splat, ...set(U), ...countedLoop(k, pairs, body), ...lanes(ACC), ...op.end];
}

/** reflect3(x0, x1, x2, pairs, a0, a1, a2, b0, b1, b2): p = a0·x0 + a1·x1 + a2·x2; x_i -= b_i·p. */
function reflect3Code(): number[] {
  const [p0, p1, p2, pairs] = [0, 1, 2, 3], fa = [4, 5, 6], fb = [7, 8, 9];
  const k = 10, A = [11, 12, 13], B = [14, 15, 16], P = 17;
  const body = [
    ...get(p0), ...op.load(0), ...get(A[0]), ...op.fmul, ...get(p1), ...op.load(0), ...get(A[1]), ...op.fmul, ...op.fadd,
    ...get(p2), ...op.load(0), ...get(A[2]), ...op.fmul, ...op.fadd, ...set(P),
    ...[p0, p1, p2].flatMap((ptr, i) => [...get(ptr), ...get(ptr), ...op.load(0), ...get(B[i]), ...get(P), ...op.fmul, ...op.fsub, ...op.store(0)]),
    ...advance([p0, p1, p2]),
  ];
  return [
    ...vec([[1, I32], [7, V128]]),
    ...[0, 1, 2].flatMap((i) => [...get(fa[i]), ...op.splat, ...set(A[i]), ...get(fb[i]), ...op.splat, ...set(B[i])]),
    ...countedLoop(k, pairs, body), ...op.end,
  ];
}

function assemble(pages: number): Uint8Array {
  return assembleModule(pages, [
    { sig: fn([I32, I32, I32, I32, I32, I32], []), name: "chain", body: chainCode() },
    { sig: fn([I32, I32, I32, I32, I32, I32, F64, F64, F64], [F64]), name: "symRow", body: symRowCode() },
    { sig: fn([I32, I32, I32, I32, F64, F64], []), name: "axpyAcc", body: axpyAccCode() },
    { sig: fn([I32, I32, I32, I32, F64], [F64]), name: "axpyDot", body: axpyDotCode() },
    { sig: fn([I32, I32, I32, I32, F64, F64, F64, F64, F64, F64], []), name: "reflect3", body: reflect3Code() },
  ]);
}

interface Module {
  memory: WebAssembly.Memory;
  /** memory.buffer, kept (the getter is slow for a per-row check); replaced when memory grows. */
  buffer: ArrayBuffer;
  chain: (zBase: number, stride: number, steps: number, cBase: number, sBase: number, blocks: number) => void;
  symRow: (a: number, w: number, v: number, v2: number, y2: number, pairs: number, vi: number, wi: number, x: number) => number;
  axpyAcc: (a: number, c: number, y: number, pairs: number, f: number, u: number) => void;
  axpyDot: (a: number, y: number, v: number, pairs: number, u: number) => number;
  reflect3: (x0: number, x1: number, x2: number, pairs: number, a0: number, a1: number, a2: number, b0: number, b1: number, b2: number) => void;
}

/** The instantiated module (null: no WebAssembly SIMD here), created on first use. */
let wasm: Module | null | undefined;

function module(): Module | null {
  if (wasm !== undefined) return wasm;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(assemble(1) as unknown as BufferSource), {});
    const ex = inst.exports as unknown as Omit<Module, "memory"> & { mem: WebAssembly.Memory };
    wasm = { memory: ex.mem, buffer: ex.mem.buffer, chain: ex.chain, symRow: ex.symRow, axpyAcc: ex.axpyAcc, axpyDot: ex.axpyDot, reflect3: ex.reflect3 };
  } catch {
    wasm = null;
  }
  return wasm;
}

/** Whether the loops run in WebAssembly (tests turn it off to check the JavaScript twins). */
export const simdOptions = { wasm: true };

/**
 * Zeroed arrays of the given lengths for one kernel call: views of the module's memory
 * when WebAssembly SIMD is available (valid until the next call of this function, which
 * reuses the memory, or lets it go after a much bigger problem), else plain arrays.
 */
export function simdArrays(lengths: readonly number[]): Float64Array[] {
  const total = lengths.reduce((a, b) => a + b, 0) * 8;
  // memory cannot shrink: a much smaller problem after a big one starts a fresh module
  if (wasm && wasm.buffer.byteLength > Math.max(64 << 20, 4 * total)) wasm = undefined;
  const m = simdOptions.wasm ? module() : null;
  if (!m) return lengths.map((n) => new Float64Array(n));
  const have = m.buffer.byteLength;
  if (total > have) {
    m.memory.grow(Math.ceil((total - have) / 65536));
    m.buffer = m.memory.buffer;
  }
  let at = 0;
  return lengths.map((n) => {
    const v = new Float64Array(m.buffer, at, n);
    v.fill(0);
    at += n * 8;
    return v;
  });
}

/** The module, when every array is in its memory. */
function inModule(...arrays: Float64Array[]): Module | null {
  const m = wasm;
  if (!m) return null;
  for (const a of arrays) if (a.buffer !== m.buffer) return null;
  return m;
}

/**
 * A sweep of rotations of consecutive rows of z (rows of `len`): the running row starts
 * as row `from`; step t (t < steps) rotates it with the next row r = from + (t+1)·dir,
 * leaving c_t·run + s_t·z_r in the running row's place and carrying c_t·z_r - s_t·run on
 * as row r. (A QL or QR sweep chasing one bulge is the sequence rot(r - dir, r) for
 * successive r.)
 */
export function rotateChain(z: Float64Array, len: number, from: number, dir: 1 | -1, steps: number, c: Float64Array, s: Float64Array): void {
  if (steps <= 0) return;
  const stride = dir * len, end = from * len + steps * stride;
  let k = 0;
  const m = len >= 8 ? inModule(z, c, s) : null;
  if (m) {
    const blocks = len >> 3;
    m.chain(z.byteOffset + from * len * 8, stride * 8, steps, c.byteOffset, s.byteOffset, blocks);
    k = blocks * 8;
  }
  // eight columns at a time: the carried values stay in registers
  for (; k + 8 <= len; k += 8) {
    let o = from * len + k;
    let y0 = z[o], y1 = z[o + 1], y2 = z[o + 2], y3 = z[o + 3], y4 = z[o + 4], y5 = z[o + 5], y6 = z[o + 6], y7 = z[o + 7];
    for (let t = 0; t < steps; t++, o += stride) {
      const ct = c[t], st = s[t], q = o + stride;
      let x = z[q]; z[o] = ct * y0 + st * x; y0 = ct * x - st * y0;
      x = z[q + 1]; z[o + 1] = ct * y1 + st * x; y1 = ct * x - st * y1;
      x = z[q + 2]; z[o + 2] = ct * y2 + st * x; y2 = ct * x - st * y2;
      x = z[q + 3]; z[o + 3] = ct * y3 + st * x; y3 = ct * x - st * y3;
      x = z[q + 4]; z[o + 4] = ct * y4 + st * x; y4 = ct * x - st * y4;
      x = z[q + 5]; z[o + 5] = ct * y5 + st * x; y5 = ct * x - st * y5;
      x = z[q + 6]; z[o + 6] = ct * y6 + st * x; y6 = ct * x - st * y6;
      x = z[q + 7]; z[o + 7] = ct * y7 + st * x; y7 = ct * x - st * y7;
    }
    o = end + k;
    z[o] = y0; z[o + 1] = y1; z[o + 2] = y2; z[o + 3] = y3; z[o + 4] = y4; z[o + 5] = y5; z[o + 6] = y6; z[o + 7] = y7;
  }
  for (; k < len; k++) {
    let o = from * len + k, y = z[o];
    for (let t = 0; t < steps; t++, o += stride) {
      const x = z[o + stride];
      z[o] = c[t] * y + s[t] * x;
      y = c[t] * x - s[t] * y;
    }
    z[end + k] = y;
  }
}

/**
 * For t < count: b = a[ao+t] - vi·w[wo+t] - wi·v[vo+t], stored back; y2[yo+t] += b·x;
 * returns Σ b·v2[v2o+t] (even and odd t summed apart, then together, then any last t).
 */
export function symRow(
  a: Float64Array, ao: number, w: Float64Array, wo: number, v: Float64Array, vo: number, v2: Float64Array, v2o: number, y2: Float64Array, yo: number,
  count: number, vi: number, wi: number, x: number,
): number {
  const pairs = count >> 1;
  let acc: number, t = 0;
  const m = pairs > 0 ? inModule(a, w, v, v2, y2) : null;
  if (m) {
    acc = m.symRow(a.byteOffset + ao * 8, w.byteOffset + wo * 8, v.byteOffset + vo * 8, v2.byteOffset + v2o * 8, y2.byteOffset + yo * 8, pairs, vi, wi, x);
    t = 2 * pairs;
  } else {
    let e = 0, o = 0;
    for (; t < 2 * pairs; t += 2) {
      const b0 = a[ao + t] - vi * w[wo + t] - wi * v[vo + t];
      a[ao + t] = b0;
      e += b0 * v2[v2o + t];
      y2[yo + t] += b0 * x;
      const b1 = a[ao + t + 1] - vi * w[wo + t + 1] - wi * v[vo + t + 1];
      a[ao + t + 1] = b1;
      o += b1 * v2[v2o + t + 1];
      y2[yo + t + 1] += b1 * x;
    }
    acc = e + o;
  }
  for (; t < count; t++) {
    const b = a[ao + t] - vi * w[wo + t] - wi * v[vo + t];
    a[ao + t] = b;
    acc += b * v2[v2o + t];
    y2[yo + t] += b * x;
  }
  return acc;
}

/** For t < count: x = a[ao+t] - f·c[co+t], stored back; y[yo+t] += u·x. */
export function axpyAcc(a: Float64Array, ao: number, c: Float64Array, co: number, y: Float64Array, yo: number, count: number, f: number, u: number): void {
  let t = 0;
  const m = count >= 2 ? inModule(a, c, y) : null;
  if (m) {
    const pairs = count >> 1;
    m.axpyAcc(a.byteOffset + ao * 8, c.byteOffset + co * 8, y.byteOffset + yo * 8, pairs, f, u);
    t = 2 * pairs;
  }
  for (; t < count; t++) {
    const x = a[ao + t] - f * c[co + t];
    a[ao + t] = x;
    y[yo + t] += u * x;
  }
}

/** For t < count: x = a[ao+t] - u·y[yo+t], stored back; returns Σ v[vo+t]·x (even and odd t apart, as symRow). */
export function axpyDot(a: Float64Array, ao: number, y: Float64Array, yo: number, v: Float64Array, vo: number, count: number, u: number): number {
  const pairs = count >> 1;
  let acc: number, t = 0;
  const m = pairs > 0 ? inModule(a, y, v) : null;
  if (m) {
    acc = m.axpyDot(a.byteOffset + ao * 8, y.byteOffset + yo * 8, v.byteOffset + vo * 8, pairs, u);
    t = 2 * pairs;
  } else {
    let e = 0, o = 0;
    for (; t < 2 * pairs; t += 2) {
      const x0 = a[ao + t] - u * y[yo + t];
      a[ao + t] = x0;
      e += v[vo + t] * x0;
      const x1 = a[ao + t + 1] - u * y[yo + t + 1];
      a[ao + t + 1] = x1;
      o += v[vo + t + 1] * x1;
    }
    acc = e + o;
  }
  for (; t < count; t++) {
    const x = a[ao + t] - u * y[yo + t];
    a[ao + t] = x;
    acc += v[vo + t] * x;
  }
  return acc;
}

/**
 * For t < count, over three rows x0, x1, x2 of z (offsets o0, o1, o2): p = a0·x0 + a1·x1 +
 * a2·x2 (summed in that order), then x_i -= b_i·p.
 */
export function reflect3(z: Float64Array, o0: number, o1: number, o2: number, count: number, a0: number, a1: number, a2: number, b0: number, b1: number, b2: number): void {
  let t = 0;
  const m = count >= 2 ? inModule(z) : null;
  if (m) {
    const pairs = count >> 1, base = z.byteOffset;
    m.reflect3(base + o0 * 8, base + o1 * 8, base + o2 * 8, pairs, a0, a1, a2, b0, b1, b2);
    t = 2 * pairs;
  }
  for (; t < count; t++) {
    const x0 = z[o0 + t], x1 = z[o1 + t], x2 = z[o2 + t];
    const p = a0 * x0 + a1 * x1 + a2 * x2;
    z[o0 + t] = x0 - b0 * p;
    z[o1 + t] = x1 - b1 * p;
    z[o2 + t] = x2 - b2 * p;
  }
}
