// `numfuse bench [--size N]`: the quick benchmark. A few workloads, numfuse's median time
// on one thread and on all of them, and NumPy's in the same run when a python3 with NumPy
// is there (its timings come from one child process running the same workloads).

import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import * as np from "../index.js";

interface Workload {
  name: string;
  /** Elements of each operand (n × n for matmul). */
  size: number;
  /** The numfuse call timed (a fresh result each time, as the README's benchmarks). */
  prepare: () => () => Promise<unknown>;
  /** The same computation in NumPy, over arrays a, b, c (or A, B). */
  numpy: string;
}

const CHAIN = "sin(a)**2 + cos(b)**2 + a*b/(1+abs(c))";
const SAMPLES = 7;
const CELL_SECONDS = 1.5;

/** The workloads for elementwise operands of n elements; matrices of about n elements, at most 1000 × 1000. */
function workloads(sizes: number[]): Workload[] {
  const list: Workload[] = [];
  for (const n of sizes) {
    const vecs = () => [0, 1, 2].map(() => (np.random.random(n) as np.NDArray).evalSync());
    list.push(
      { name: "a*b + 2*a", size: n, numpy: "a*b + 2*a", prepare: () => { const [a, b] = vecs(); return () => a.mul(b).add(a.mul(2)).eval(); } },
      { name: CHAIN, size: n, numpy: "np.sin(a)**2 + np.cos(b)**2 + a*b/(1+np.abs(c))", prepare: () => { const [a, b, c] = vecs(); return () => np.sin(a).pow(2).add(np.cos(b).pow(2)).add(a.mul(b).div(np.abs(c).add(1))).eval(); } },
      { name: "sum(a)", size: n, numpy: "a.sum()", prepare: () => { const [a] = vecs(); return () => a.sum().eval(); } },
    );
  }
  const m = Math.min(1000, Math.round(Math.sqrt(Math.max(...sizes))));
  list.push({ name: "A @ B", size: m, numpy: "A @ B", prepare: () => {
    const A = (np.random.random([m, m]) as np.NDArray).evalSync(), B = (np.random.random([m, m]) as np.NDArray).evalSync();
    return () => np.matmul(A, B).eval();
  } });
  return list;
}

/**
 * Median seconds per call after a warm-up call: up to SAMPLES samples within about
 * CELL_SECONDS, each batching enough calls to last 10 ms (a timer tick is coarse next to
 * one small call).
 */
async function medianSeconds(call: () => Promise<unknown>): Promise<number> {
  const w = performance.now();
  await call();
  const batch = Math.max(1, Math.ceil(10 / Math.max(performance.now() - w, 1e-3)));
  const t: number[] = [];
  const t0 = performance.now();
  while (t.length < 3 || (t.length < SAMPLES && performance.now() - t0 < CELL_SECONDS * 1000)) {
    const s = performance.now();
    for (let k = 0; k < batch; k++) await call();
    t.push((performance.now() - s) / 1000 / batch);
  }
  return t.sort((x, y) => x - y)[t.length >> 1];
}

// The NumPy side: the same workloads, medians the same way; one JSON line out.
const NUMPY_SCRIPT = `
import json, sys, time
import numpy as np
jobs = json.loads(sys.argv[1])
out = {"version": np.__version__, "times": []}
for j in jobs:
    n = j["size"]
    if j["matmul"]:
        A, B = np.random.random((n, n)), np.random.random((n, n))
    else:
        a, b, c = np.random.random(n), np.random.random(n), np.random.random(n)
    f = eval("lambda: " + j["expr"])
    w = time.perf_counter(); f()
    batch = max(1, -(-0.01 // max(time.perf_counter() - w, 1e-6)))
    t, t0 = [], time.perf_counter()
    while len(t) < 3 or (len(t) < ${SAMPLES} and time.perf_counter() - t0 < ${CELL_SECONDS}):
        s = time.perf_counter()
        for _ in range(int(batch)): f()
        t.append((time.perf_counter() - s) / batch)
    out["times"].append(sorted(t)[len(t) // 2])
print(json.dumps(out))
`;

/** NumPy's medians for the workloads, or why there are none. */
function numpyTimes(list: Workload[]): { python: string; version: string; times: number[] } | { skipped: string } {
  const jobs = JSON.stringify(list.map((w) => ({ size: w.size, expr: w.numpy, matmul: w.numpy === "A @ B" })));
  const candidates = process.env.NUMFUSE_PYTHON ? [process.env.NUMFUSE_PYTHON] : ["/usr/bin/python3", "python3"];
  let why = "no python3 found";
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", NUMPY_SCRIPT, jobs], { encoding: "utf8", timeout: 600_000 });
    if (r.error) { why = `${python} could not be started`; continue; }
    if (r.status !== 0) { why = /No module named .?numpy/.test(r.stderr) ? `${python} has no NumPy` : `${python} failed: ${r.stderr.trim().split("\n").pop()}`; continue; }
    const res = JSON.parse(r.stdout) as { version: string; times: number[] };
    return { python, ...res };
  }
  return { skipped: why };
}

const fmtTime = (s: number | undefined) => (s === undefined ? "—" : s < 1e-3 ? `${(s * 1e6).toFixed(1)} µs` : s < 1 ? `${(s * 1e3).toFixed(2)} ms` : `${s.toFixed(2)} s`);
const fmtSize = (w: Workload) => (w.name === "A @ B" ? `${w.size}×${w.size}` : String(w.size).replace(/^(\d)(0+)$/, (_, d: string, z: string) => `${d}e${z.length}`));

/** Runs `numfuse bench`; prints its table through `print`. */
export async function bench(size: number | undefined, print: (line: string) => void): Promise<void> {
  const threads = availableParallelism();
  const list = workloads(size ? [size] : [1e6, 1e7]);
  print(`numfuse bench: Node ${process.version}, ${threads} cores; median time per call, a fresh result each call`);
  const ours: [number, number][] = [];
  for (const w of list) {
    const call = w.prepare();
    np.setNumThreads(1);
    const one = await medianSeconds(call);
    np.setNumThreads(threads);
    const many = threads > 1 ? await medianSeconds(call) : one;
    ours.push([one, many]);
  }
  const py = numpyTimes(list);
  const head = ["workload", "size", "numfuse 1 thread", `numfuse ${threads} threads`, "ratio"];
  if ("times" in py) head.splice(4, 0, `NumPy ${py.version}`);
  const rows = list.map((w, i) => {
    const [one, many] = ours[i];
    const best = Math.min(one, many);
    const row = [w.name, fmtSize(w), fmtTime(one), fmtTime(many)];
    if ("times" in py) row.push(fmtTime(py.times[i]), `${(best / py.times[i]).toFixed(2)}×`);
    return row;
  });
  if (!("times" in py)) head.pop();
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  ");
  print("");
  print(line(head));
  print(widths.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) print(line(r));
  print("");
  print("times" in py
    ? `ratio: numfuse's faster time / NumPy's (below 1: numfuse is faster). NumPy from ${py.python}, run as written (a temporary per operation).`
    : `NumPy skipped: ${py.skipped}.`);
}
