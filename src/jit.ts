// np.jit: traces a function once per input signature into a replayable plan.
//
// Tracing calls the function with tracer arrays: buffer arrays of the arguments' shapes and
// dtypes over placeholder storage that holds no data (reading it raises JAX's
// ConcretizationTypeError). The graph the function returns is scheduled once; the plan's
// references to the placeholders become cells that each call points at the argument
// buffers, so a call is: key lookup, bind, execute, wrap the fresh outputs. JS scalars
// and other non-array arguments are baked into the plan as constants (part of the key,
// so a new value retraces); pass a 0-d array to trace a value instead. Side effects of
// the function (console.log, pushes to outer lists) happen only while tracing, as in JAX,
// and arrays the function closes over are captured as constants at trace time.

import { NDArray, forgetPending, fromBuffer, tracing } from "./ndarray.js";
import type { DType } from "./dtype.js";
import { schedule, type Placed } from "../compiler/schedule.js";
import { cStrides, isCContiguous, type Node } from "../compiler/ir.js";
import { execute } from "../runtime/execute.js";
import { allocStorage, Storage } from "../runtime/buffer.js";
import type { TypedArray } from "../runtime/dtypes.js";
import { ConcretizationTypeError, TypeError } from "../runtime/errors.js";
import type { BufRef, Plan, Step } from "../runtime/plan.js";

export interface JitOptions {
  /** Positions of arguments that are static: their values key the cache instead of being traced. */
  staticArgnums?: number | readonly number[];
  /** Names of static properties when the function takes one options object last (its keys are static). */
  staticArgnames?: string | readonly string[];
  /** Compiled signatures kept (least recently used dropped); default 64. */
  cacheSize?: number;
}

/** A jitted function: call it as the original; `explain` and `traces` inspect it. */
export interface Jitted<A extends unknown[], R> {
  (...args: A): R;
  /** How many times the function was traced (one per new signature). */
  readonly traces: number;
  /** The plan a call with these arguments runs: its signature and steps. */
  explain(...args: A): string;
  /** Drops every compiled signature. */
  clearCache(): void;
}

const CONCRETE_HINT = "np.jit traces the function with abstract arrays (a shape and dtype, no values yet), " +
  "so reading a traced array's values (item, tolist, data, printing, Number(x), if (x > 0), iteration, " +
  "in-place writes to an argument) is not possible inside it. Use np.where for value-dependent choices, " +
  "or mark the argument static with { staticArgnums } so its value is known when tracing.";

function abstract(what: string): never {
  throw new ConcretizationTypeError(`Abstract tracer value encountered where a concrete value is expected (${what}). ${CONCRETE_HINT}`);
}

/** Storage of a traced argument: it has a dtype and length, but its elements raise on access. */
class TracerStorage extends Storage {
  constructor(dtype: DType, length: number) {
    super(dtype.id, [], length);
    Object.defineProperty(this, "data", { get: () => abstract("reading the elements of a traced array") });
  }
  override elementsAs(): never { return abstract("reading the elements of a traced array"); }
}

// ---- pytrees: arrays, tuples and objects of arrays -----------------------------------------

type Leaf = NDArray;
/** A structure with its arrays replaced by their leaf index (and other values kept). */
type Tree = { k: "leaf"; i: number } | { k: "list"; items: Tree[] } | { k: "obj"; keys: string[]; items: Tree[] } | { k: "value"; v: unknown };

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype;

function flatten(x: unknown, leaves: Leaf[]): Tree {
  if (x instanceof NDArray) { leaves.push(x); return { k: "leaf", i: leaves.length - 1 }; }
  if (Array.isArray(x)) return { k: "list", items: x.map((e) => flatten(e, leaves)) };
  if (isPlainObject(x)) { const keys = Object.keys(x); return { k: "obj", keys, items: keys.map((key) => flatten(x[key], leaves)) }; }
  return { k: "value", v: x };
}

function unflatten(t: Tree, leaves: readonly unknown[]): unknown {
  switch (t.k) {
    case "leaf": return leaves[t.i];
    case "list": return t.items.map((e) => unflatten(e, leaves));
    case "obj": { const o: Record<string, unknown> = {}; t.keys.forEach((key, j) => (o[key] = unflatten(t.items[j], leaves))); return o; }
    case "value": return t.v;
  }
}

/** The cache key of a non-array value (static, or baked into the plan). */
function valueKey(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") throw new TypeError("np.jit: a function argument must be static (staticArgnums)");
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  return typeof v === "object" && v !== null && !isPlainObject(v) && !Array.isArray(v) ? String(v) : (JSON.stringify(v) ?? String(v));
}

/** The key of a (flattened) structure: arrays by dtype and shape, the rest by value. */
function treeKey(t: Tree, leaves: readonly Leaf[]): string {
  switch (t.k) {
    case "leaf": { const a = leaves[t.i]; return `${a.dtype.str}[${a.shape.join(",")}]`; }
    case "list": return `(${t.items.map((e) => treeKey(e, leaves)).join(",")})`;
    case "obj": return `{${t.keys.map((key, j) => `${JSON.stringify(key)}:${treeKey(t.items[j], leaves)}`).join(",")}}`;
    case "value": return valueKey(t.v);
  }
}

// ---- compiled signatures ----------------------------------------------------------------

/** A mutable reference the plan reads an argument through: each call points it at that call's buffer. */
type Cell = { storage: Storage | undefined };

interface Output {
  readonly dtype: DType;
  readonly placed: Placed;
  /** The argument this output is (the function returned its input), else -1. */
  readonly param: number;
}

interface Compiled {
  readonly plan: Plan;
  readonly cells: readonly Cell[];
  readonly outputs: readonly Output[];
  readonly outTree: Tree;
  readonly describe: () => string;
}

/** A copy of memory the function closed over: constants are baked at trace time, as JAX's. */
function snapshot(s: Storage): Storage {
  if (Array.isArray(s.data)) return new Storage(s.dtype, [...s.data], s.length);
  const c = allocStorage(s.dtype, s.length);
  (c.data as TypedArray).set(s.data as TypedArray & ArrayLike<never>);
  return c;
}

function remapRef(ref: BufRef, cellOf: Map<Storage, Cell>, consts: Map<Storage, BufRef>): BufRef {
  if (!ref.storage) return ref;
  const cell = cellOf.get(ref.storage);
  if (cell) return cell as BufRef;
  let c = consts.get(ref.storage);
  if (!c) consts.set(ref.storage, (c = { storage: snapshot(ref.storage) }));
  return c;
}

/** The plan with the placeholders' references replaced by the argument cells, and constants by snapshots. */
function bindable(plan: Plan, cellOf: Map<Storage, Cell>, consts: Map<Storage, BufRef>): Plan {
  const remap = (ref: BufRef) => remapRef(ref, cellOf, consts);
  const steps = plan.steps.map((s): Step => s.kind === "kernel"
    ? { ...s, operands: s.operands.map((o) => ({ ...o, ref: remap(o.ref) })) }
    : { ...s, inputs: s.inputs.map((o) => ({ ...o, ref: remap(o.ref) })), output: remap(s.output) });
  return { temps: plan.temps, steps };
}

/** Makes Number(x), `${x}` and x > 0 on a traced array raise (they would read its values). */
let tracingDepth = 0;
const TO_PRIMITIVE = Symbol.toPrimitive;
function guardPrimitives(on: boolean): void {
  const proto = NDArray.prototype as unknown as Record<symbol, unknown>;
  if (on && tracingDepth++ === 0) {
    Object.defineProperty(proto, TO_PRIMITIVE, { configurable: true, value: () => abstract("converting a traced array to a JS number or string") });
  } else if (!on && --tracingDepth === 0) delete proto[TO_PRIMITIVE];
}

function trace(fn: (...args: unknown[]) => unknown, argTree: Tree, leaves: readonly Leaf[]): Compiled {
  const cells: Cell[] = [], cellOf = new Map<Storage, Cell>();
  const tracers = leaves.map((a) => {
    if (a.dtype.kind === "V") throw new TypeError("np.jit: structured arrays cannot be traced (pass their fields)");
    const storage = new TracerStorage(a.dtype, a.size);
    const cell: Cell = { storage: undefined };
    cells.push(cell);
    cellOf.set(storage, cell);
    return fromBuffer(storage, a.dtype, { shape: a.shape, strides: cStrides(a.shape), offset: 0 });
  });
  guardPrimitives(true);
  const outer = tracing.made, made: Node[] = [];
  tracing.made = made;
  let out: unknown;
  try {
    out = fn(...(unflatten(argTree, tracers) as unknown[]));
  } finally {
    guardPrimitives(false);
    tracing.made = outer;
    forgetPending(made);
  }
  const outLeaves: Leaf[] = [];
  const outTree = flatten(out, outLeaves);
  for (const a of outLeaves) if (a.dtype.kind === "V") throw new TypeError("np.jit: structured outputs are not supported");
  const nodes: Node[] = outLeaves.map((a) => a._node);
  const s = schedule(nodes.map((node) => ({ node })));
  const storages = tracers.map((t) => (t._node as { storage: Storage }).storage);
  const consts = new Map<Storage, BufRef>();
  const plan = bindable(s.plan, cellOf, consts);
  const outputs = s.results.map((placed, i): Output => ({
    dtype: outLeaves[i].dtype,
    placed: { ...placed, ref: remapRef(placed.ref, cellOf, consts) },
    param: placed.ref.storage ? storages.indexOf(placed.ref.storage) : -1,
  }));
  const describe = () => s.info.map((f, i) => { const info = f(); return `step ${i}: ${info.title}${info.loop ? `\n  ${info.loop}` : ""}`; }).join("\n");
  return { plan, cells, outputs, outTree, describe };
}

/** The argument's buffer in the layout the plan was traced for (C-contiguous from offset 0). */
function bufferOf(a: NDArray): Storage {
  let b = a._buffer();
  if (b.offset !== 0 || !isCContiguous(b)) b = a.copy()._buffer();
  return b.storage;
}

function run(c: Compiled, leaves: readonly Leaf[]): unknown {
  const cells = c.cells;
  for (let i = 0; i < cells.length; i++) cells[i].storage = bufferOf(leaves[i]);
  const temps = execute(c.plan);
  const results = c.outputs.map((o) => {
    const p = o.placed;
    if (p.ref.temp !== undefined) return fromBuffer(temps.get(p.ref.temp)!, o.dtype, p.layout);
    // the function returned an argument (or a view of it): the result views that argument, as NumPy's identity would
    if (o.param >= 0) return fromBuffer(p.ref.storage!, o.dtype, p.layout, leaves[o.param]);
    // an array the function closed over: a copy, so no two calls' results share memory
    return fromBuffer(p.ref.storage!, o.dtype, p.layout).copy();
  });
  for (const cell of cells) cell.storage = undefined; // do not keep the arguments alive
  return unflatten(c.outTree, results);
}

/**
 * Compiles `fn` once per signature of its arguments (array shapes and dtypes, static values)
 * and replays the plan: `const f = np.jit((x, y) => np.sum(x.sub(y).pow(2), { axis: -1 })); f(a, b)`.
 */
export function jit<A extends unknown[], R>(fn: (...args: A) => R, opts: JitOptions = {}): Jitted<A, R> {
  const staticNums = new Set(opts.staticArgnums === undefined ? [] : typeof opts.staticArgnums === "number" ? [opts.staticArgnums] : opts.staticArgnums);
  const staticNames = new Set(opts.staticArgnames === undefined ? [] : typeof opts.staticArgnames === "string" ? [opts.staticArgnames] : opts.staticArgnames);
  const cacheSize = opts.cacheSize ?? 64;
  const cache = new Map<string, Compiled>();
  let traces = 0;
  // the last signature: a loop calling with the same shapes skips building the key string
  let last: { c: Compiled; args: readonly unknown[] } | null = null;

  /** Static args' values are part of the key; negative positions count from the end, as JAX's. */
  const isStatic = (i: number, n: number) => staticNums.has(i) || staticNums.has(i - n);

  function lookup(args: readonly unknown[]): { c: Compiled; leaves: Leaf[] } {
    const leaves: Leaf[] = [];
    if (last && sameSignature(last.args, args)) {
      for (const a of args) if (a instanceof NDArray) leaves.push(a);
      return { c: last.c, leaves };
    }
    const trees = args.map((a, i) => (isStatic(i, args.length) ? { k: "value", v: a } as Tree : staticObject(a) ?? flatten(a, leaves)));
    const argTree: Tree = { k: "list", items: trees };
    const key = trees.map((t, i) => (isStatic(i, args.length) ? `s${valueKey(args[i])}` : treeKey(t, leaves))).join(";");
    let c = cache.get(key);
    if (c) { cache.delete(key); cache.set(key, c); }
    else {
      c = trace(fn as (...args: unknown[]) => unknown, argTree, leaves);
      traces++;
      cache.set(key, c);
      if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    last = fastSignature(args) ? { c, args: args.map(signatureOf) } : null;
    return { c, leaves };
  }

  /** A trailing options object with static names: kept whole as a value (its arrays would be baked). */
  function staticObject(a: unknown): Tree | null {
    if (!staticNames.size || !isPlainObject(a) || !Object.keys(a).some((k) => staticNames.has(k))) return null;
    return { k: "value", v: a };
  }

  const jitted = ((...args: A): R => {
    // inside another function's trace the arguments may be tracers: inline, as a nested jit does in JAX
    if (tracingDepth > 0) return fn(...args);
    const { c, leaves } = lookup(args);
    return run(c, leaves) as R;
  }) as Jitted<A, R>;
  Object.defineProperty(jitted, "traces", { get: () => traces });
  jitted.explain = (...args: A) => {
    const { c, leaves } = lookup(args);
    return `np.jit plan: ${leaves.length} traced argument(s), ${c.plan.steps.length} step(s), ${c.plan.temps.length} buffer(s) per call\n${c.describe()}`;
  };
  jitted.clearCache = () => { cache.clear(); last = null; };
  return jitted;

  /** Only all-array or scalar-free argument lists take the fast path (statics compare by identity). */
  function fastSignature(args: readonly unknown[]): boolean {
    return staticNames.size === 0 && args.every((a, i) => a instanceof NDArray || (isStatic(i, args.length) && (typeof a !== "object" || a === null)));
  }
}

/** What the fast path compares: an array's dtype and shape, or a static primitive's value. */
function signatureOf(a: unknown): unknown {
  return a instanceof NDArray ? { dtype: a.dtype, shape: a.shape } : { value: a };
}

function sameSignature(sig: readonly unknown[], args: readonly unknown[]): boolean {
  if (sig.length !== args.length) return false;
  for (let i = 0; i < args.length; i++) {
    const s = sig[i] as { dtype?: DType; shape?: readonly number[]; value?: unknown }, a = args[i];
    if (a instanceof NDArray) {
      if (!s.shape || a.dtype !== s.dtype || a.shape.length !== s.shape.length) return false;
      for (let d = 0; d < a.shape.length; d++) if (a.shape[d] !== s.shape[d]) return false;
    } else if (s.shape || !Object.is(s.value, a)) return false;
  }
  return true;
}

export { ConcretizationTypeError };
