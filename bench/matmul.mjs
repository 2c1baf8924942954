// npm run bench:matmul: matrix products (issue 6) at 1 and 2 threads, with the
// WebAssembly SIMD micro-kernel and with the JavaScript one, against NumPy (its BLAS
// named in the report) measured in the same run. Writes "## Products (issue 6)" of
// bench/RESULTS.md.
//
// Inputs as in bench_numpy.py: a = linspace(-3, 3, n), b = linspace(1, -2, n), c =
// linspace(-1, 1, n), reshaped (and cast) as each workload says.
import * as np from "../dist/index.js";
import { MIN_SAMPLE_S, finishSection, fmtR, fmtT, medianSeconds, session, table } from "./harness.mjs";

const HEADING = "## Products (issue 6)";
const REPS = 7;
const matmul = (a, b) => np.matmul(a, b);
const WORKLOADS = [
  ...[256, 512, 1024].map((n) => ({ name: "a @ b", shape: [n, n], dtype: "float64", f: matmul, target: n === 1024 ? 4 : undefined })),
  { name: "a @ b", shape: [1024, 1024], dtype: "float32", f: matmul },
  { name: "einsum('bij,bjk->bik', a, b)", shape: [8, 256, 256], dtype: "float64", f: (a, b) => np.einsum("bij,bjk->bik", a, b) },
  { name: "einsum('ij,jk,kl->il', a, b, c, optimize=True)", shape: [512, 512], dtype: "float64", f: (a, b, c) => np.einsum("ij,jk,kl->il", a, b, c, { optimize: true }) },
];
const VARIANTS = [
  { key: "wasm1", title: "WASM 1T", simd: true, threads: 1 },
  { key: "wasm2", title: "WASM 2T", simd: true, threads: 2 },
  { key: "js2", title: "JS 2T", simd: false, threads: 2 },
];

const { py, measured } = await session();
await np.startWorkers();

const rows = [];
for (const w of WORKLOADS) {
  const n = w.shape.reduce((x, y) => x * y, 1);
  const [a, b, c] = [np.linspace(-3, 3, n), np.linspace(1, -2, n), np.linspace(-1, 1, n)].map((x) => x.reshape(w.shape).astype(w.dtype).evalSync());
  const row = { ...w, t: {} };
  for (const v of VARIANTS) {
    np.config({ simd: v.simd, numThreads: v.threads });
    row.t[v.key] = (await medianSeconds(() => w.f(a, b, c).eval(), { reps: REPS })).median;
  }
  np.config({ simd: true, numThreads: 2 });
  if (py.request) {
    const r = await py.request({ workload: w.name, n, shape: w.shape, dtype: w.dtype, reps: REPS, min_sample_s: MIN_SAMPLE_S });
    row.numpy = r.numpy;
    // sums of products cancel: the tolerance scales with the sum of magnitudes, not the sum
    const res = w.f(a, b, c).astype("float64");
    const ours = Number(np.sum(res).item()), scale = Number(np.sum(np.abs(res)).item());
    row.check = Math.abs(ours - r.checksum) <= (w.dtype === "float32" ? 1e-5 : 1e-12) * (1 + scale);
  }
  rows.push(row);
  console.log(`${w.name.padEnd(48)} ${JSON.stringify(w.shape).padEnd(14)} ${w.dtype}  ${VARIANTS.map((v) => `${v.title} ${fmtT(row.t[v.key])}`).join("  ")}  NumPy ${fmtT(row.numpy)}  ${fmtR(row.t.wasm2 / row.numpy)}${row.check === false ? "  CHECKSUM DIFFERS" : ""}`);
}

const gflops = (r, t) => { const [m, k] = r.shape.slice(-2); return (2 * (r.shape.length === 3 ? r.shape[0] : 1) * m * k * k) / t / 1e9; };
const body = `${measured} Medians of ${REPS} samples, \`await expr.eval()\` per call.

${table(rows, [
  { title: "workload", get: (r) => `\`${r.name}\`` },
  { title: "shape", get: (r) => `(${r.shape.join(", ")}) ${r.dtype}` },
  ...VARIANTS.map((v) => ({ title: `numfuse ${v.title}`, get: (r) => fmtT(r.t[v.key]) })),
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "WASM 2T / NumPy", get: (r) => fmtR(r.t.wasm2 / r.numpy) },
  { title: "target", get: (r) => (r.target ? `≤ ${r.target}×` : "") },
  { title: "GFLOP/s (WASM 2T)", get: (r) => (r.name === "a @ b" ? gflops(r, r.t.wasm2).toFixed(1) : "") },
])}

GEMM-shaped contractions run a blocked kernel: 128-row blocks of the left operand and
128 x 1024 blocks of the right packed into 4-wide panels (read in place through their
strides), a 4 x 4 tile of the result in eight f64x2 registers per k (WebAssembly SIMD,
assembled in runtime/gemm-wasm.ts; Node 20 has no relaxed SIMD, so no fused
multiply-add), blocks of 128 rows handed to the worker pool. The 2 vCPUs here often
behave as one core for SIMD work (both threads then take twice as long per block), so
the 2-thread column varies from run to run. NumPy on Debian uses the reference BLAS
unless \`libopenblas0-pthread\` is installed (\`apt-get install libopenblas0-pthread\`);
these numbers are against the BLAS named above.`;
finishSection(py, HEADING, body);
process.exit(0);
