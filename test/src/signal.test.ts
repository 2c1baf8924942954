// Checks src/signal/ against NumPy 1.24 (test/fixtures/signal.json, written by
// test/fixtures/gen_signal.py, which records each call as data) in both evaluation
// modes; then what NumPy's values do not show: laziness and inputs read at evaluation.
import { afterEach, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { NDArray } from "../../src/index";
import { config } from "../../src/ndarray";
import { checker, fixtureFile } from "./fixtures";

type EncValue = number | string | boolean | [number | string, number | string];
interface EncArray { dtype: string; shape: number[]; values: EncValue[] }
type Arg = number | string | boolean | null | Arg[] | { array: EncArray } | { seq: [number, number, "f" | "i" | "w"] };
interface Call { fn: string; str?: string; args: Arg[]; kw: Record<string, Arg>; tol: number; intp?: boolean }

const file = fixtureFile("signal");
const check = checker(file);
const calls = file.cases as unknown as Record<string, Call>;

const float = (v: number | string): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

/** gen_signal.py's seeded sequence: r_i = (i * 7919 + seed * 104729) % 10007. */
function seq(n: number, seed: number, kind: "f" | "i" | "w"): NDArray {
  const r = Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729) % 10007);
  if (kind === "i") return np.array(r.map((v) => v % 23), { dtype: "int32" });
  return np.array(Float64Array.from(r, (v) => (kind === "f" ? v / 97 - 50 : v / 1000)));
}

function decode(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(decode);
  if (a === null || typeof a !== "object") return a;
  if ("seq" in a) return seq(...a.seq);
  const e = a.array;
  const values = e.values.map((v) => (Array.isArray(v) ? { re: float(v[0]), im: float(v[1]) } : typeof v === "string" ? float(v) : v));
  return np.array(values, { dtype: e.dtype }).reshape(e.shape);
}

/** Numbers in a result (polyfit's rcond) as 0-d arrays, as NumPy's answer records them. */
const arrays = (r: unknown): unknown => (Array.isArray(r) ? r.map(arrays) : typeof r === "number" ? np.asarray(r) : r);

function replay(c: Call): unknown {
  if (c.fn === "poly1d_str") return String(new np.poly1d(decode(c.args[0]) as NDArray));
  const fn = (np as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  const kw = Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [k, decode(v)]));
  return arrays(fn(...c.args.map(decode), ...(Object.keys(kw).length ? [kw] : [])));
}

const saved = config.compile;
afterEach(() => { config.compile = saved; });

describe.each([true, false])("signal vs NumPy 1.24 (compile %s)", (compile) => {
  for (const [name, c] of Object.entries(calls)) {
    it(name, () => {
      config.compile = compile;
      if (c.fn === "poly1d_str") { expect(replay(c)).toBe((c as unknown as { str: string }).str); return; }
      check(name, () => replay(c), { tol: c.tol, intp: c.intp });
    });
  }
});


describe("signal: laziness and poly1d", () => {
  it("convolve, interp, gradient, polyval, sinc and the windows stay pending", () => {
    const a = np.array([1, 2, 3, 4]).mul(1.5);
    const rs = [np.convolve(a, [1, -1]), np.correlate(a, [1, 1], "full"), np.interp(a, [0, 10], [0, 1]),
      np.gradient(a) as NDArray, np.polyval([1, 2], a) as NDArray, np.sinc(a), np.i0(a), np.unwrap(a), np.hanning(5)];
    for (const r of rs) expect(r.isPending).toBe(true);
    expect(a.isPending).toBe(true);
    expect(rs[0].tolist()).toEqual([1.5, 1.5, 1.5, 1.5, -6]);
    expect(rs[3].tolist()).toEqual([1.5, 1.5, 1.5, 1.5]);
  });

  it("a later write to an input does not change a pending result", () => {
    const a = np.array([1.0, 2.0, 3.0]);
    const c = np.convolve(a, [1, 1]), g = np.gradient(a) as NDArray, i = np.interp([1.5], np.array([1.0, 2.0]), a.get("0:2"));
    a.set(0, 100);
    expect(c.tolist()).toEqual([1, 3, 5, 3]);
    expect(g.tolist()).toEqual([1, 1, 1]);
    expect(i.tolist()).toEqual([1.5]);
  });

  it("poly1d: call, roots, deriv, integ, arithmetic", () => {
    const p = new np.poly1d([1, -3, 2]);
    expect(p.order).toBe(2);
    expect((p.call(3) as NDArray).item()).toBe(2);
    expect((p.roots.tolist() as number[]).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([2, 1]);
    expect(p.deriv().coeffs.tolist()).toEqual([2, -3]);
    expect(p.integ().coeffs.tolist()).toEqual([1 / 3, -1.5, 2, 0]);
    expect(p.add([1, 1]).coeffs.tolist()).toEqual([1, -2, 3]);
    expect(p.mul(p).coeffs.tolist()).toEqual([1, -6, 13, -12, 4]);
    expect(p.pow(2).equals(p.mul(p))).toBe(true);
    const [q, r] = p.div([1, -1]) as [np.Poly1d, np.Poly1d];
    expect(q.coeffs.tolist()).toEqual([1, -2]);
    expect(r.coeffs.tolist()).toEqual([0]);
    expect(new np.poly1d([2, 1], true).coeffs.tolist()).toEqual([1, -3, 2]);
    expect(p.get(1)).toBe(-3);
  });
});

describe("convolve and correlate through FFTs (long inputs)", () => {
  /** NumPy's definition, summed directly: out[k] = Σ_j a[k - left + j]·w[j] over complex pairs. */
  function direct(a: { re: number; im: number }[], w: { re: number; im: number }[], mode: string): { re: number; im: number }[] {
    const n1 = a.length, n = w.length;
    const left = mode === "full" ? n - 1 : mode === "same" ? n >> 1 : 0, length = mode === "valid" ? n1 - n + 1 : mode === "same" ? n1 : n1 + n - 1;
    const out: { re: number; im: number }[] = [];
    for (let k = 0; k < length; k++) {
      let re = 0, im = 0;
      for (let j = 0; j < n; j++) {
        const i = k - left + j;
        if (i < 0 || i >= n1) continue;
        re += a[i].re * w[j].re - a[i].im * w[j].im; im += a[i].re * w[j].im + a[i].im * w[j].re;
      }
      out.push({ re, im });
    }
    return out;
  }
  const cplx = (x: unknown[]) => x.map((v) => (typeof v === "number" ? { re: v, im: 0 } : (v as { re: number; im: number })));
  it("match the direct sums to rounding, every mode, real and complex, either order", () => {
    for (const [n1, n] of [[6000, 900], [2500, 2500], [700, 3000]]) {
      const a = np.sin(np.arange(n1).mul(0.1)), v = np.cos(np.arange(n).mul(0.3)).mul(2);
      const z = np.add(a, np.multiply(np.cos(np.arange(n1)), np.array({ re: 0, im: 1 })));
      for (const mode of ["full", "same", "valid"] as const) {
        const [x, y] = n1 >= n ? [a, v] : [v, a];
        const want = direct(cplx(x.tolist() as number[]), cplx((y.tolist() as number[]).reverse()), mode);
        const got = np.convolve(a, v, mode).tolist() as number[];
        const scale = Math.max(...want.map((w) => Math.abs(w.re)));
        expect(got.length).toBe(want.length);
        got.forEach((g, k) => expect(Math.abs(g - want[k].re)).toBeLessThan(1e-11 * scale));
        // correlate conjugates its second argument; a shorter first one is swapped and the result reversed
        const conj = (q: { re: number; im: number }) => ({ re: q.re, im: -q.im });
        const zc = cplx(z.tolist() as unknown[]), vc = cplx(v.tolist() as number[]);
        const cw = n1 >= n ? direct(zc, vc.map(conj), mode) : direct(vc.map(conj), zc, mode).reverse();
        const cg = np.correlate(z, v, mode).tolist() as { re: number; im: number }[];
        cg.forEach((g, k) => expect(Math.abs(g.re - cw[k].re) + Math.abs(g.im - cw[k].im)).toBeLessThan(1e-11 * scale * 2));
      }
    }
  });
});
