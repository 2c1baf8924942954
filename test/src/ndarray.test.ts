/**
 * NDArray (src/ndarray.ts, src/methods.ts): laziness and its invisibility, views and
 * memory sharing, layout properties, conversions, value types, explain(), the kernel
 * cache and the buffer pool. Expected values are NumPy 1.24's (noted where computed).
 * Behaviour that must not depend on the evaluation path runs under both
 * `config.compile = true` (generated kernels) and `false` (the reference interpreter).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { config } from "../../src/ndarray";
import { cacheStats } from "../../compiler/codegen";
import { poolStats } from "../../runtime/buffer";

const MODES = [true, false] as const;
const modeName = (c: boolean) => (c ? "compiled" : "interpreted");
const saved = config.compile;
afterEach(() => { config.compile = saved; });

function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error("did not throw");
}

// ---- errors at the call -----------------------------------------------------------------

describe("shape and dtype errors are thrown at the call", () => {
  it("broadcast mismatch: ValueError with NumPy's exact message (trailing space included)", () => {
    const e = thrown(() => np.ones([3, 2]).add(np.ones([3])));
    expect(e).toBeInstanceOf(np.ValueError);
    expect(e.message).toBe("operands could not be broadcast together with shapes (3,2) (3,) ");
  });
  it("a pending operand fails at the call too, and nothing is computed", () => {
    const misses = cacheStats.misses;
    const p = np.ones([5]).add(1).mul(np.arange(5));
    expect(p.isPending).toBe(true);
    const e = thrown(() => p.add(np.ones([4])));
    expect(e).toBeInstanceOf(np.ValueError);
    expect(e.message).toBe("operands could not be broadcast together with shapes (5,) (4,) ");
    expect(p.isPending).toBe(true);
    expect(cacheStats.misses).toBe(misses);
  });
  it("three operands (where)", () => {
    expect(thrown(() => np.where(np.ones([2]), np.ones([3]), 1)).message)
      .toBe("operands could not be broadcast together with shapes (2,) (3,) () ");
  });
  it("no loop for the dtypes: TypeError at the call", () => {
    const e = thrown(() => np.ones([3]).and(np.ones([3])));
    expect(e).toBeInstanceOf(np.TypeError);
    expect(e).toBeInstanceOf(globalThis.TypeError);
    expect(e.message).toBe("ufunc 'bitwise_and' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''");
  });
  it("reshape, index, and out= errors", () => {
    expect(thrown(() => np.ones([6]).reshape(4)).message).toBe("cannot reshape array of size 6 into shape (4,)");
    const ie = thrown(() => np.ones([5]).get(5));
    expect(ie).toBeInstanceOf(np.IndexError);
    expect(ie.message).toBe("index 5 is out of bounds for axis 0 with size 5");
    expect(thrown(() => np.ones([2, 3]).get("0,0,0")).message).toBe("too many indices for array: array is 2-dimensional, but 3 were indexed");
    expect(thrown(() => np.ones([5]).iadd(np.ones([2, 5]))).message).toBe("non-broadcastable output operand with shape (5,) doesn't match the broadcast shape (2,5)");
    const ce = thrown(() => np.ones([5], "int32").iadd(1.5));
    expect(ce).toBeInstanceOf(np.TypeError);
    expect(ce.message).toBe("Cannot cast ufunc 'add' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'");
  });
  it("results know shape and dtype before evaluation", () => {
    const r = np.ones([2, 1, 3], "float32").mul(np.arange(4).reshape(4, 1)).add(2);
    expect(r.isPending).toBe(true);
    expect(r.shape).toEqual([2, 4, 3]);
    expect(String(r.dtype)).toBe("float64"); // float32 with int32 promotes to float64
    expect([r.ndim, r.size, r.itemsize, r.nbytes]).toEqual([3, 24, 8, 192]);
    expect(String(np.ones([2], "float32").mul(2).dtype)).toBe("float32"); // weak scalar
    expect(String(np.arange(3).mul(2.5).dtype)).toBe("float64");
    expect(String(np.arange(3).div(np.arange(3)).dtype)).toBe("float64");
  });
});

// ---- laziness is invisible after in-place writes ------------------------------------------------

describe.each(MODES)("laziness is invisible after in-place writes (%s)", (compile) => {
  const on = () => { config.compile = compile; };
  it(`a pending expression reads the values from before a later write (${modeName(compile)})`, () => {
    on();
    const a = np.arange(5);
    const p = a.mul(2);
    a.set(0, 100);
    a.get("3:").fill(-1);
    expect(p.tolist()).toEqual([0, 2, 4, 6, 8]);
    expect(a.tolist()).toEqual([100, 1, 2, -1, -1]);
    expect(a.mul(2).tolist()).toEqual([200, 2, 4, -2, -2]);
  });
  it(`iadd, out= and writes through views of the read array (${modeName(compile)})`, () => {
    on();
    const a = np.arange(4);
    const rev = a.get("::-1").mul(1);
    const v = a.get("1:3");
    v.iadd(10);
    np.add(a, 1, { out: a });
    expect(rev.tolist()).toEqual([3, 2, 1, 0]);
    expect(a.tolist()).toEqual([1, 12, 13, 4]);
  });
  it(`writes through a view of a pending array (${modeName(compile)})`, () => {
    on();
    const base = np.arange(4);
    const p = base.add(1); // pending
    const later = p.mul(10); // pending, reads p
    const view = p.get("0:2"); // a pending view of p
    view.fill(0);
    expect(p.tolist()).toEqual([0, 0, 3, 4]);
    expect(later.tolist()).toEqual([10, 20, 30, 40]);
    expect(base.tolist()).toEqual([0, 1, 2, 3]);
    // the view still shares p's memory
    p.set(3, 7);
    expect(view.tolist()).toEqual([0, 0]);
    p.set(1, 5);
    expect(view.tolist()).toEqual([0, 5]);
  });
  it(`chains of pending arrays (${modeName(compile)})`, () => {
    on();
    const a = np.arange(4);
    const b = a.add(1), c = b.mul(2), d = c.sub(b);
    a.set(":", 50);
    expect(d.tolist()).toEqual([1, 2, 3, 4]);
    expect(b.tolist()).toEqual([1, 2, 3, 4]);
    // an intermediate evaluated, then written: its pending readers keep the old values
    const x = np.arange(4), y = x.add(1), z = y.mul(2);
    y.evalSync();
    y.set(0, 100);
    expect(z.tolist()).toEqual([2, 4, 6, 8]);
    // ... and written without being evaluated first
    const s = np.arange(4), t = s.add(1), u = t.mul(2);
    t.set(0, 100);
    expect(u.tolist()).toEqual([2, 4, 6, 8]);
    expect(t.tolist()).toEqual([100, 2, 3, 4]);
  });
  it(`advanced-index writes, out= into a pending array, pending reductions and reshapes (${modeName(compile)})`, () => {
    on();
    const a = np.arange(5);
    const p = a.mul(2), s = a.sum(), r = a.add(0).reshape(5, 1);
    a.set(a.gt(2), 0);
    a.set(np.array([0, 4]), 9);
    expect(p.tolist()).toEqual([0, 2, 4, 6, 8]);
    expect(s.item()).toBe(10);
    expect(r.tolist()).toEqual([[0], [1], [2], [3], [4]]);
    expect(a.tolist()).toEqual([9, 1, 2, 0, 9]);
    const b = np.arange(4);
    const q = b.add(1), qq = q.mul(3);
    np.multiply(b, 10, { out: q });
    expect(q.tolist()).toEqual([0, 10, 20, 30]);
    expect(qq.tolist()).toEqual([3, 6, 9, 12]);
    expect(b.tolist()).toEqual([0, 1, 2, 3]);
  });
  it(`writes through views of a pending array's views (${modeName(compile)})`, () => {
    on();
    const a = np.arange(6).reshape(2, 3);
    const p = a.mul(1);
    p.T.set([0, 1], -1);
    expect(p.tolist()).toEqual([[0, 1, 2], [-1, 4, 5]]);
    expect(a.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    const c = np.arange(4), d = c.add(1);
    const even = d.get("::2"), odd = d.get("1::2");
    even.fill(0);
    expect(d.tolist()).toEqual([0, 2, 0, 4]);
    expect(odd.tolist()).toEqual([2, 4]);
  });
  it(`a long pending chain over a buffer that is overwritten repeatedly (${modeName(compile)})`, () => {
    on();
    const a = np.ones([3]);
    const snaps: np.NDArray[] = [];
    for (let k = 0; k < 5; k++) { snaps.push(a.mul(1)); a.iadd(a); }
    expect(snaps.map((s) => s.tolist())).toEqual([[1, 1, 1], [2, 2, 2], [4, 4, 4], [8, 8, 8], [16, 16, 16]]);
    expect(a.tolist()).toEqual([32, 32, 32]);
  });
});

describe("eval and np.eval", () => {
  it("await x.eval() materializes x and resolves to it; np.eval evaluates several", async () => {
    const a = np.arange(4);
    const x = a.mul(2), y = a.add(x), z = y.sum();
    expect(x.isPending && y.isPending && z.isPending).toBe(true);
    expect(await x.eval()).toBe(x);
    expect(x.isPending).toBe(false);
    const out = await np.eval(y, z);
    expect(out[0]).toBe(y);
    expect(out[1]).toBe(z);
    expect(y.isPending || z.isPending).toBe(false);
    expect(y.tolist()).toEqual([0, 3, 6, 9]);
    expect(z.item()).toBe(18);
    expect(x.evalSync()).toBe(x);
  });
});

// ---- views share memory -----------------------------------------------------------------------

describe.each(MODES)("views share memory (%s)", (compile) => {
  const on = () => { config.compile = compile; };
  it("get slices: writes go both ways", () => {
    on();
    const a = np.arange(10);
    const v = a.get("2:8:2");
    v.set(0, -1);
    expect(a.item(2)).toBe(-1);
    a.set(4, 44);
    expect(v.tolist()).toEqual([-1, 44, 6]);
    const w = a.get("::-3");
    w.fill(0);
    expect(a.tolist()).toEqual([0, 1, -1, 0, 44, 5, 0, 7, 8, 0]);
  });
  it("T, reshape, ravel (contiguous), newaxis", () => {
    on();
    const a = np.arange(6).reshape(2, 3);
    a.T.set([2, 1], 50);
    expect(a.item(1, 2)).toBe(50);
    const r = a.ravel();
    r.set(0, -7);
    expect(a.item(0, 0)).toBe(-7);
    a.reshape(3, 2).set([2, 1], 99);
    expect(r.item(5)).toBe(99);
    a.get([null, ":", 1]).set([0, 1], 11);
    expect(a.item(1, 1)).toBe(11);
  });
  it("real and imag of a complex array", () => {
    on();
    const c = np.array([{ re: 1, im: 2 }, { re: 3, im: 4 }]);
    c.real.set(1, 30);
    c.imag.set(0, -20);
    expect(c.tolist()).toEqual([{ re: 1, im: -20 }, { re: 30, im: 4 }]);
    expect(c.real.strides).toEqual([16]);
    expect(c.imag.base).toBe(c);
    expect(String(c.imag.dtype)).toBe("float64");
    expect(String(np.array([{ re: 1, im: 2 }], "complex64").real.dtype)).toBe("float32");
  });
  it("view(dtype)", () => {
    on();
    const x = np.array([1.5, -2]);
    const i = x.view("int32");
    expect(i.shape).toEqual([4]);
    expect(i.tolist()).toEqual([0, 1073217536, 0, -1073741824]); // NumPy 1.24
    expect(i.base).toBe(x);
    i.set(1, 0);
    expect(x.tolist()).toEqual([0, -2]);
    const u = np.array([1, 256], "uint16").view("uint8");
    expect(u.tolist()).toEqual([1, 0, 0, 1]);
    expect(x.view("uint8").shape).toEqual([16]);
  });
  it("copy is independent both ways", () => {
    on();
    const a = np.arange(4);
    const c = a.copy();
    a.set(0, 9);
    expect(c.tolist()).toEqual([0, 1, 2, 3]);
    c.set(1, 8);
    expect(a.tolist()).toEqual([9, 1, 2, 3]);
    const v = a.get("::2").copy();
    a.fill(0);
    expect(v.tolist()).toEqual([9, 2]);
    expect(v.base).toBe(null);
  });
  it("advanced indexing copies; set writes in place", () => {
    on();
    const a = np.arange(5);
    const g = a.get(np.array([0, 2]));
    g.set(0, 100);
    expect(a.item(0)).toBe(0);
    a.set(np.array([1, 3]), -1);
    expect(a.tolist()).toEqual([0, -1, 2, -1, 4]);
    a.set(a.lt(0), 7);
    expect(a.tolist()).toEqual([0, 7, 2, 7, 4]);
  });
});

// ---- layout properties -------------------------------------------------------------------

describe("strides (bytes), flags, base", () => {
  it("strides in bytes, as NumPy", () => {
    const f = np.zeros([3, 4]);
    expect(f.strides).toEqual([32, 8]);
    expect(np.zeros([3, 4], "int32").strides).toEqual([16, 4]);
    expect(np.zeros([2, 3], "complex128").strides).toEqual([48, 16]);
    expect(np.zeros([2, 3], "bool").strides).toEqual([3, 1]);
    expect(f.T.strides).toEqual([8, 32]);
    expect(f.get("::2, ::-1").strides).toEqual([64, -8]); // NumPy: (64, -8)
    const z = np.zeros(3);
    expect(z.get([null]).strides).toEqual([0, 8]);
    expect(z.get([":", null]).strides).toEqual([8, 0]);
    expect(np.broadcastTo(z, [2, 3]).strides).toEqual([0, 8]);
  });
  it("flags", () => {
    const a = np.arange(12).astype("float64").reshape(3, 4);
    const a0 = np.zeros([3, 4]);
    expect(a0.flags).toEqual({ cContiguous: true, fContiguous: false, owndata: true, writeable: true });
    expect(a0.T.flags).toEqual({ cContiguous: false, fContiguous: true, owndata: false, writeable: true });
    expect(a0.get("::2").flags.cContiguous).toBe(false);
    expect(np.zeros([3, 1]).flags).toMatchObject({ cContiguous: true, fContiguous: true });
    expect(np.zeros([1, 3]).get(":, ::2").flags.cContiguous).toBe(false);
    expect(np.broadcastTo(np.zeros(3), [2, 3]).flags).toEqual({ cContiguous: false, fContiguous: false, owndata: false, writeable: false });
    // a result follows its inputs' order (NumPy's K order for ufuncs)
    expect(a.T.add(1).flags.fContiguous).toBe(true);
    expect(a.T.add(1).strides).toEqual([8, 32]);
    expect(() => np.broadcastTo(np.zeros(3), [2, 3]).set(0, 1)).toThrow("assignment destination is read-only");
  });
  it.each(MODES)("a.T.copy() is C-contiguous: ndarray.copy's order is 'C' (compile = %s)", (compile) => {
    config.compile = compile;
    const t = np.arange(6).astype("float64").reshape(2, 3).T;
    expect(t.copy().flags.cContiguous).toBe(true);
    expect(t.copy().strides).toEqual([16, 8]);
    expect(t.copy().tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });
  it("base is the array that owns the memory", () => {
    const own = np.zeros(6);
    expect(own.base).toBe(null);
    const v = own.get("1:");
    expect(v.base).toBe(own);
    expect(v.get("1:").base).toBe(own);
    expect(own.T.base).toBe(own);
    expect(own.reshape(2, 3).base).toBe(own);
    expect(own.reshape(2, 3).T.get(0).base).toBe(own);
    expect(own.copy().base).toBe(null);
    expect(own.add(1).base).toBe(null);
    expect(own.reshape(2, 3).flags.owndata).toBe(false);
    // a view of a pending array: its base is the pending array
    const p = own.add(1);
    expect(p.get("::2").base).toBe(p);
  });
});

// ---- conversions -------------------------------------------------------------------------------

describe.each(MODES)("astype (%s)", (compile) => {
  const on = () => { config.compile = compile; };
  // expected values: NumPy 1.24 on x86-64 (contiguous arrays)
  const src = () => np.array([1e10, -1.7, NaN, Infinity, 300.7, -129]);
  it("float -> int: truncation toward zero, out of range and nan as x86 converts", () => {
    on();
    expect(src().astype("int32").tolist()).toEqual([-2147483648, -1, -2147483648, -2147483648, 300, -129]);
    expect(src().astype("int8").tolist()).toEqual([0, -1, 0, 0, 44, 127]);
    expect(src().astype("uint8").tolist()).toEqual([0, 255, 0, 0, 44, 127]);
    expect(src().astype("int16").tolist()).toEqual([0, -1, 0, 0, 300, -129]);
    expect(src().astype("uint16").tolist()).toEqual([0, 65535, 0, 0, 300, 65407]);
    expect(src().astype("int64").tolist()).toEqual([10000000000n, -1n, -9223372036854775808n, -9223372036854775808n, 300n, -129n]);
    expect(np.array([2.9, -2.9, 0.5, -0.5]).astype("int32").tolist()).toEqual([2, -2, 0, 0]);
  });
  it("int -> int wraps", () => {
    on();
    expect(np.array([200, -1, 65535, 70000], "int32").astype("int8").tolist()).toEqual([-56, -1, -1, 112]);
    expect(np.array([200, -1, 65535, 70000], "int32").astype("uint16").tolist()).toEqual([200, 65535, 65535, 4464]);
    expect(np.array([2n ** 63n + 5n], "uint64").astype("int64").tolist()).toEqual([-9223372036854775803n]);
    expect(np.array([-1n], "int64").astype("uint32").tolist()).toEqual([4294967295]);
    expect(np.array([-1], "int8").astype("uint64").tolist()).toEqual([18446744073709551615n]);
  });
  it("to float rounds", () => {
    on();
    expect(np.array([16777217], "int32").astype("float32").tolist()).toEqual([16777216]);
    expect(np.array([2n ** 53n + 1n], "int64").astype("float64").tolist()).toEqual([9007199254740992]);
    expect(np.array([0.1]).astype("float32").tolist()).toEqual([Math.fround(0.1)]);
    expect(np.array([{ re: 3.9, im: 4 }]).astype("float64").tolist()).toEqual([3.9]);
    expect(np.array([{ re: -3.9, im: 4 }]).astype("int32").tolist()).toEqual([-3]);
  });
  it("to bool: nonzero, nan is true, -0 is false", () => {
    on();
    expect(np.array([1.5, -0, 0, NaN, Infinity]).astype("bool").tolist()).toEqual([true, false, false, true, true]);
    expect(np.array([0, 256, -1], "int32").astype("bool").tolist()).toEqual([false, true, true]);
    expect(np.array([true, false]).astype("float64").tolist()).toEqual([1, 0]);
    expect(np.array([0n, 1n << 40n], "int64").astype("bool").tolist()).toEqual([false, true]);
  });
  it("complex to bool uses both parts", () => {
    on();
    expect(np.array([{ re: 0, im: 1 }, { re: 0, im: 0 }, { re: 2, im: 0 }]).astype("bool").tolist()).toEqual([true, false, true]);
  });
});

// ---- 64-bit integers ----------------------------------------------------------------------------

describe.each(MODES)("int64/uint64 arithmetic is exact (%s)", (compile) => {
  it("add, sub, mul, floordiv, mod, neg against bigint arithmetic", () => {
    config.compile = compile;
    const vals = [9007199254740993n, 9223372036854775807n, -9223372036854775808n, 123456789012345678n, -5n];
    const a = np.array(vals);
    expect(String(a.dtype)).toBe("int64");
    const wrap = (x: bigint) => BigInt.asIntN(64, x);
    const fdiv = (x: bigint, y: bigint) => { const q = x / y; return (x % y !== 0n && (x < 0n) !== (y < 0n)) ? q - 1n : q; };
    expect(a.add(1n).tolist()).toEqual(vals.map((v) => wrap(v + 1n)));
    expect(a.sub(1).tolist()).toEqual(vals.map((v) => wrap(v - 1n)));
    expect(a.mul(3).tolist()).toEqual(vals.map((v) => wrap(v * 3n)));
    expect(a.floordiv(7).tolist()).toEqual(vals.map((v) => fdiv(v, 7n)));
    expect(a.mod(7).tolist()).toEqual(vals.map((v) => v - 7n * fdiv(v, 7n)));
    expect(a.neg().tolist()).toEqual(vals.map((v) => wrap(-v)));
    expect(a.mul(a).tolist()).toEqual(vals.map((v) => wrap(v * v)));
  });
  it("uint64 wraps modulo 2**64", () => {
    config.compile = compile;
    const z = np.array([0n, 5n], "uint64");
    expect(z.sub(np.array([1n, 2n], "uint64")).tolist()).toEqual([18446744073709551615n, 3n]);
    expect(np.array([2n ** 64n - 1n], "uint64").add(np.array([2n], "uint64")).tolist()).toEqual([1n]);
  });
});

// ---- value types ---------------------------------------------------------------------------------

describe("tolist and item value types", () => {
  it("bigint for 64-bit ints, boolean, {re, im}, number", () => {
    expect(np.array([1n, 2n]).tolist()).toEqual([1n, 2n]);
    expect(typeof np.array([1, 2], "uint64").item(1)).toBe("bigint");
    expect(np.array([1, 2], "uint64").item(1)).toBe(2n);
    expect(np.array([true, false]).tolist()).toEqual([true, false]);
    expect(typeof np.array([1, 0]).astype("bool").item(0)).toBe("boolean");
    expect(np.array([{ re: 1, im: -1 }]).item(0)).toEqual({ re: 1, im: -1 });
    expect(np.array([1.25], "float32").item(0)).toBe(1.25);
    expect(typeof np.array([3], "int8").item(0)).toBe("number");
    expect(np.array([[1, 2], [3, 4]]).item(1, 0)).toBe(3);
    expect(np.array([[1, 2], [3, 4]]).item(3)).toBe(4);
    expect(np.array([[1, 2], [3, 4]]).item(-1)).toBe(4);
    expect(() => np.array([1, 2]).item()).toThrow("can only convert an array of size 1 to a Python scalar");
  });
  it("0-d arrays give the scalar; nesting follows the shape", () => {
    expect(np.array(5).tolist()).toBe(5);
    expect(np.array(5n).tolist()).toBe(5n);
    expect(np.array([[1, 2]]).get(0, 1).tolist()).toBe(2);
    expect(np.ones([2, 1, 2]).tolist()).toEqual([[[1, 1]], [[1, 1]]]);
    expect(np.zeros([2, 0]).tolist()).toEqual([[], []]);
    expect(np.ones([3]).sum().item()).toBe(3);
  });
  it("a lazy 0-d reduction", () => {
    const s = np.arange(5).mul(2).sum();
    expect(s.ndim).toBe(0);
    expect(s.item()).toBe(20);
  });
});

// ---- explain, kernel cache, buffer pool ---------------------------------------------------------------

describe("explain()", () => {
  it("a.mul(b).add(a.mul(2)) is one fused kernel", () => {
    config.compile = true;
    const a = np.ones([4, 5]), b = np.full([4, 5], 2.5);
    const e = a.mul(b).add(a.mul(2)).explain();
    expect(e.match(/fused kernel/g)).toHaveLength(1);
    expect(e).toMatch(/^step 1: fused kernel: \d+ nodes \(2 loads, 1 constants\) -> 1 output of shape \[4,5\]/);
    expect(e).not.toMatch(/step 2/);
    expect(e).toContain("function kernel(");
    expect(np.explain(np.ones([2]))).toMatch(/nothing to compute|no kernel/);
  });
  it("a reduction fuses with its producer and its epilogue: one step", () => {
    const r = np.ones([4, 5]).mul(2).sum(0).add(1);
    const e = r.explain();
    expect(e).toMatch(/fused reduction/);
    expect(e.match(/^step \d+/gm)!.length).toBe(1);
    expect(r.tolist()).toEqual([9, 9, 9, 9, 9]);
  });
  it("says why a reshape ends a group: a buffer's layout strides cannot express, or an input computed first", () => {
    config.compile = true;
    const m = np.array([[0, 1, 2], [3, 4, 5]], { dtype: "float64" });
    // np.reshape copies a transpose it cannot view (as NumPy): the reshape reads that copy
    const t = m.T.reshape(6).add(1);
    expect(t.explain()).toContain("reshape to [6]: its input is computed into memory (C order) by an earlier step");
    expect(t.tolist()).toEqual([1, 4, 2, 5, 3, 6]);
    const p = np.linspace(0, 5, 6).evalSync().mul(2).reshape(2, 3).add(1);
    const e = p.explain();
    expect(e).toContain("reshape to [2,3]: its input is computed into memory (C order) by an earlier step");
    expect(e).not.toContain("copied");
    expect(p.tolist()).toEqual([[1, 3, 5], [7, 9, 11]]);
  });
});

describe("kernel cache", () => {
  it("the same expression on new data compiles nothing new", () => {
    config.compile = true;
    const expr = (x: np.NDArray, y: np.NDArray) => x.mul(y).add(x.mul(2)).sub(y.get("::-1"));
    const r1 = expr(np.array([0, 1, 2, 3, 4, 5, 6.5]), np.full([7], 1.5)).tolist();
    const { hits, misses } = cacheStats;
    const r2 = expr(np.array([0, -1, -2, -3, -4, -5, -6.5]), np.full([7], 3.5)).tolist() as number[];
    expect(cacheStats.misses).toBe(misses);
    expect(cacheStats.hits).toBeGreaterThan(hits);
    expect(r2).not.toEqual(r1);
    expect(r2[2]).toBe(-2 * 3.5 + -2 * 2 - 3.5);
    // a different dtype is a different kernel
    expr(np.array([0, 1, 2, 3, 4, 5, 6.5], "float32"), np.full([7], 1.5, "float32")).evalSync();
    expect(cacheStats.misses).toBeGreaterThan(misses);
  });
});

/** `gc` without --expose-gc on the command line (V8 lets a running process enable it). */
function getGc(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === "function") return g;
  try {
    v8.setFlagsFromString("--expose-gc");
    const f = vm.runInNewContext("gc") as unknown;
    return typeof f === "function" ? (f as () => void) : null;
  } catch { return null; }
}
const gc = getGc();
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("buffer pool", () => {
  it.skipIf(!gc)("buffers of collected arrays are reused for new results", async () => {
    config.compile = true;
    const before = poolStats.reused;
    for (let k = 0; k < 6; k++) {
      let big: np.NDArray | null = np.ones([30000]).mul(k);
      expect(big.item(5)).toBe(k);
      big = null;
      gc!();
      await tick();
    }
    expect(poolStats.returned).toBeGreaterThan(0);
    expect(poolStats.reused).toBeGreaterThan(before);
    // a recycled buffer holds correct new results (no stale data)
    const fresh = np.full([30000], 7).add(np.zeros([30000]));
    expect(fresh.item(29999)).toBe(7);
  });
  it.skipIf(!gc)("memory handed to user code (.data) is never recycled", async () => {
    config.compile = true;
    let a: np.NDArray | null = np.arange(30000).astype("float64").add(1);
    const data = a.data as Float64Array;
    a = null;
    gc!();
    await tick();
    for (let k = 0; k < 4; k++) np.full([30000], -5.5).mul(2).evalSync();
    expect(data[0]).toBe(1);
    expect(data[29999]).toBe(30000);
  });
});
