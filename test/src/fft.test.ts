/**
 * np.fft (src/fft/) against NumPy 1.24: test/fixtures/fft.json, written by
 * test/fixtures/gen_fft.py (run it with /usr/bin/python3). Inputs are computed on both
 * sides from a formula (`make`, the twin of the generator's); outputs must match NumPy's
 * dtype and shape exactly and its values to 1e-12 of the result's largest magnitude;
 * errors by class and message. Lengths 1..64, primes (generic radix and Bluestein),
 * powers of two to 2^14, mixed factors; every function and norm; n shorter and longer;
 * axes; real, complex, float32, int and bool inputs, strided views.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as np from "../../src/index";

interface Spec { kind: "f8" | "f4" | "c16" | "c8" | "i4" | "b" | "scalar"; shape: number[]; seed?: number; view?: "T" | "rev" }
interface Out { dtype: string; shape: number[]; maxabs: number; idx: number[]; re: number[]; im?: number[] }
interface Case { fn: string; input: Spec; args: unknown[]; kwargs: Record<string, unknown>; out?: Out; error?: string; message?: string }

const fixture: { numpy: string; cases: Case[] } = JSON.parse(readFileSync(new URL("../fixtures/fft.json", import.meta.url), "utf8"));
const FFT = np.fft as unknown as Record<string, (...a: unknown[]) => np.NDArray>;

/** The generator's `make`: element k of the flat array by the shared formula. */
function make(s: Spec): np.NDArray {
  const seed = s.seed ?? 0, size = s.shape.reduce((p, n) => p * n, 1);
  let a: np.NDArray;
  if (s.kind === "i4") a = np.asarray(Int32Array.from({ length: size }, (_, k) => ((7 * k + seed) % 11) - 5));
  else if (s.kind === "b") a = np.asarray(Array.from({ length: size }, (_, k) => (k + seed) % 3 === 0), { dtype: "bool" });
  else {
    const re = Float64Array.from({ length: size }, (_, k) => Math.sin(0.37 * k + seed) + 0.5 * Math.cos(0.011 * k * (seed + 1) + 0.3));
    if (s.kind === "f8" || s.kind === "f4") a = np.asarray(re).astype(s.kind === "f8" ? "float64" : "float32");
    else {
      const c = new Float64Array(2 * size);
      for (let k = 0; k < size; k++) { c[2 * k] = re[k]; c[2 * k + 1] = Math.cos(0.23 * k + 2 * seed) - 0.25 * Math.sin(0.07 * k); }
      a = np.zeros([size], { dtype: "complex128" });
      (a.data as Float64Array).set(c);
      if (s.kind === "c8") a = a.astype("complex64");
    }
  }
  a = a.reshape(s.shape);
  if (s.view === "T") a = a.T;
  else if (s.view === "rev") a = a.get("..., ::-1");
  return a;
}

function run(c: Case): np.NDArray {
  const args = Object.keys(c.kwargs).length ? [...c.args, c.kwargs] : c.args;
  return c.input.kind === "scalar" ? FFT[c.fn](...args) : FFT[c.fn](make(c.input), ...args);
}

function check(r: np.NDArray, want: Out): void {
  // NumPy's default integer (int64) is numfuse's int32 (SPEC §3): the i4 inputs are int32 here
  expect(String(r.dtype)).toBe(want.dtype === "int64" ? "int32" : want.dtype);
  expect(r.shape).toEqual(want.shape);
  const data = r.data as Float64Array, complex = want.im !== undefined, tol = 1e-12 * Math.max(want.maxabs, 1e-300);
  let worst = 0;
  want.idx.forEach((i, j) => {
    worst = Math.max(worst, Math.abs((complex ? data[2 * i] : data[i]) - want.re[j]));
    if (complex) worst = Math.max(worst, Math.abs(data[2 * i + 1] - (want.im as number[])[j]));
  });
  expect(worst).toBeLessThanOrEqual(tol);
}

const label = (c: Case, i: number) => `${i} ${c.fn}(${c.input.kind}${JSON.stringify(c.input.shape)}${c.input.view ?? ""}, ${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)})`;

describe("np.fft against NumPy 1.24", () => {
  it("has its fixture", () => expect(fixture.numpy.startsWith("1.24")).toBe(true));
  const byFn = new Map<string, [Case, number][]>();
  fixture.cases.forEach((c, i) => { const l = byFn.get(c.fn) ?? []; l.push([c, i]); byFn.set(c.fn, l); });
  for (const [fn, cases] of byFn) {
    describe(fn, () => {
      for (const [c, i] of cases) {
        it(label(c, i), () => {
          if (c.error) {
            let err: unknown;
            try { run(c).evalSync(); } catch (e) { err = e; }
            expect(err).toBeInstanceOf(Error);
            expect((err as Error).constructor.name).toBe(c.error);
            expect((err as Error).message).toBe(c.message);
          } else check(run(c), c.out as Out);
        });
      }
    });
  }
});

describe("np.fft beyond the fixture", () => {
  it("round-trips a large prime and a large power of two", () => {
    for (const n of [65537, 1 << 16]) {
      const x = np.sin(np.arange(n).mul(0.1));
      const back = np.fft.ifft(np.fft.fft(x)).real;
      expect(np.max(np.abs(back.sub(x))).item() as number).toBeLessThan(1e-12);
    }
  });

  it("matches a direct DFT for every length to 300 (each radix, generic factors, Bluestein)", () => {
    for (let n = 1; n <= 300; n++) {
      const re = Float64Array.from({ length: n }, (_, k) => Math.sin(0.7 * k) + 0.1 * k), im = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k));
      const x = np.zeros([n], { dtype: "complex128" });
      const xd = x.data as Float64Array;
      for (let k = 0; k < n; k++) { xd[2 * k] = re[k]; xd[2 * k + 1] = im[k]; }
      const got = np.fft.fft(x).data as Float64Array, gotR = np.fft.rfft(np.asarray(re)).data as Float64Array;
      let worst = 0, mx = 0;
      for (let j = 0; j < n; j++) {
        let sr = 0, si = 0, rr = 0, ri = 0;
        for (let k = 0; k < n; k++) {
          const t = (-2 * Math.PI * ((j * k) % n)) / n, c = Math.cos(t), s = Math.sin(t);
          sr += re[k] * c - im[k] * s; si += re[k] * s + im[k] * c;
          rr += re[k] * c; ri += re[k] * s;
        }
        mx = Math.max(mx, Math.hypot(sr, si), Math.hypot(rr, ri));
        worst = Math.max(worst, Math.abs(got[2 * j] - sr), Math.abs(got[2 * j + 1] - si));
        if (2 * j <= n) worst = Math.max(worst, Math.abs(gotR[2 * j] - rr), Math.abs(gotR[2 * j + 1] - ri));
      }
      expect(worst, `n = ${n}`).toBeLessThan(1e-12 * mx);
    }
  });

  it("takes NumPy's positional order and an options object alike", () => {
    const x = np.arange(10).astype("float64");
    const a = np.fft.rfft(x, 6, 0, "ortho"), b = np.fft.rfft(x, { n: 6, axis: 0, norm: "ortho" });
    expect(a.tolist()).toEqual(b.tolist());
    expect(np.fft.fftfreq(4, 0.5).tolist()).toEqual(np.fft.fftfreq(4, { d: 0.5 }).tolist());
  });

  it("is lazy: a write to the input after the call does not change the pending result", () => {
    const x = np.arange(8).astype("complex128");
    const f = np.fft.fft(x);
    x.set(0, 100);
    expect((f.get(0).item() as { re: number }).re).toBe(28);
  });

  it("reads int64 inputs", () => {
    const x = np.arange(6).astype("int64");
    expect(np.fft.fft(x).tolist()).toEqual(np.fft.fft(x.astype("float64")).tolist());
  });
});
