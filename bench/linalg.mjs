// npm run bench:linalg: np.linalg (issue 7) against NumPy with its LAPACK (named in the
// report), measured in the same run. Writes "## Linear algebra (issue 7)" of bench/RESULTS.md.
//
// Inputs as in bench_numpy.py: a = linspace(-3, 3, n*n) and b = linspace(1, -2, n*n) as
// (n, n); M = a + n*I (well conditioned), S = M + M.T (symmetric).
import * as np from "../dist/index.js";
import { MIN_SAMPLE_S, finishSection, fmtR, fmtT, medianSeconds, session, table } from "./harness.mjs";

const HEADING = "## Linear algebra (issue 7)";
const REPS = 7;
const well = (a) => a.add(np.eye(a.shape[0]).mul(a.shape[0]));
const WORKLOADS = [
  { name: "solve(M, b[:, 0])", target: 10, f: (a, b) => np.linalg.solve(well(a), b.get(":, 0")) },
  { name: "inv(M)", target: 10, f: (a) => np.linalg.inv(well(a)) },
  { name: "det(M)", f: (a) => np.linalg.det(well(a).div(a.shape[0])) },
  { name: "eigh(S)", f: (a) => { const m = well(a); return np.linalg.eigh(m.add(m.T))[0]; } },
  { name: "svd(M)", f: (a) => np.linalg.svd(well(a))[1] },
];

const { py, measured } = await session();
await np.startWorkers();

const rows = [];
for (const w of WORKLOADS) {
  for (const n of [100, 500]) {
    const [a, b] = [np.linspace(-3, 3, n * n), np.linspace(1, -2, n * n)].map((x) => x.reshape(n, n).evalSync());
    const row = { name: w.name, n, target: n === 500 ? w.target : undefined };
    row.t = (await medianSeconds(() => w.f(a, b).eval(), { reps: REPS })).median;
    if (py.request) {
      const r = await py.request({ workload: w.name, n: n * n, shape: [n, n], reps: REPS, min_sample_s: MIN_SAMPLE_S });
      row.numpy = r.numpy;
      const res = w.f(a, b).astype("float64");
      const ours = Number(np.sum(res).item()), scale = Number(np.sum(np.abs(res)).item());
      row.check = Math.abs(ours - r.checksum) <= 1e-8 * (1 + scale);
    }
    rows.push(row);
    console.log(`${w.name.padEnd(20)} n=${String(n).padEnd(4)} numfuse ${fmtT(row.t).padStart(9)}  NumPy ${fmtT(row.numpy).padStart(9)}  ${fmtR(row.t / row.numpy)}${row.check === false ? "  CHECKSUM DIFFERS" : ""}`);
  }
}

const body = `${measured} Medians of ${REPS} samples, \`await expr.eval()\` per call.

${table(rows, [
  { title: "workload", get: (r) => `\`${r.name}\`` },
  { title: "n", get: (r) => String(r.n) },
  { title: "numfuse", get: (r) => fmtT(r.t) },
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "numfuse / NumPy", get: (r) => fmtR(r.t / r.numpy) },
  { title: "target", get: (r) => (r.target ? `≤ ${r.target}×` : "") },
])}

Decompositions are opaque nodes over each matrix of a stack, in double precision: LU with
partial pivoting recursive on column halves (the trailing updates run the GEMM kernel),
inv as U⁻¹·L⁻¹, Householder QR, symmetric eigen by tridiagonalization and implicit QL,
general eigen by Hessenberg + Francis double-shift QR, SVD by bidiagonalization and
implicit QR (rotation sweeps in WebAssembly SIMD). NumPy calls LAPACK (OpenBLAS here, 2
threads); numfuse's factorizations run on the calling thread.`;
finishSection(py, HEADING, body);
process.exit(0);
