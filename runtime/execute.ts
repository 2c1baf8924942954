// The executor: runs a Plan's steps in order on the calling thread.

import { STORAGE } from "./dtypes.js";
import { allocStorage, type Storage } from "./buffer.js";
import type { BufRef, Operand, Plan } from "./plan.js";

/** Runs `plan`; returns the storage of each temporary, by id. */
export function execute(plan: Plan): Map<number, Storage> {
  const temps = new Map<number, Storage>();
  const specs = new Map(plan.temps.map((t) => [t.id, t]));
  const storageOf = (ref: BufRef): Storage => {
    if (ref.storage) return ref.storage;
    let s = temps.get(ref.temp);
    if (!s) {
      const spec = specs.get(ref.temp)!;
      s = allocStorage(spec.dtype, spec.length);
      temps.set(ref.temp, s);
    }
    return s;
  };
  for (const step of plan.steps) {
    if (step.kind === "kernel") {
      const nd = step.shape.length, ops = step.operands;
      const bufs = ops.map((o) => storageOf(o.ref).elementsAs(o.dtype));
      // plain arrays of small integers: V8 keeps index arithmetic in int32 (a Float64Array would make it double)
      const offs: number[] = new Array(ops.length).fill(0), st: number[] = new Array(ops.length * nd).fill(0);
      ops.forEach((o: Operand, k) => {
        const lanes = STORAGE[o.dtype].lanes;
        offs[k] = o.offset * lanes;
        for (let d = 0; d < nd; d++) st[k * nd + d] = o.strides[d] * lanes;
      });
      step.fn(step.table, bufs, offs, st, [...step.shape], step.consts as unknown[], 0, step.shape[0]);
    } else {
      const ins = step.inputs.map((o, k) => {
        const storage = storageOf(o.ref);
        return { data: storage.elementsAs(o.dtype), storage, offset: o.offset, strides: o.strides, shape: step.inputShapes[k] };
      });
      step.run(ins, storageOf(step.output));
    }
  }
  // a temporary no step wrote (a size-0 result) still needs its (empty) storage
  for (const t of plan.temps) storageOf({ temp: t.id });
  return temps;
}
