// A pool worker: compiles kernel sources once per structural key and runs chunks of
// tasks. Setup arrives through comlink; tasks arrive on a MessagePort. In Node the
// worker waits on shared memory (Atomics) and pulls each task synchronously off its port
// (receiveMessageOnPort), spinning briefly between tasks so back-to-back tasks start in
// about a microsecond; in browsers tasks arrive as message events.

import * as Comlink from "comlink";
import { FTABLE } from "../compiler/codegen.js";
import type { KernelFn } from "./plan.js";
import { CTRL_SEQ, CTRL_STOP, TASK_DONE, TASK_ERR, TASK_NEXT, nodeEndpoint, type TaskMessage } from "./protocol.js";
import type { Elements } from "./dtypes.js";

const kernels = new Map<string, KernelFn>();

/** Runs chunks of one task until none are left. */
function runTask(t: TaskMessage, self: number, report: (msg: string) => void): void {
  let fn = kernels.get(t.key);
  if (!fn) {
    if (t.source === undefined) throw new Error(`kernel ${t.key} was never sent to this worker`);
    fn = new Function(t.source)() as KernelFn;
    kernels.set(t.key, fn);
  }
  const c = t.counters;
  for (;;) {
    const k = Atomics.add(c, TASK_NEXT, 1);
    if (k >= t.nChunks) return;
    Atomics.store(t.owners, k, self);
    const start = k * t.rows, end = Math.min(t.n0, start + t.rows);
    try {
      fn(FTABLE, t.bufs as Elements[], t.offs, t.st, t.shape, t.consts, start, end);
    } catch (e) {
      Atomics.store(c, TASK_ERR, 1);
      report(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    Atomics.store(t.owners, t.nChunks + k, 1);
    if (Atomics.add(c, TASK_DONE, 1) + 1 === t.nChunks) Atomics.notify(c, TASK_DONE);
  }
}

interface NodeWorkerApi {
  receiveMessageOnPort(port: unknown): { message: TaskMessage } | undefined;
}

/** The Node loop: wait on the control word, pull tasks off the port, run them. */
function nodeLoop(ctrl: Int32Array, port: { postMessage(m: unknown): void }, self: number, wt: NodeWorkerApi): void {
  let seq = Atomics.load(ctrl, CTRL_SEQ);
  const report = (msg: string) => port.postMessage({ error: msg });
  for (;;) {
    // spin ~150 µs for the next task before sleeping: back-to-back tasks then start at once
    const spinUntil = performance.now() + 0.15;
    while (Atomics.load(ctrl, CTRL_SEQ) === seq && performance.now() < spinUntil) { /* spin */ }
    if (Atomics.load(ctrl, CTRL_SEQ) === seq) Atomics.wait(ctrl, CTRL_SEQ, seq);
    seq = Atomics.load(ctrl, CTRL_SEQ);
    if (Atomics.load(ctrl, CTRL_STOP)) return;
    let m;
    while ((m = wt.receiveMessageOnPort(port))) runTask(m.message, self, report);
  }
}

const api = {
  /** Setup: the control word, this worker's task port and its index (owners of chunks). */
  async init(ctrl: Int32Array, port: MessagePort, self: number): Promise<boolean> {
    const wt = await nodeWorkerThreads();
    if (wt) {
      // start blocking only after comlink has answered this call
      setTimeout(() => nodeLoop(ctrl, port, self, wt), 0);
    } else {
      const report = (msg: string) => port.postMessage({ error: msg });
      port.onmessage = (e: MessageEvent<TaskMessage>) => runTask(e.data, self, report);
    }
    return true;
  },
  /** Compiles a kernel ahead of its first task. */
  register(key: string, source: string): void {
    if (!kernels.has(key)) kernels.set(key, new Function(source)() as KernelFn);
  },
};
export type WorkerApi = typeof api;

async function nodeWorkerThreads(): Promise<(NodeWorkerApi & { parentPort: unknown }) | null> {
  if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== "string") return null;
  return (await import("node:worker_threads")) as unknown as NodeWorkerApi & { parentPort: unknown };
}

void (async () => {
  const wt = await nodeWorkerThreads();
  if (wt) {
    Comlink.expose(api, nodeEndpoint(wt.parentPort));
  } else {
    Comlink.expose(api);
  }
})();
