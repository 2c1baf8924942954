// The worker pool: runs kernel steps across worker threads on shared memory.
//
// A step's outer loop is cut into chunks of a fixed size (independent of the thread
// count, so results are identical at any count) that threads claim dynamically from a
// shared counter. Synchronous evaluation has the calling thread claim chunks too and
// wait on Atomics; asynchronous evaluation leaves the caller free and awaits
// Atomics.waitAsync. Workers are started lazily, never keep a process alive, and a
// worker that dies is replaced; chunks it held are rerun by the caller (a kernel only
// runs on workers when it does not write memory it reads, so rerunning is safe).

import * as Comlink from "comlink";
import type { Elements } from "./dtypes.js";
import { SHARED } from "./buffer.js";
import { CTRL_SEQ, CTRL_STOP, CTRL_WORDS, TASK_DONE, TASK_ERR, TASK_NEXT, TASK_WORDS, nodeEndpoint, type TaskMessage } from "./protocol.js";
import type { KernelStep } from "./plan.js";
import * as ERRORS from "./errors.js";
import type { WorkerApi } from "./worker.js";

/** The cost of a simple arithmetic kernel such as a*b + 2*a (3 loads/stores, 3 ops). */
const SIMPLE_COST = 6;

/** Elements per chunk: fixed, so chunk boundaries never depend on the thread count. */
export const CHUNK = 32768;
/** A chunk that has not finished after this long means its worker died. */
const STALL_MS = 3000;

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/** A browser's main thread may not block (Atomics.wait): its synchronous path stays serial. */
const CAN_BLOCK = isNode || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";

function defaultThreads(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  return 2;
}

export const poolConfig = {
  /** Threads an evaluation uses, the calling thread included (synchronous path). */
  numThreads: defaultThreads(),
  /**
   * Below this many elements of a simple arithmetic kernel (like a*b + 2*a) a kernel runs on
   * the calling thread; costlier kernels go to the pool at proportionally smaller sizes
   * (a kernel's cost counts its loads, stores and ops, transcendental calls heavily).
   * Measured in bench/RESULTS.md: memory-bound kernels gained from 2 threads at no size
   * up to 1e6 here, the sin/cos chain (cost ~35x) from about 3e4.
   */
  minParallelSize: 1_000_000,
  /** Where the worker script is (defaults to worker.js beside the bundle). */
  workerUrl: null as string | URL | null,
};

let threadsChosen = false;
/** Sets the thread count (and keeps the machine's default from overriding it later). */
export function setThreads(n: number): void {
  threadsChosen = true;
  poolConfig.numThreads = n;
}

// Node's worker_threads, loaded once; until it has loaded, everything runs serially.
interface WT {
  Worker: new (url: URL | string, opts?: object) => NodeWorker;
  MessageChannel: new () => { port1: NodePort; port2: NodePort };
  receiveMessageOnPort(port: NodePort): { message: { error?: string } } | undefined;
}
interface NodePort { postMessage(m: unknown): void; unref?(): void; on?(ev: string, f: (m: unknown) => void): void; onmessage?: unknown; close(): void }
interface NodeWorker { unref(): void; terminate(): Promise<number>; on(ev: string, f: (x: unknown) => void): void }
let wt: WT | null = null;
let existsSync: ((p: URL) => boolean) | null = null;
if (isNode) {
  import("node:os").then((os) => {
    // the machine's cores, unless the caller has chosen already
    if (!threadsChosen) poolConfig.numThreads = (os as unknown as { availableParallelism?: () => number }).availableParallelism?.() ?? os.cpus().length;
  }, () => {});
  import("node:fs").then((fs) => { existsSync = fs.existsSync as (p: URL) => boolean; }, () => {});
  import("node:worker_threads").then((m) => { wt = m as unknown as WT; }, () => {});
}

interface Slot {
  index: number;
  worker: NodeWorker | Worker;
  port: NodePort | MessagePort;
  ready: boolean;
  alive: boolean;
  known: Set<string>;
  errors: string[];
}

let ctrl: Int32Array | null = null;
const slots: Slot[] = [];
export const poolStats = { parallelSteps: 0, serialSteps: 0, workersStarted: 0, workersReplaced: 0, chunksRerun: 0 };

function workerUrl(): URL | string | null {
  if (poolConfig.workerUrl) return poolConfig.workerUrl;
  const here = new URL("./worker.js", import.meta.url);
  if (!isNode) return here;
  // from the sources (tests), the built worker lives in dist/
  if (!existsSync || existsSync(here)) return here;
  const dist = new URL("../dist/worker.js", import.meta.url);
  return existsSync(dist) ? dist : null;
}

function startWorker(index: number): void {
  if (!ctrl) ctrl = new Int32Array(new SharedArrayBuffer(CTRL_WORDS * 4));
  const url = workerUrl();
  if (!url) return;
  let worker: NodeWorker | Worker, port: NodePort | MessagePort, theirs: unknown, endpoint: Comlink.Endpoint;
  if (wt) {
    const w = new wt.Worker(url);
    const ch = new wt.MessageChannel();
    worker = w; port = ch.port1; theirs = ch.port2;
    endpoint = nodeEndpoint(w);
  } else {
    const w = new Worker(url, { type: "module" });
    const ch = new MessageChannel();
    worker = w; port = ch.port1; theirs = ch.port2;
    endpoint = w;
  }
  const slot: Slot = { index, worker, port, ready: false, alive: true, known: new Set(), errors: [] };
  slots[index] = slot;
  poolStats.workersStarted++;
  const dead = () => { slot.alive = false; slot.ready = false; };
  if (wt) {
    (worker as NodeWorker).on("exit", dead);
    (worker as NodeWorker).on("error", dead);
    (port as NodePort).on?.("message", (m) => { const e = (m as { error?: string }).error; if (e) slot.errors.push(e); });
  } else {
    (worker as Worker).onerror = dead;
    (port as MessagePort).onmessage = (e: MessageEvent) => { if (e.data?.error) slot.errors.push(e.data.error); };
  }
  const api = Comlink.wrap<WorkerApi>(endpoint);
  if (wt) {
    // unref last: attaching a message listener refs a port again
    (worker as NodeWorker).unref();
    (port as NodePort).unref?.();
  }
  api.init(ctrl, Comlink.transfer(theirs as MessagePort, [theirs as Transferable]), index + 1).then(
    () => { slot.ready = slot.alive; },
    dead,
  );
}

/** Starts (or replaces) workers up to `n`; they become usable once their setup answers. */
function ensureWorkers(n: number): void {
  if (!SHARED || (isNode && !wt)) return;
  for (let i = 0; i < n; i++) {
    const s = slots[i];
    if (!s) startWorker(i);
    else if (!s.alive) { poolStats.workersReplaced++; void (s.worker as NodeWorker).terminate?.(); startWorker(i); }
  }
}

/** Workers ready to take a task (starting more in the background when too few). */
function readyWorkers(n: number): Slot[] {
  ensureWorkers(n);
  return slots.slice(0, n).filter((s) => s && s.ready && s.alive);
}

/** True when a kernel step should run on the pool. */
export function wantsParallel(step: KernelStep, size: number): boolean {
  return (size * step.cost) / SIMPLE_COST >= poolConfig.minParallelSize && poolConfig.numThreads > 1 && (step.outer ?? step.shape[0]) >= 2;
}

interface Prepared { msg: TaskMessage; nChunks: number }

function prepare(step: KernelStep, bufs: Elements[], offs: number[], st: number[], shape: number[]): Prepared {
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows = step.chunkRows ?? Math.max(1, Math.floor(CHUNK / inner));
  const n0 = step.outer ?? shape[0];
  const nChunks = Math.ceil(n0 / rows);
  const msg: TaskMessage = {
    key: step.key, source: step.source, bufs, offs, st, shape, consts: step.consts as unknown[],
    rows, nChunks, n0,
    counters: new Int32Array(new SharedArrayBuffer(TASK_WORDS * 4)),
    owners: new Int32Array(new SharedArrayBuffer(8 * nChunks)),
  };
  return { msg, nChunks };
}

function post(targets: Slot[], msg: TaskMessage): void {
  for (const s of targets) {
    const m = s.known.has(msg.key) ? { ...msg, source: undefined } : msg;
    s.known.add(msg.key);
    s.port.postMessage(m);
  }
  Atomics.add(ctrl!, CTRL_SEQ, 1);
  Atomics.notify(ctrl!, CTRL_SEQ);
}

/** Claims and runs chunks on this thread (owner -1). */
function work(step: KernelStep, msg: TaskMessage): void {
  const c = msg.counters;
  for (;;) {
    const k = Atomics.add(c, TASK_NEXT, 1);
    if (k >= msg.nChunks) return;
    Atomics.store(msg.owners, k, -1);
    const start = k * msg.rows;
    step.fn(step.table, msg.bufs as Elements[], msg.offs, msg.st, msg.shape, msg.consts, start, Math.min(msg.n0, start + msg.rows));
    Atomics.store(msg.owners, msg.nChunks + k, 1);
    Atomics.add(c, TASK_DONE, 1);
  }
}

/**
 * Reruns unfinished chunks on the calling thread: those of workers known to be dead, or
 * (after a stall, when the caller cannot hear of deaths) all of them, their holders then
 * taken for dead. A chunk a live worker is still running may run twice: both write the
 * same values, as no worker step writes what it reads.
 */
function recover(step: KernelStep, msg: TaskMessage, stalled: boolean): void {
  for (let k = 0; k < msg.nChunks; k++) {
    if (Atomics.load(msg.owners, msg.nChunks + k)) continue;
    const owner = Atomics.load(msg.owners, k);
    const slot = owner > 0 ? slots[owner - 1] : undefined;
    if (!stalled && (owner === 0 || owner === -1 || slot?.alive)) continue;
    if (slot && slot.alive) { slot.alive = false; slot.ready = false; void (slot.worker as NodeWorker).terminate?.(); }
    const start = k * msg.rows;
    step.fn(step.table, msg.bufs as Elements[], msg.offs, msg.st, msg.shape, msg.consts, start, Math.min(msg.n0, start + msg.rows));
    Atomics.store(msg.owners, msg.nChunks + k, 1);
    if (Atomics.add(msg.counters, TASK_DONE, 1) + 1 === msg.nChunks) Atomics.notify(msg.counters, TASK_DONE);
    poolStats.chunksRerun++;
  }
}

function finish(targets: Slot[], msg: TaskMessage): void {
  poolStats.parallelSteps++;
  if (!Atomics.load(msg.counters, TASK_ERR)) return;
  const errors: string[] = [];
  for (const s of targets) {
    if (wt) { let m; while ((m = wt.receiveMessageOnPort(s.port as NodePort))) if (m.message.error) s.errors.push(m.message.error); }
    errors.push(...s.errors.splice(0));
  }
  // the worker's error, as the class the calling thread would have thrown
  const first = errors[0] ?? "Error: unknown error";
  const m = /^(\w+): ([\s\S]*)$/.exec(first);
  const Cls = m && (ERRORS as unknown as Record<string, new (msg: string) => Error>)[m[1]];
  throw Cls ? new Cls(m![2]) : new Error(`a kernel failed on a worker thread: ${first}`);
}

/**
 * Runs a kernel step on the pool and the calling thread; returns false (having done
 * nothing) when no worker is ready, so the caller runs it serially.
 */
export function runParallelSync(step: KernelStep, bufs: Elements[], offs: number[], st: number[], shape: number[]): boolean {
  if (!CAN_BLOCK) return false;
  const targets = readyWorkers(poolConfig.numThreads - 1);
  if (targets.length === 0) return false;
  const { msg, nChunks } = prepare(step, bufs, offs, st, shape);
  post(targets, msg);
  work(step, msg);
  const c = msg.counters;
  let done = Atomics.load(c, TASK_DONE), since = Date.now();
  while (done < nChunks) {
    Atomics.wait(c, TASK_DONE, done, 50);
    const now = Atomics.load(c, TASK_DONE);
    if (now !== done) { done = now; since = Date.now(); continue; }
    if (Date.now() - since > STALL_MS) { recover(step, msg, true); since = Date.now(); }
  }
  finish(targets, msg);
  return true;
}

/** Runs a kernel step on workers only, leaving the caller free; false when none is ready. */
export async function runParallelAsync(step: KernelStep, bufs: Elements[], offs: number[], st: number[], shape: number[]): Promise<boolean> {
  const targets = readyWorkers(poolConfig.numThreads);
  if (targets.length === 0) return false;
  const { msg, nChunks } = prepare(step, bufs, offs, st, shape);
  post(targets, msg);
  const c = msg.counters;
  // Atomics.waitAsync does not keep Node's event loop alive (and workers are unref'd):
  // a timer does, while this evaluation is in flight
  const keepAlive = setInterval(() => {}, 1000);
  try {
    let done = Atomics.load(c, TASK_DONE), since = Date.now();
    while (done < nChunks) {
      if (targets.some((s) => !s.alive)) {
        recover(step, msg, false);
        // with no live worker left, nothing claims the remaining chunks: run them here
        if (targets.every((s) => !s.alive)) work(step, msg);
      }
      await waitAsync(c, TASK_DONE, Atomics.load(c, TASK_DONE), 50);
      const now = Atomics.load(c, TASK_DONE);
      if (now !== done) { done = now; since = Date.now(); continue; }
      if (Date.now() - since > STALL_MS) { recover(step, msg, true); since = Date.now(); }
    }
  } finally {
    clearInterval(keepAlive);
  }
  finish(targets, msg);
  return true;
}

function waitAsync(a: Int32Array, i: number, v: number, ms: number): Promise<unknown> {
  const wa = (Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<unknown> | string } }).waitAsync;
  if (wa) {
    const r = wa(a, i, v, ms);
    return r.async ? (r.value as Promise<unknown>) : Promise.resolve(r.value);
  }
  return new Promise((res) => setTimeout(res, 1));
}

/** Starts the workers now (they start lazily otherwise); resolves when they are ready. */
export async function warmUp(): Promise<number> {
  if (!SHARED) return 0; // no shared memory (a page that is not cross-origin isolated): no workers
  for (let t = 0; t < 200 && isNode && !wt; t++) await new Promise((r) => setTimeout(r, 5));
  ensureWorkers(poolConfig.numThreads);
  for (let t = 0; t < 400; t++) {
    const ready = slots.filter((s) => s?.ready).length;
    if (ready >= Math.min(poolConfig.numThreads, slots.length) && ready > 0) return ready;
    await new Promise((r) => setTimeout(r, 5));
  }
  return slots.filter((s) => s?.ready).length;
}

/** Ends the workers (they are started again when needed). */
export async function shutdownPool(): Promise<void> {
  if (ctrl) { Atomics.store(ctrl, CTRL_STOP, 1); Atomics.add(ctrl, CTRL_SEQ, 1); Atomics.notify(ctrl, CTRL_SEQ); }
  const all = slots.splice(0);
  await Promise.all(all.map((s) => (wt ? (s.worker as NodeWorker).terminate() : (s.worker as Worker).terminate())));
  for (const s of all) s.port.close();
  ctrl = null;
}

/** @internal test hook: the pool's workers (to terminate one mid-run). */
export function poolWorkers(): readonly { alive: boolean; ready: boolean; terminate(): Promise<unknown> }[] {
  return slots.map((s) => ({ alive: s.alive, ready: s.ready, terminate: async () => (wt ? (s.worker as NodeWorker).terminate() : (s.worker as Worker).terminate()) }));
}
