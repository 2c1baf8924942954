// Property test: writes through random views — `set` with basic and advanced indices,
// masks, `fill`, in-place `iadd`, on transposed, reversed, overlapping (asStrided) and
// pending views — land exactly where NumPy's eager semantics put them, and arrays read
// before a write keep the values they had then (laziness is never observable). The
// model is plain JS over flat memory: a view is (offset, shape, strides), as in NumPy.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { config } from "../../src/ndarray";

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

interface View { mem: number[]; offset: number; shape: number[]; strides: number[]; arr: np.NDArray; overlaps: boolean; writeable: boolean }

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Memory offsets of every element of a layout, in C order. */
function positions(offset: number, shape: readonly number[], strides: readonly number[]): number[] {
  const out: number[] = [], idx = shape.map(() => 0), n = size(shape);
  for (let j = 0; j < n; j++) {
    out.push(shape.reduce((p, _, d) => p + idx[d] * strides[d], offset));
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return out;
}
const valuesOf = (v: { mem: number[]; offset: number; shape: number[]; strides: number[] }) => positions(v.offset, v.shape, v.strides).map((p) => v.mem[p]);

/** Python's slice.indices, written again for the model. */
function sliceRange(start: number | null, stop: number | null, step: number, n: number): { first: number; count: number } {
  const norm = (x: number | null, dflt: number, lo: number, hi: number) => (x === null ? dflt : Math.min(Math.max(x < 0 ? x + n : x, lo), hi));
  const s0 = step > 0 ? norm(start, 0, 0, n) : norm(start, n - 1, -1, n - 1);
  const s1 = step > 0 ? norm(stop, n, 0, n) : norm(stop, -1, -1, n - 1);
  const count = Math.max(0, step > 0 ? Math.ceil((s1 - s0) / step) : Math.ceil((s0 - s1) / -step));
  return { first: s0, count };
}

type Item = { t: "int"; i: number } | { t: "slice"; start: number | null; stop: number | null; step: number } | { t: "new" };

/** A random basic index for `shape`, and the layout it selects (the model's own arithmetic). */
function randomBasic(r: Rng, v: { offset: number; shape: number[]; strides: number[] }, allowInt = true) {
  const items: Item[] = [];
  let offset = v.offset;
  const shape: number[] = [], strides: number[] = [];
  v.shape.forEach((n, d) => {
    if (r.chance(0.15)) { items.push({ t: "new" }); shape.push(1); strides.push(0); }
    if (allowInt && n > 0 && r.chance(0.25)) {
      const i = r.int(n) - (r.chance(0.3) ? n : 0);
      items.push({ t: "int", i });
      offset += (i < 0 ? i + n : i) * v.strides[d];
      return;
    }
    const step = r.pick([1, 1, 2, -1, -2, 3]);
    const start = r.chance(0.5) ? null : r.int(n + 2) - 1 - (r.chance(0.2) ? n : 0);
    const stop = r.chance(0.5) ? null : r.int(n + 2) - 1;
    items.push({ t: "slice", start, stop, step });
    const { first, count } = sliceRange(start, stop, step, n);
    if (count > 0) offset += first * v.strides[d];
    shape.push(count); strides.push(step * v.strides[d]);
  });
  return { items, layout: { offset, shape, strides } };
}

/** The index as numfuse takes it: one string, or a list of items. */
function render(r: Rng, items: Item[]): Parameters<np.NDArray["set"]>[0] {
  const asString = r.chance(0.5);
  const s = (x: number | null) => (x === null ? "" : String(x));
  if (asString) return items.map((it) => (it.t === "int" ? String(it.i) : it.t === "new" ? "None" : `${s(it.start)}:${s(it.stop)}:${it.step}`)).join(", ");
  return items.map((it) => (it.t === "int" ? it.i : it.t === "new" ? null : np.slice(it.start, it.stop, it.step)));
}

function scenario(seed: number): void {
  const r = prng(seed);
  const views: View[] = [];
  const reads: { arr: np.NDArray; expected: number[]; what: string }[] = [];
  const log: string[] = [];
  const mark = (s: string) => log.push(s);
  const n = 6 + r.int(30);
  const shape0 = r.pick([[n], [2, Math.ceil(n / 2)], [3, 2, Math.ceil(n / 6)]]);
  const total = size(shape0);
  const mem0 = Array.from({ length: total }, (_, i) => i);
  const base = np.array(mem0, { dtype: "float64" }).reshape(shape0);
  mark(`base ${JSON.stringify(shape0)}`);
  views.push({ mem: mem0, offset: 0, shape: [...shape0], strides: shape0.map((_, d) => size(shape0.slice(d + 1))), arr: base, overlaps: false, writeable: true });
  let counter = 1000;
  const fresh = () => counter++;

  for (let step = 0; step < 14; step++) {
    const v = r.pick(views);
    const op = r.int(10);
    log.push(`#${views.indexOf(v)}`);
    if (op === 0 && v.shape.length) {
      // a basic view
      const { items, layout } = randomBasic(r, v);
      const idx = render(r, items);
      log.push(`view ${JSON.stringify(idx)}`);
      views.push({ ...layout, mem: v.mem, arr: v.arr.get(idx), overlaps: v.overlaps, writeable: v.writeable });
    } else if (op === 1 && v.shape.length > 1) {
      // a transposed view
      const perm = v.shape.map((_, d) => d).sort(() => r.next() - 0.5);
      log.push(`transpose ${perm}`);
      views.push({ mem: v.mem, offset: v.offset, shape: perm.map((p) => v.shape[p]), strides: perm.map((p) => v.strides[p]), arr: v.arr.transpose(perm), overlaps: v.overlaps, writeable: v.writeable });
    } else if (op === 2 && v === views[0] && total >= 4) {
      // overlapping windows over the base memory
      const w = 2 + r.int(3), s0 = 1 + r.int(2);
      const k = Math.floor((total - w) / s0) + 1;
      log.push(`asStrided ${k}x${w} strides ${s0},1`);
      views.push({ mem: v.mem, offset: 0, shape: [k, w], strides: [s0, 1], arr: np.lib.strideTricks.asStrided(base, [k, w], [8 * s0, 8]), overlaps: true, writeable: true });
    } else if (op === 3) {
      // a pending computation with memory of its own: later views of it must see writes through them
      log.push("pending copy");
      const mem = valuesOf(v);
      views.push({ mem, offset: 0, shape: [...v.shape], strides: v.shape.map((_, d) => size(v.shape.slice(d + 1))), arr: v.arr.mul(1), overlaps: false, writeable: true });
    } else if (op === 4) {
      // readers: a pending expression, a gather, a mask selection
      const kind = r.int(3);
      if (kind === 0) { reads.push({ arr: v.arr.mul(2).add(1), expected: valuesOf(v).map((x) => 2 * x + 1), what: "expr" }); }
      else if (kind === 1 && v.shape.length && v.shape[0] > 0) {
        const list = Array.from({ length: 1 + r.int(4) }, () => r.int(v.shape[0]));
        const rowLen = size(v.shape.slice(1));
        const vals = valuesOf(v);
        reads.push({ arr: v.arr.get([list]), expected: list.flatMap((i) => vals.slice(i * rowLen, (i + 1) * rowLen)), what: `gather ${list}` });
      } else {
        const vals = valuesOf(v), th = r.int(total);
        reads.push({ arr: v.arr.get(v.arr.gt(th)), expected: vals.filter((x) => x > th), what: `mask > ${th}` });
      }
    } else if (op === 5 && v.writeable) {
      // basic set (array values only where no two elements share memory)
      const { items, layout } = randomBasic(r, v);
      const idx = render(r, items);
      const pos = positions(layout.offset, layout.shape, layout.strides);
      if (v.overlaps || r.chance(0.4)) {
        const c = fresh();
        log.push(`set ${JSON.stringify(idx)} = ${c}`);
        v.arr.set(idx, c);
        pos.forEach((p) => (v.mem[p] = c));
      } else {
        const vals = pos.map(() => fresh());
        log.push(`set ${JSON.stringify(idx)} = array`);
        v.arr.set(idx, np.array(vals, { dtype: "float64" }).reshape(layout.shape));
        pos.forEach((p, i) => (v.mem[p] = vals[i]));
      }
    } else if (op === 6 && v.writeable && v.shape.length && v.shape[0] > 0) {
      // advanced set: an integer list on the first axis (duplicates: the last write wins)
      const list = Array.from({ length: 1 + r.int(4) }, () => r.int(v.shape[0]) - (r.chance(0.3) ? v.shape[0] : 0));
      const rest = { shape: v.shape.slice(1), strides: v.strides.slice(1) };
      const pos = list.flatMap((i) => positions(v.offset + (i < 0 ? i + v.shape[0] : i) * v.strides[0], rest.shape, rest.strides));
      if (v.overlaps || r.chance(0.4)) {
        const c = fresh();
        log.push(`set [${list}] = ${c}`);
        v.arr.set([list], c);
        pos.forEach((p) => (v.mem[p] = c));
      } else {
        const vals = pos.map(() => fresh());
        log.push(`set [${list}] = array`);
        v.arr.set([list], np.array(vals, { dtype: "float64" }).reshape([list.length, ...rest.shape]));
        pos.forEach((p, i) => (v.mem[p] = vals[i]));
      }
    } else if (op === 7 && v.writeable) {
      // mask set
      const mask = positions(0, v.shape, v.shape.map(() => 0)).map(() => r.chance(0.4));
      const pos = positions(v.offset, v.shape, v.strides).filter((_, i) => mask[i]);
      const m = np.array(mask, { dtype: "bool" }).reshape(v.shape);
      if (v.overlaps || r.chance(0.5)) {
        const c = fresh();
        log.push(`set mask = ${c}`);
        v.arr.set(m, c);
        pos.forEach((p) => (v.mem[p] = c));
      } else {
        const vals = pos.map(() => fresh());
        log.push("set mask = array");
        v.arr.set(m, np.array(vals, { dtype: "float64" }));
        pos.forEach((p, i) => (v.mem[p] = vals[i]));
      }
    } else if (op === 8 && v.writeable) {
      // in place: every element reads its old value (NumPy copies an overlapping input first)
      const c = r.int(5) + 1;
      log.push(`iadd ${c}`);
      const pos = positions(v.offset, v.shape, v.strides), old = pos.map((p) => v.mem[p]);
      v.arr.iadd(c);
      pos.forEach((p, i) => (v.mem[p] = old[i] + c));
    } else if (op === 9 && v.writeable) {
      const c = fresh();
      log.push(`fill ${c}`);
      v.arr.fill(c);
      positions(v.offset, v.shape, v.strides).forEach((p) => (v.mem[p] = c));
    }
  }
  const where = () => `seed ${seed}: ${log.join("; ")}`;
  views.forEach((v, k) => expect((v.arr.flatten().tolist() as number[]), `${where()} (view #${k})`).toEqual(valuesOf(v)));
  for (const rd of reads) expect((rd.arr.flatten().tolist() as number[]), `${where()} (${rd.what})`).toEqual(rd.expected);
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("writes through random views land where NumPy puts them (compile %s)", (compile) => {
  it("800 random programs", () => {
    config.compile = compile;
    for (let seed = 1; seed <= 800; seed++) scenario(seed);
  });
});
