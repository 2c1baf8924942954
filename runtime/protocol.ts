// The shared-memory protocol between the pool and its workers.

import type { Endpoint } from "comlink";

/** Control words (Int32Array over a SharedArrayBuffer shared by all workers). */
export const CTRL_SEQ = 0;   // bumped once per task: workers wait on it
export const CTRL_STOP = 1;  // set at shutdown
export const CTRL_WORDS = 4;

/** Per-task counters (a fresh Int32Array per task, so a late worker never sees a newer task's). */
export const TASK_NEXT = 0;  // next chunk to claim
export const TASK_DONE = 1;  // chunks finished
export const TASK_ERR = 2;   // set when a chunk threw
export const TASK_WORDS = 4;

/** What a worker needs to run chunks of one kernel step. */
export interface TaskMessage {
  readonly key: string;
  /** Present when this worker has not compiled the kernel yet. */
  readonly source?: string;
  readonly bufs: unknown[];
  readonly offs: number[];
  readonly st: number[];
  readonly shape: number[];
  readonly consts: unknown[];
  /** Outer-loop indices per chunk, chunks in all, and the outer extent. */
  readonly rows: number;
  readonly nChunks: number;
  readonly n0: number;
  readonly counters: Int32Array;
  /** Who claimed each chunk (worker index + 1; 0 for the calling thread). */
  readonly owners: Int32Array;
}

/** A comlink endpoint over a Node Worker or parentPort (what comlink's node adapter does). */
export function nodeEndpoint(w: unknown): Endpoint {
  const listeners = new WeakMap<object, (d: unknown) => void>();
  const nw = w as unknown as { postMessage(m: unknown, t?: unknown[]): void; on(e: string, f: (d: unknown) => void): void; off(e: string, f: (d: unknown) => void): void };
  return {
    postMessage: (m: unknown, t?: Transferable[]) => nw.postMessage(m, t),
    addEventListener: (_: string, h: EventListenerOrEventListenerObject) => {
      const l = (data: unknown) => ("handleEvent" in h ? h.handleEvent({ data } as MessageEvent) : h({ data } as MessageEvent));
      nw.on("message", l);
      listeners.set(h, l);
    },
    removeEventListener: (_: string, h: EventListenerOrEventListenerObject) => {
      const l = listeners.get(h);
      if (l) { nw.off("message", l); listeners.delete(h); }
    },
  } as Endpoint;
}

