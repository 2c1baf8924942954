// npm run bench:random: drawing random arrays (issue 8) against NumPy in the same run — the
// same streams on both sides (legacy RandomState over MT19937; Generator over PCG64), and the
// blocked parallel fill (`{ parallel: true }`) at 1 and 2 threads. Writes
// "## Random numbers (issue 8)" of bench/RESULTS.md.
import * as np from "../dist/index.js";
import { finishSection, fmtR, fmtT, medianSeconds, MIN_SAMPLE_S, session, table } from "./harness.mjs";

const HEADING = "## Random numbers (issue 8)";
const REPS = 7;
const N = 1e7;
const rng = np.random.defaultRng(0);
const WORKLOADS = [
  { name: "rand(n)", f: () => np.random.rand(N) },
  { name: "randn(n)", f: () => np.random.randn(N) },
  { name: "randint(0, 1000, n)", f: () => np.random.randint(0, 1000, N) },
  { name: "rng.random(n)", f: () => rng.random(N) },
  { name: "rng.standard_normal(n)", f: () => rng.standardNormal(N) },
  { name: "rng.integers(0, 1000, n)", f: () => rng.integers(0, 1000, N) },
  { name: "rng.random(n)", parallel: true, f: () => rng.random(N, { parallel: true }) },
  { name: "rng.standard_normal(n)", parallel: true, f: () => rng.standardNormal(N, { parallel: true }) },
];

const { py, measured } = await session();
await np.startWorkers();

const rows = [];
for (const w of WORKLOADS) {
  const row = { ...w };
  const threads = w.parallel ? [1, 2] : [1];
  row.t = {};
  for (const t of threads) {
    np.setNumThreads(t);
    row.t[t] = (await medianSeconds(() => { const r = w.f(); return r instanceof np.NDArray ? r.eval() : r; }, { reps: REPS })).median;
  }
  np.setNumThreads(2);
  if (py.request) row.numpy = (await py.request({ workload: w.name, n: N, reps: REPS, min_sample_s: MIN_SAMPLE_S })).numpy;
  rows.push(row);
  const ts = threads.map((t) => `${t}T ${fmtT(row.t[t]).padStart(9)} ${fmtR(row.t[t] / row.numpy)}`).join("  ");
  console.log(`${(w.parallel ? `${w.name} parallel` : w.name).padEnd(34)} ${ts}  NumPy ${fmtT(row.numpy).padStart(9)}`);
}

const body = `${measured} n = ${N} float64 (int32 for the integers), medians of ${REPS} samples, each a call that
draws a new array (\`await x.eval()\` for the parallel fill).

${table(rows, [
  { title: "workload", get: (r) => `\`${r.name}\`${r.parallel ? " `{ parallel: true }`" : ""}` },
  { title: "numfuse 1T", get: (r) => fmtT(r.t[1]) },
  { title: "numfuse 2T", get: (r) => (r.t[2] ? fmtT(r.t[2]) : "") },
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "numfuse / NumPy", get: (r) => fmtR(Math.min(...Object.values(r.t)) / r.numpy) },
])}

The first six draw NumPy's exact streams, so they run on the calling thread in order (a stream
is sequential). \`{ parallel: true }\` cuts the array into blocks of 65536 elements, each drawn
from its own child of the generator's SeedSequence (\`rng.spawn\`), so the numbers are the same
at any thread count (and equal NumPy's concatenated draws from \`rng.spawn(nblocks)\`); NumPy
has no parallel fill to compare with, so its column is the sequential draw.`;
finishSection(py, HEADING, body);
process.exit(0);
