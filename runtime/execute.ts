// The executor: runs a Plan's steps in order. Large kernel steps run across the worker
// pool (the calling thread taking a share when synchronous); the rest on the caller.

import { STORAGE, type Elements } from "./dtypes.js";
import { allocStorage, isShared, type Storage } from "./buffer.js";
import type { BufRef, KernelStep, Plan } from "./plan.js";
import { runParallelAsync, runParallelSync, wantsParallel, poolStats } from "./pool.js";

interface Call { bufs: Elements[]; offs: number[]; st: number[]; shape: number[]; parallel: boolean }

class Run {
  readonly temps = new Map<number, Storage>();
  private readonly specs;
  constructor(readonly plan: Plan) {
    this.specs = new Map(plan.temps.map((t) => [t.id, t]));
  }

  storageOf(ref: BufRef): Storage {
    if (ref.storage) return ref.storage;
    let s = this.temps.get(ref.temp);
    if (!s) {
      const spec = this.specs.get(ref.temp)!;
      s = allocStorage(spec.dtype, spec.length);
      this.temps.set(ref.temp, s);
    }
    return s;
  }

  /** A kernel's arguments: element arrays, and offsets/strides in typed-array slots. */
  call(step: KernelStep): Call {
    const nd = step.shape.length, ops = step.operands;
    const storages = ops.map((o) => this.storageOf(o.ref));
    const bufs = ops.map((o, k) => storages[k].elementsAs(o.dtype));
    // plain arrays of small integers: V8 keeps index arithmetic in int32 (a Float64Array would make it double)
    const offs: number[] = [], st: number[] = [];
    ops.forEach((o, k) => {
      const lanes = STORAGE[o.dtype].lanes;
      offs[k] = o.offset * lanes;
      for (let d = 0; d < nd; d++) st[k * nd + d] = o.strides[d] * lanes;
    });
    const size = step.shape.reduce((a, b) => a * b, 1);
    // workers may run a step when they can see its memory and rerunning a chunk is harmless
    // (no output is also read: in-place steps stay on the calling thread)
    const reads = new Set(storages.slice(0, step.nLoads));
    const parallel = wantsParallel(step, size) && bufs.every(isShared) && !storages.slice(step.nLoads).some((s) => reads.has(s));
    return { bufs, offs, st, shape: [...step.shape], parallel };
  }

  serial(step: KernelStep, c: Call): void {
    poolStats.serialSteps++;
    step.fn(step.table, c.bufs, c.offs, c.st, c.shape, step.consts as unknown[], 0, step.outer ?? c.shape[0]);
  }

  callStep(i: number): void {
    const step = this.plan.steps[i];
    if (step.kind !== "call") return;
    const ins = step.inputs.map((o, k) => {
      const storage = this.storageOf(o.ref);
      return { data: storage.elementsAs(o.dtype), storage, offset: o.offset, strides: o.strides, shape: step.inputShapes[k] };
    });
    step.run(ins, this.storageOf(step.output));
  }

  /** A temporary no step wrote (a size-0 result) still needs its (empty) storage. */
  done(): Map<number, Storage> {
    for (const t of this.plan.temps) this.storageOf({ temp: t.id });
    return this.temps;
  }
}

/** Runs `plan` synchronously; returns the storage of each temporary, by id. */
export function execute(plan: Plan): Map<number, Storage> {
  const run = new Run(plan);
  plan.steps.forEach((step, i) => {
    if (step.kind !== "kernel") return run.callStep(i);
    const c = run.call(step);
    if (!(c.parallel && runParallelSync(step, c.bufs, c.offs, c.st, c.shape))) run.serial(step, c);
  });
  return run.done();
}

/** Runs `plan` with large kernels on the worker pool, without blocking the caller. */
export async function executeAsync(plan: Plan): Promise<Map<number, Storage>> {
  const run = new Run(plan);
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    if (step.kind !== "kernel") { run.callStep(i); continue; }
    const c = run.call(step);
    if (!(c.parallel && (await runParallelAsync(step, c.bufs, c.offs, c.st, c.shape)))) run.serial(step, c);
  }
  return run.done();
}
