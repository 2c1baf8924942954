// npm run bench:reduce: fused reductions (issue 4) with 1 and 2 threads against NumPy
// (and numexpr where it has the reduction) measured in the same run, interleaved cell by
// cell. Writes the section "## Reductions (issue 4)" of bench/RESULTS.md.
//
// Inputs as in bench_numpy.py: a = linspace(-3, 3, n), b = linspace(1, -2, n), reshaped.
import * as np from "../dist/index.js";
import { MIN_SAMPLE_S, REPS, finishSection, fmtR, fmtT, medianSeconds, session, table } from "./harness.mjs";

const HEADING = "## Reductions (issue 4)";
const WORKLOADS = [
  { name: "sum(a)", shape: [1e7], target: 0.5, f: (a) => np.sum(a) },
  { name: "sum((a-b)**2, axis=1)", shape: [2000, 1000], target: 0.5, f: (a, b) => np.sum(a.sub(b).pow(2), 1) },
  { name: "std(a, axis=0)", shape: [1000, 10000], target: 1, f: (a) => np.std(a, 0) },
  { name: "sum(a, axis=0)", shape: [1000, 10000], f: (a) => np.sum(a, 0) },
  { name: "max(a)", shape: [1e7], f: (a) => np.max(a) },
  { name: "(a - mean(a)) / std(a)", shape: [1e7], f: (a) => a.sub(a.mean()).div(a.std()) },
];
const THREADS = [1, 2];

const { py, measured } = await session();
await np.startWorkers();

const rows = [];
for (const w of WORKLOADS) {
  const n = w.shape.reduce((x, y) => x * y, 1);
  const [a, b] = [np.linspace(-3, 3, n).reshape(w.shape), np.linspace(1, -2, n).reshape(w.shape)].map((x) => x.evalSync());
  const row = { name: w.name, shape: w.shape, target: w.target, t: {} };
  for (const t of THREADS) {
    np.setNumThreads(t);
    row.t[t] = (await medianSeconds(() => w.f(a, b).eval())).median;
  }
  if (py.request) {
    const r = await py.request({ workload: w.name, n, shape: w.shape, reps: REPS, min_sample_s: MIN_SAMPLE_S });
    row.numpy = r.numpy; row.numexpr = r.numexprN ?? null;
    const ours = Number(np.sum(w.f(a, b)).item());
    row.check = Math.abs(ours - r.checksum) <= 1e-9 * (1 + Math.abs(r.checksum));
  }
  rows.push(row);
  console.log(`${w.name.padEnd(26)} ${JSON.stringify(w.shape).padEnd(13)} 1T ${fmtT(row.t[1]).padStart(9)}  2T ${fmtT(row.t[2]).padStart(9)}  NumPy ${fmtT(row.numpy).padStart(9)}  ratio ${fmtR(row.t[2] / row.numpy)}${row.check === false ? "  CHECKSUM DIFFERS" : ""}`);
}

const body = `${measured} Medians of ${REPS} samples per cell, \`await expr.eval()\` per call (the result of a full reduction is a 0-d array).

${table(rows, [
  { title: "workload", get: (r) => `\`${r.name}\`` },
  { title: "shape", get: (r) => `(${r.shape.join(", ")})` },
  { title: "numfuse 1T", get: (r) => fmtT(r.t[1]) },
  { title: "numfuse 2T", get: (r) => fmtT(r.t[2]) },
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "numexpr", get: (r) => fmtT(r.numexpr) },
  { title: "2T / NumPy", get: (r) => fmtR(r.t[2] / r.numpy) },
  { title: "target", get: (r) => (r.target ? `≤ ${r.target}×` : "") },
  { title: "2T speedup", get: (r) => fmtR(r.t[1] / r.t[2]) },
])}

Float sums are NumPy's bits (pairwise within buffers of 8192 elements, buffers added in
order), at every thread count: a full reduction's fixed blocks are those buffers, and
their partials are added in order by a second kernel. \`sum(a, axis=0)\` and \`std(a,
axis=0)\` combine 8 rows per pass over a block of 4096 accumulators (still in order, as
NumPy). \`(a - mean(a)) / std(a)\` is three kernels: mean, variance with its sqrt, the
result.`;
finishSection(py, HEADING, body);
process.exit(0);
