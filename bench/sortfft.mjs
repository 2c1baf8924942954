// npm run bench:sortfft: sorting, unique, FFT and histograms (issue 9) against NumPy in
// the same run. Writes "## Sorting, FFT, histograms (issue 9)" of bench/RESULTS.md.
//
// Inputs: noise u in [0, 1) made as bench_numpy.py makes it (from linspace's first value),
// built once before timing on both sides.
import * as np from "../dist/index.js";
import { MIN_SAMPLE_S, finishSection, fmtR, fmtT, medianSeconds, session, table } from "./harness.mjs";

const HEADING = "## Sorting, FFT, histograms (issue 9)";
const REPS = 7;
const noise = (n, first) => { const t = np.sin(np.arange(n).astype("float64").mul(12.9898).add(first)).mul(43758.5453).evalSync(); return t.sub(np.floor(t)).evalSync(); };
const WORKLOADS = [
  { name: "sort(u)", n: 1e6, target: 1.5, f: (u) => np.sort(u) },
  { name: "unique(floor(u * 1000))", n: 1e6, prep: (u) => np.floor(u.mul(1000)).astype("int32").evalSync(), f: (x) => np.unique(x) },
  { name: "fft(u + i*v)", n: 2 ** 20, target: 2, prep: (u, v) => np.add(u, np.multiply(v, np.array({ re: 0, im: 1 }))).evalSync(), f: (z) => np.fft.fft(z) },
  { name: "histogram(u, 100)", n: 1e7, target: 1, f: (u) => np.histogram(u, 100)[0] },
];

const { py, measured } = await session();
await np.startWorkers();

const rows = [];
for (const w of WORKLOADS) {
  const u = noise(w.n, -3), v = noise(w.n, 1);
  const x = w.prep ? w.prep(u, v) : u;
  const row = { ...w };
  row.t = (await medianSeconds(() => { const r = w.f(x); return r instanceof np.NDArray ? r.eval() : r; }, { reps: REPS })).median;
  if (py.request) row.numpy = (await py.request({ workload: w.name, n: w.n, reps: REPS, min_sample_s: MIN_SAMPLE_S })).numpy;
  rows.push(row);
  console.log(`${w.name.padEnd(26)} n=${String(w.n).padEnd(8)} numfuse ${fmtT(row.t).padStart(9)}  NumPy ${fmtT(row.numpy).padStart(9)}  ${fmtR(row.t / row.numpy)}`);
}

const body = `${measured} Medians of ${REPS} samples, \`await expr.eval()\` per call (unique evaluates at the call).

${table(rows, [
  { title: "workload", get: (r) => `\`${r.name}\`` },
  { title: "n", get: (r) => String(r.n) },
  { title: "numfuse", get: (r) => fmtT(r.t) },
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "numfuse / NumPy", get: (r) => fmtR(r.t / r.numpy) },
  { title: "target", get: (r) => (r.target ? `≤ ${r.target}×` : "") },
])}

Sorts, FFTs and histograms are opaque nodes. Sorts of real values and batched FFTs are blocked
steps on the worker pool (2 threads here): a long 1-d sort as 262144-element segments sorted
with typed-array sorts and merged level by level (each level cut at co-ranks into independent
chunks), rows of a batch in runs; argsorts and complex or string sorts stay on the calling
thread (radix for stable argsorts of long rows). A Stockham FFT (radix 4, 2, 3, 5 and odd;
Bluestein for large primes, as pocketfft
decides), NumPy's histogram fast path for equal bins.`;
finishSection(py, HEADING, body);
process.exit(0);
