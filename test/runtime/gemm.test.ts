/**
 * GEMM-shaped contractions: the blocked kernel (WebAssembly SIMD micro-kernel, and the
 * JavaScript one) against the reference interpreter's sum of products, on random shapes,
 * batches, transposed/sliced/broadcast operands and both float dtypes; the same bits at
 * every thread count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as np from "../../src/index";
import { contract } from "../../src/contract";
import { config } from "../../src/ndarray";
import { gemmOptions } from "../../runtime/gemm";
import { poolConfig } from "../../runtime/pool";

class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed * 2654435761 >>> 0 || 1; }
  next(): number { this.s ^= this.s << 13; this.s >>>= 0; this.s ^= this.s >>> 17; this.s ^= this.s << 5; this.s >>>= 0; return this.s / 2 ** 32; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
}

/** A random operand of `shape`: sometimes a transposed copy's view, sometimes a strided slice. */
function operand(r: Rng, shape: number[], dtype: "float64" | "float32" | "complex128" | "complex64"): np.NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = np.sin(np.arange(size * 2).astype("float64").mul(0.37 + r.next()));
  const data = (dtype.startsWith("complex") ? np.add(x, np.multiply(np.cos(x), np.array({ re: 0, im: 1 }))) : x).astype(dtype);
  if (r.next() < 0.3) return data.get("::2").reshape(shape);
  if (r.next() < 0.4 && shape.length >= 2) {
    const rev = [...shape].reverse();
    return np.ascontiguousarray(data.get(`:${size}`).reshape(rev)).T;
  }
  return data.get(`${size}:`).reshape(shape);
}

const isGemm = (x: np.NDArray) => /contraction \(GEMM\)/.test(np.explain(x));

function reference(f: () => np.NDArray): np.NDArray {
  const saved = config.compile;
  config.compile = false;
  try { return f().evalSync(); } finally { config.compile = saved; }
}

describe("GEMM", () => {
  const saved = { wasm: gemmOptions.wasm, minParallelSize: poolConfig.minParallelSize, threads: poolConfig.numThreads };
  beforeAll(async () => { poolConfig.minParallelSize = 1000; await np.startWorkers(); });
  afterAll(() => { gemmOptions.wasm = saved.wasm; poolConfig.minParallelSize = saved.minParallelSize; np.setNumThreads(saved.threads); });

  for (const wasm of [true, false]) {
    it(`matches the sum of products on 60 random contractions (${wasm ? "WebAssembly SIMD" : "JavaScript"} micro-kernel)`, () => {
      gemmOptions.wasm = wasm;
      np.setNumThreads(1);
      const bad: string[] = [];
      let gemms = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const r = new Rng(seed);
        const u = r.next(), dtype = u < 0.5 ? "float64" : u < 0.7 ? "float32" : u < 0.9 ? "complex128" : "complex64";
        const batch = r.next() < 0.3 ? r.int(2, 3) : 0;
        const m = r.int(8, 70), k = r.int(8, 140), n = r.int(8, 70);
        const A = operand(r, batch ? [batch, m, k] : [m, k], dtype), B = operand(r, batch ? [batch, k, n] : [k, n], dtype);
        const la = batch ? [0, 1, 2] : [1, 2], lb = batch ? [0, 2, 3] : [2, 3];
        const out = r.next() < 0.3 ? (batch ? [3, 0, 1] : [3, 1]) : batch ? [0, 1, 3] : [1, 3];
        const make = () => contract(A, la, B, lb, out);
        const c = make();
        if (isGemm(c)) gemms++;
        const want = reference(make);
        const tol = dtype.endsWith("32") || dtype === "complex64" ? 1e-4 : 1e-11;
        const diff = np.max(np.abs(c.astype("complex128").sub(want.astype("complex128")))).item() as number;
        const scale = 1 + (np.max(np.abs(want.astype("complex128"))).item() as number);
        if (!(diff <= tol * scale * Math.sqrt(k))) bad.push(`seed ${seed}: ${dtype} batch ${batch} (${m}x${k})@(${k}x${n}) out ${out}: max diff ${diff}`);
      }
      expect(bad.slice(0, 5).join("\n")).toBe("");
      expect(gemms).toBeGreaterThan(40);
    });
  }

  it("the WebAssembly and JavaScript micro-kernels give the same bits (float32 rounds every step in both)", () => {
    np.setNumThreads(1);
    for (const dtype of ["float64", "float32", "complex128", "complex64"] as const) {
      const r = new Rng(dtype.length);
      const A = operand(r, [2, 130, 70], dtype), B = operand(r, [2, 70, 150], dtype);
      const run = (wasm: boolean) => { gemmOptions.wasm = wasm; return Array.from(new Uint8Array(contract(A, [0, 1, 2], B, [0, 2, 3], [0, 1, 3]).evalSync().tobytes())); };
      expect(run(false)).toEqual(run(true));
    }
  });

  it("gives the same bits at 1, 2 and 3 threads, sync and async", async () => {
    gemmOptions.wasm = true;
    const r = new Rng(7);
    const A = operand(r, [300, 200], "float64"), B = operand(r, [200, 260], "float64"), X = operand(r, [3, 150, 90], "float32"), Y = operand(r, [3, 90, 140], "float32");
    const make = () => [contract(A, [0, 1], B, [1, 2], [0, 2]), contract(X, [0, 1, 2], Y, [0, 2, 3], [0, 1, 3])];
    const bits = (a: np.NDArray) => Array.from(new Uint8Array(a.evalSync().tobytes()));
    np.setNumThreads(1);
    const want = make().map(bits);
    for (const t of [2, 3]) {
      np.setNumThreads(t);
      expect(make().map(bits)).toEqual(want);
      const rs = make();
      await np.eval(...rs);
      expect(rs.map(bits)).toEqual(want);
    }
  });

  it("an elementwise epilogue reads the GEMM result; small or oddly shaped contractions stay fused reductions", () => {
    const A = np.sin(np.arange(64 * 48).reshape(64, 48)).evalSync(), B = np.cos(np.arange(48 * 32).reshape(48, 32)).evalSync();
    const c = contract(A, [0, 1], B, [1, 2], [0, 2]).mul(2).add(1);
    const steps = np.explain(c).split("\n").filter((l) => /^step/.test(l));
    expect(steps.some((l) => /GEMM/.test(l))).toBe(true);
    expect(steps.length).toBe(2);
    const v = contract(A, [0, 1], np.ones([48]), [1], [0]); // matrix-vector: a fused reduction
    expect(isGemm(v)).toBe(false);
    expect(np.allclose(v, np.sum(A, 1)).item()).toBe(true);
    const i8 = contract(np.ones([40, 40], { dtype: "int8" }), [0, 1], np.ones([40, 40], { dtype: "int8" }), [1, 2], [0, 2]);
    expect(isGemm(i8)).toBe(false);
    expect(i8.dtype.name).toBe("int8");
    expect(i8.get("0, 0").item()).toBe(40);
  });
});
