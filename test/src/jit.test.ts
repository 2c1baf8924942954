import { describe, expect, test } from "vitest";
import * as np from "../../src/index.js";
import type { NDArray } from "../../src/index.js";

/** A seeded generator: the random graphs differ per case and repeat per run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const arr = (r: () => number, shape: number[]) => np.array(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 4 - 2)).reshape(shape);

/** A random elementwise/broadcast/reduction graph of two arrays, as a function. */
function randomFn(seed: number): (x: NDArray, y: NDArray) => NDArray {
  const r = rng(seed);
  const steps: ((u: NDArray, x: NDArray, y: NDArray) => NDArray)[] = [
    (u, x) => u.add(x), (u, _x, y) => u.mul(y), (u) => u.sub(1.5), (u) => np.sin(u),
    (u) => np.abs(u), (u, x) => np.maximum(u, x), (u) => u.mul(u), (u, _x, y) => u.div(np.add(2, np.abs(y))),
    (u) => np.where(u.gt(0), u, u.mul(-0.5)), (u) => np.exp(u.mul(0.1)),
  ];
  const chosen = Array.from({ length: 3 + Math.floor(r() * 6) }, () => steps[Math.floor(r() * steps.length)]);
  const reduce = Math.floor(r() * 3); // 0: none, 1: sum over an axis, 2: max over all
  return (x, y) => {
    let u = x.mul(y);
    for (const f of chosen) u = f(u, x, y);
    return reduce === 1 ? np.sum(u, { axis: -1 }) : reduce === 2 ? np.max(u) : u;
  };
}

describe("np.jit results equal the plain function", () => {
  test.each(Array.from({ length: 20 }, (_, i) => i))("random graph %i (broadcasting a (3,4) with a (4,))", (seed) => {
    const r = rng(100 + seed);
    const fn = randomFn(seed);
    const jf = np.jit(fn);
    for (let k = 0; k < 3; k++) {
      const x = arr(r, [3, 4]), y = arr(r, [4]);
      expect(jf(x, y).tolist()).toEqual(fn(x, y).tolist());
    }
    expect(jf.traces).toBe(1);
  });

  test("matmul, einsum, views and slicing inside the function", () => {
    const r = rng(7);
    const fn = (x: NDArray, y: NDArray) => np.matmul(x.get(":, ::-1").T, y).add(np.einsum("ij,ij->j", x, x).reshape(3, 1)).get("1:");
    const jf = np.jit(fn);
    for (let k = 0; k < 3; k++) {
      const x = arr(r, [4, 3]), y = arr(r, [4, 2]);
      const want = fn(x, y).tolist() as number[][], got = jf(x, y).tolist() as number[][];
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    }
  });

  test("reductions with axis and keepdims, integer and boolean dtypes", () => {
    const fn = (x: NDArray) => [np.sum(x, { axis: 0, keepdims: true }), np.mean(x, { axis: 1 }), x.gt(3), np.argmax(x, { axis: 1 })];
    const jf = np.jit(fn);
    for (const x of [np.arange(12).reshape(3, 4), np.arange(12).reshape(3, 4).astype("int16").mul(-1)]) {
      expect((jf(x) as NDArray[]).map((a) => [a.dtype.str, a.shape, a.tolist()])).toEqual(fn(x).map((a) => [a.dtype.str, a.shape, a.tolist()]));
    }
    expect(jf.traces).toBe(2);
  });

  test("multiple outputs keep their structure (arrays, tuples, objects, other values)", () => {
    const jf = np.jit((p: { a: NDArray; b: NDArray[] }) => ({ s: p.a.add(p.b[0]), t: [p.b[1].mul(2), "tag", 3], n: null }));
    const out = jf({ a: np.ones(3), b: [np.arange(3), np.arange(2)] }) as { s: NDArray; t: [NDArray, string, number]; n: null };
    expect(out.s.tolist()).toEqual([1, 2, 3]);
    expect(out.t[0].tolist()).toEqual([0, 2]);
    expect(out.t.slice(1)).toEqual(["tag", 3]);
    expect(out.n).toBeNull();
  });

  test("the conformance case s3-jit", () => {
    const f = np.jit((x: NDArray, y: NDArray) => np.sum(x.sub(y).pow(2), { axis: -1 }));
    const a = np.arange(6).reshape(2, 3).astype("float64"), b = np.ones(3);
    expect([f(a, b).tolist(), f(a.mul(2), b).tolist()]).toEqual([[2, 29], [11, 155]]);
    expect(f.traces).toBe(1);
  });
});

describe("np.jit retraces per signature", () => {
  test("new shapes and dtypes retrace, repeated ones do not", () => {
    const jf = np.jit((x: NDArray) => x.mul(2));
    jf(np.ones(3)); jf(np.zeros(3)); jf(np.arange(3).astype("float64"));
    expect(jf.traces).toBe(1);
    jf(np.ones(4));
    expect(jf.traces).toBe(2);
    jf(np.ones(3, { dtype: "float32" }));
    expect(jf.traces).toBe(3);
    jf(np.ones(3)); jf(np.ones(4));
    expect(jf.traces).toBe(3);
  });

  test("static arguments key the cache by value and may steer control flow", () => {
    const jf = np.jit((x: NDArray, n: number) => (n > 0 ? x.add(n) : x.neg()), { staticArgnums: 1 });
    expect(jf(np.ones(2), 2).tolist()).toEqual([3, 3]);
    expect(jf(np.ones(2), 2).tolist()).toEqual([3, 3]);
    expect(jf.traces).toBe(1);
    expect(jf(np.ones(2), -1).tolist()).toEqual([-1, -1]);
    expect(jf.traces).toBe(2);
  });

  test("static argument names in a trailing options object", () => {
    const jf = np.jit((x: NDArray, o: { axis: number }) => np.sum(x, { axis: o.axis }), { staticArgnames: "axis" });
    const x = np.arange(6).reshape(2, 3);
    expect(jf(x, { axis: 0 }).tolist()).toEqual([3, 5, 7]);
    expect(jf(x, { axis: 1 }).tolist()).toEqual([3, 12]);
    expect(jf(x, { axis: 1 }).tolist()).toEqual([3, 12]);
    expect(jf.traces).toBe(2);
  });

  test("JS numbers are baked constants: a new value retraces", () => {
    const jf = np.jit((x: NDArray, c: number) => x.mul(c));
    expect(jf(np.ones(2), 3).tolist()).toEqual([3, 3]);
    expect(jf(np.ones(2), 3).tolist()).toEqual([3, 3]);
    expect(jf(np.ones(2), 4).tolist()).toEqual([4, 4]);
    expect(jf.traces).toBe(2);
  });

  test("the cache is bounded (least recently used dropped)", () => {
    const jf = np.jit((x: NDArray) => x.add(1), { cacheSize: 2 });
    jf(np.ones(1)); jf(np.ones(2)); jf(np.ones(1)); jf(np.ones(3)); // drops shape (2,)
    expect(jf.traces).toBe(3);
    jf(np.ones(1));
    expect(jf.traces).toBe(3);
    jf(np.ones(2));
    expect(jf.traces).toBe(4);
  });

  test("side effects run only while tracing", () => {
    const seen: number[] = [];
    const jf = np.jit((x: NDArray) => { seen.push(x.size); return x.add(1); });
    jf(np.ones(2)); jf(np.ones(2)); jf(np.ones(2));
    expect(seen).toEqual([2]);
  });
});

describe("tracing errors", () => {
  const x = np.arange(4).astype("float64");
  test.each([
    ["item", (a: NDArray) => a.get(0).item()],
    ["tolist", (a: NDArray) => a.tolist()],
    ["data", (a: NDArray) => a.data],
    ["toString", (a: NDArray) => `${a}`],
    ["Number()", (a: NDArray) => Number(np.sum(a))],
    ["if (x > 0)", (a: NDArray) => ((np.sum(a) as unknown as number) > 0 ? a : a.neg())],
    ["iteration", (a: NDArray) => [...a]],
    ["a pending result's value", (a: NDArray) => a.mul(2).add(1).tolist()],
    ["an in-place write to an argument", (a: NDArray) => a.iadd(1)],
  ])("%s raises ConcretizationTypeError mentioning staticArgnums", (_name, fn) => {
    const jf = np.jit(fn as (a: NDArray) => unknown);
    let err: unknown;
    try { jf(x); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(np.ConcretizationTypeError);
    expect((err as Error).name).toBe("ConcretizationTypeError");
    expect((err as Error).message).toMatch(/staticArgnums/);
  });

  test("after a tracing error arrays convert to primitives as before", () => {
    const jf = np.jit((a: NDArray) => Number(a));
    expect(() => jf(x)).toThrow(np.ConcretizationTypeError);
    expect(typeof `${np.ones(2)}`).toBe("string");
  });
});

describe("calls are independent", () => {
  test("outputs do not alias between calls, inputs are unchanged", () => {
    const jf = np.jit((x: NDArray) => [x.mul(2), x.add(1)]);
    const x = np.arange(5).astype("float64");
    const [a1, b1] = jf(x), [a2, b2] = jf(x);
    a1.set(0, 100); b1.set(0, -100);
    expect(a2.tolist()).toEqual([0, 2, 4, 6, 8]);
    expect(b2.tolist()).toEqual([1, 2, 3, 4, 5]);
    expect(x.tolist()).toEqual([0, 1, 2, 3, 4]);
    const d1 = a1.data as Float64Array, d2 = a2.data as Float64Array;
    expect(d1.buffer === d2.buffer && d1.byteOffset === d2.byteOffset).toBe(false);
  });

  test("an array the function closes over is copied into each result", () => {
    const c = np.arange(3);
    const jf = np.jit((x: NDArray) => [x.add(c), c]);
    const [, c1] = jf(np.ones(3)), [, c2] = jf(np.ones(3));
    c1.set(0, 9);
    expect(c2.tolist()).toEqual([0, 1, 2]);
  });

  test("pending (lazy) inputs, non-contiguous inputs and in-place writes between calls", () => {
    const jf = np.jit((x: NDArray, y: NDArray) => x.mul(y).sum({ axis: 0 }));
    const base = np.arange(12).reshape(3, 4).astype("float64");
    const y = np.ones(4).mul(2); // pending
    expect(y.isPending).toBe(true);
    expect(jf(base, y).tolist()).toEqual([24, 30, 36, 42]);
    base.iadd(1);
    expect(jf(base, y).tolist()).toEqual([30, 36, 42, 48]);
    base.set("0", 0);
    expect(jf(base, y).tolist()).toEqual([28, 32, 36, 40]);
    const t = np.arange(12).reshape(4, 3).astype("float64").T; // same shape, transposed layout
    expect(jf(t, y).tolist()).toEqual(np.sum(t.mul(y), { axis: 0 }).tolist());
    expect(jf(base.mul(1), y.add(0)).tolist()).toEqual([28, 32, 36, 40]); // both pending
  });

  test("a function returning its argument returns that array's memory, as NumPy's identity", () => {
    const jf = np.jit((x: NDArray) => x);
    const x = np.arange(3);
    expect(jf(x).tolist()).toEqual([0, 1, 2]);
  });

  test("explain shows the plan", () => {
    const jf = np.jit((x: NDArray) => x.mul(2).add(1));
    expect(jf.explain(np.ones(8))).toMatch(/1 traced argument\(s\), 1 step\(s\)/);
  });
});

test("writing an array the function closed over after tracing does not evaluate the trace", () => {
  const c = np.arange(3).astype("float64");
  const jf = np.jit((x: NDArray) => { const unused = x.sub(c); void unused; return x.add(c); });
  expect(jf(np.ones(3)).tolist()).toEqual([1, 2, 3]);
  c.set(0, 5);
  c.iadd(1);
  expect(c.tolist()).toEqual([6, 2, 3]);
  expect(jf(np.ones(3)).tolist()).toEqual([1, 2, 3]); // the constant was baked at trace time, as JAX bakes it
  expect(jf.traces).toBe(1);
});

test("a jitted function called inside another's trace is inlined", () => {
  const inner = np.jit((x: NDArray) => x.mul(3));
  const outer = np.jit((x: NDArray, y: NDArray) => inner(x).add(inner(y)));
  expect(outer(np.ones(2), np.arange(2)).tolist()).toEqual([3, 6]);
  expect(outer(np.ones(2), np.arange(2)).tolist()).toEqual([3, 6]);
  expect(outer.traces).toBe(1);
  expect(inner.traces).toBe(0);
  expect(inner(np.ones(2)).tolist()).toEqual([3, 3]);
});

test("0-d, empty, complex and large (worker-sized) arguments", () => {
  const jf = np.jit((x: NDArray, y: NDArray) => x.mul(y).add(1));
  expect(jf(np.array(2), np.array(3)).item()).toBe(7);
  expect(jf(np.zeros(0), np.zeros(0)).shape).toEqual([0]);
  const z = np.array([1, 2]).astype("complex128").mul(np.array([0, 1]).astype("complex128"));
  expect(jf(z, z).tolist()).toEqual(z.mul(z).add(1).tolist());
  const big = np.linspace(0, 1, 300000);
  const got = jf(big, big), want = big.mul(big).add(1);
  expect(np.allclose(got, want).item()).toBe(true);
});
