// What the benchmarks share (bench/run.mjs, bench/pool.mjs): the NumPy/numexpr helper
// process, timing, formatting, and bench/RESULTS.md's sections.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

export const REPS = 11; // samples per measurement; the median is reported
export const MIN_SAMPLE_S = 0.01; // small sizes: calls are batched so one sample takes >= 10 ms
export const WARMUP_S = 0.5; // numfuse warm-up per cell (JIT tiers, kernel cache, buffer pool)
export const PYTHON = process.env.NUMFUSE_BENCH_PYTHON || "/usr/bin/python3";
/** A path in bench/. */
export const here = (f) => fileURLToPath(new URL(f, import.meta.url));
export const RESULTS = here("./RESULTS.md");

// ---- the Python side ------------------------------------------------------------------

/**
 * Starts bench/bench_numpy.py once. Resolves to { meta, request(req) -> Promise<reply>, close() },
 * or to { error } (no Python, no NumPy): callers then skip the comparison with a note.
 */
export function startPython() {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(PYTHON, ["-u", here("./bench_numpy.py")], { stdio: ["pipe", "pipe", "inherit"] });
    } catch (err) {
      return resolve({ error: `${PYTHON} could not be started (${err.message})` });
    }
    const waiting = [];
    let meta = null;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const msg = JSON.parse(line);
      if (!meta) {
        meta = msg;
        resolve(msg.error ? { error: msg.error } : { meta, request, close: () => child.stdin.end() });
      } else waiting.shift()?.(msg);
    });
    child.on("error", (err) => resolve({ error: `${PYTHON} could not be started (${err.code ?? err.message})` }));
    child.on("exit", (code) => {
      if (!meta) resolve({ error: `${PYTHON} exited with code ${code} before reporting NumPy's version` });
      for (const w of waiting.splice(0)) w(null);
    });
    function request(req) {
      return new Promise((res) => {
        waiting.push(res);
        child.stdin.write(JSON.stringify(req) + "\n");
      });
    }
  });
}

// ---- numfuse timing -------------------------------------------------------------------

/**
 * Median (and fastest) seconds per call of each of `calls`, sampled interleaved: after
 * each call's warm-up, sample r of every call is taken before sample r + 1 of any, so
 * calls compared with each other see the same machine (load, other tenants) even when
 * it changes during the measurement. A call is awaited every time. `beforeRound(r)`, if
 * given, is awaited before each round of samples (untimed).
 */
export async function medianSecondsEach(calls, { reps = REPS, minSampleS = MIN_SAMPLE_S, warmupS = WARMUP_S, beforeRound = null } = {}) {
  const batch = [];
  for (const call of calls) {
    let n = 0;
    const w0 = performance.now();
    while (n < 2 || performance.now() - w0 < warmupS * 1e3) {
      await call();
      n++;
    }
    const one = (performance.now() - w0) / 1e3 / n;
    batch.push(Math.max(1, Math.ceil(minSampleS / one)));
  }
  const samples = calls.map(() => []);
  for (let r = 0; r < reps; r++) {
    if (beforeRound) await beforeRound(r);
    for (let i = 0; i < calls.length; i++) {
      const k = batch[i];
      const t0 = performance.now();
      for (let j = 0; j < k; j++) await calls[i]();
      samples[i].push((performance.now() - t0) / 1e3 / k);
    }
  }
  return samples.map((s) => {
    s.sort((x, y) => x - y);
    const unsorted = s.slice();
    s.sort((x, y) => x - y);
    return { median: s[s.length >> 1], min: s[0], samples: unsorted };
  });
}

/** Median (and fastest) seconds per call: warm up, then batch calls so one sample takes >= minSampleS. */
export async function medianSeconds(call, opts) {
  const [{ median, min }] = await medianSecondsEach([call], opts);
  return { median, min };
}

// ---- formatting -----------------------------------------------------------------------

export const fmtT = (s) => (s == null ? "—" : s < 1e-3 ? `${(s * 1e6).toFixed(1)} µs` : `${(s * 1e3).toFixed(2)} ms`);
export const fmtR = (x) => (x == null || !isFinite(x) ? "—" : `${x.toFixed(2)}×`);
/** 1e6, 2e4, 4e7 (sizes are a digit times a power of ten). */
export const fmtN = (n) => {
  const e = Math.floor(Math.log10(n) + 1e-9), m = n / 10 ** e;
  return Number.isInteger(Math.round(m * 1e6) / 1e6) ? `${Math.round(m)}e${e}` : String(n);
};

export function table(rows, cols) {
  const head = `| ${cols.map((c) => c.title).join(" | ")} |`;
  const rule = `|${cols.map((c, i) => (i === 0 ? "---" : "---:")).join("|")}|`;
  return [head, rule, ...rows.map((r) => `| ${cols.map((c) => c.get(r)).join(" | ")} |`)].join("\n");
}

// ---- RESULTS.md -----------------------------------------------------------------------
//
// bench/run.mjs writes the file; other benchmarks own one `## ` section each, at its end
// (their own subsections are `### `). Each script replaces only what it wrote.

/** Sections written by other scripts than bench/run.mjs, by heading. */
export const OWN_SECTIONS = ["## Worker pool (issue 3)", "## Reductions (issue 4)", "## Products (issue 6)", "## Linear algebra (issue 7)", "## Random numbers (issue 8)", "## Sorting, FFT, histograms (issue 9)", "## Memmap, out of core (issue 10)", "## np.jit, small-array overhead (issue 11)", "## JavaScript peers (issue 12)", "## Memory (issue 12)", "## Soak, faults and fuzz (issue 13)"];

function splitSections(text) {
  // [before the first owned section, Map heading -> section text]
  const found = new Map();
  let head = text;
  const starts = OWN_SECTIONS.map((h) => [h, text.search(new RegExp(`^${h.replace(/[()]/g, "\\$&")}\\s*$`, "m"))]).filter(([, i]) => i >= 0);
  starts.sort((x, y) => x[1] - y[1]);
  if (starts.length) head = text.slice(0, starts[0][1]);
  for (let k = 0; k < starts.length; k++) {
    const [h, i] = starts[k];
    const rest = text.slice(i + h.length);
    const next = rest.search(/^## /m); // the next top-level section ends this one
    found.set(h, text.slice(i, next < 0 ? text.length : i + h.length + next));
  }
  return [head, found];
}

const readResults = () => (existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "");
const joinSections = (head, sections) => [head.replace(/\s*$/, "\n"), ...[...sections.values()].map((s) => `\n${s.replace(/\s*$/, "\n")}`)].join("");

/** bench/run.mjs: writes its report, keeping the other scripts' sections after it. */
export function writeMainResults(md) {
  const [, sections] = splitSections(readResults());
  writeFileSync(RESULTS, sections.size ? joinSections(md, sections) : md);
}

/** Writes (or replaces) one owned section, keeping the rest of the file as it was. */
export function writeSection(heading, body) {
  if (!OWN_SECTIONS.includes(heading)) throw new Error(`unknown RESULTS.md section ${heading}`);
  const [head, sections] = splitSections(readResults());
  sections.set(heading, `${heading}\n\n${body}`);
  writeFileSync(RESULTS, joinSections(head || "# Benchmark results\n", sections));
}

// ---- numfuse's thread settings --------------------------------------------------------

/**
 * Resolves once numfuse's own start-up settings have landed. In Node numfuse sets its
 * default thread count from node:os when a dynamic import resolves, shortly after the
 * module loads; builds before 1030523 let that overwrite a `setNumThreads` made earlier
 * (bench/pool.mjs checks it live). Benchmarks set threads only after this.
 */
export async function numfuseSettled() {
  await new Promise((r) => setTimeout(r, 50));
}

// ---- the issue benchmarks' common frame (reductions, matmul, linalg) ----------------------

/**
 * Settles numfuse's start-up, starts NumPy's side, and returns what the report's first
 * line says: when, on what, with which NumPy (and its BLAS, or numexpr).
 */
export async function session() {
  await numfuseSettled();
  const started = new Date();
  const load0 = os.loadavg()[0];
  const py = await startPython();
  if (py.error) console.log(`NumPy comparison skipped: ${py.error}\n`);
  const m = py.meta;
  const numpy = !m ? "" : `, NumPy ${m.numpy}${m.blas ? ` with ${m.blas}` : ""}${m.numexpr ? `, numexpr ${m.numexpr} (${m.numexpr_default_threads} threads)` : ""}`;
  const measured = `Measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"} (load ${load0.toFixed(2)} at start), Node ${process.version}${numpy}.`;
  return { py, measured };
}

/** Writes a benchmark's section when NumPy was there to compare with; says so either way. */
export function finishSection(py, heading, body) {
  py.close?.();
  if (py.meta) writeSection(heading, body);
  console.log(py.meta ? `\nwrote the "${heading}" section of bench/RESULTS.md` : "\nbench/RESULTS.md left as it was (no NumPy)");
}
