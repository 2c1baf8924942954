// npm run bench:jit: the per-call overhead of small arrays (issue 11). A 10-op elementwise
// expression on float64 arrays called in a loop: (a) numfuse building the graph each call
// and evaluating it, (b) the same function under np.jit, (c) NumPy doing the same ops, in
// the same run. Writes "## np.jit, small-array overhead (issue 11)" of bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import * as np from "../dist/index.js";
import { finishSection, fmtR, fmtT, medianSecondsEach, MIN_SAMPLE_S, PYTHON, REPS, session, table } from "./harness.mjs";

const HEADING = "## np.jit, small-array overhead (issue 11)";
const SIZES = [1e3, 1e4, 1e5, 1e6];
// ten elementwise ops, written the same way on both sides
const EXPR = "((a*b + 2*a - b) / (1 + a*a) - b*0.5) * a";
const f = (a, b) => a.mul(b).add(a.mul(2)).sub(b).div(np.add(1, a.mul(a))).sub(b.mul(0.5)).mul(a);
const jf = np.jit(f);

/** NumPy's median seconds per call of EXPR at each size (timed in one Python process). */
function numpyTimes() {
  const code = `
import json, sys, time, numpy as np
out = {}
for n in ${JSON.stringify(SIZES)}:
    n = int(n); a = np.linspace(-3, 3, n); b = np.linspace(1, -2, n)
    fn = lambda: ${EXPR}
    k = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(k): fn()
        if time.perf_counter() - t0 >= ${MIN_SAMPLE_S}: break
        k *= 2
    s = []
    for _ in range(${REPS}):
        t0 = time.perf_counter()
        for _ in range(k): fn()
        s.append((time.perf_counter() - t0) / k)
    s.sort(); out[str(n)] = {"median": s[len(s) // 2], "checksum": float(np.sum(fn()))}
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ["-c", code], { encoding: "utf8" });
  return r.status === 0 ? JSON.parse(r.stdout) : null;
}

const { py, measured } = await session();
const rows = [];
for (const n of SIZES) {
  const a = np.linspace(-3, 3, n), b = np.linspace(1, -2, n);
  const [plain, jitted] = await medianSecondsEach([() => { f(a, b).evalSync(); }, () => { jf(a, b); }]);
  const check = np.sum(jf(a, b)).item();
  rows.push({ n, plain: plain.median, jit: jitted.median, check });
}
const npt = numpyTimes();
for (const r of rows) {
  const ref = npt?.[String(r.n)];
  r.numpy = ref?.median;
  if (ref && Math.abs(ref.checksum - r.check) > 1e-9 * Math.max(1, Math.abs(ref.checksum))) throw new Error(`checksum differs at n=${r.n}: ${r.check} vs NumPy ${ref.checksum}`);
  console.log(`n=${String(r.n).padEnd(8)} plain ${fmtT(r.plain).padStart(9)} ${fmtR(r.plain / r.numpy)}  jit ${fmtT(r.jit).padStart(9)} ${fmtR(r.jit / r.numpy)}  NumPy ${fmtT(r.numpy).padStart(9)}`);
}
console.log(`traces: ${jf.traces}`);

const body = `${measured} \`${EXPR}\` (10 ops) on float64 arrays of n elements, medians of ${REPS}
samples of calls in a loop: numfuse building the graph each call then \`evalSync()\`, the same
function under \`np.jit\` (traced once, replayed), and NumPy (${PYTHON}) in the same run.

${table(rows, [
  { title: "n", get: (r) => String(r.n) },
  { title: "numfuse (graph + evalSync)", get: (r) => fmtT(r.plain) },
  { title: "np.jit", get: (r) => fmtT(r.jit) },
  { title: "NumPy", get: (r) => fmtT(r.numpy) },
  { title: "graph / NumPy", get: (r) => fmtR(r.plain / r.numpy) },
  { title: "jit / NumPy", get: (r) => fmtR(r.jit / r.numpy) },
])}
`;
finishSection(npt ? py : { close: py.close }, HEADING, body);
