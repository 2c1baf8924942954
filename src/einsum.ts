// np.einsum and np.einsum_path, as NumPy 1.24 has them. With `optimize` false (the
// default) the whole expression is one C-einsum call (src/einsum/step.ts): its operands
// contracted pairwise from the left. Otherwise, as NumPy's einsum.py: einsum_path parses
// the subscripts its own way, finds a contraction path (src/einsum/path.ts), and each step
// is one C-einsum call (or, where NumPy would call tensordot, a contraction in the
// operands' own dtype). Everything stays lazy; the path's report becomes the result's
// note, which explain() prints.

import { TypeError, ValueError } from "../runtime/errors.js";
import { contract } from "./contract.js";
import { dtype as toDType, type DTypeLike } from "./dtype.js";
import { isOptions, type Casting } from "./join.js";
import { NDArray } from "./ndarray.js";
import { asarray } from "./creation.js";
import type { ArrayLike } from "./ufunc.js";
import { copyInOrder } from "./shape.js";
import { labelSizes, parsePy, sublistC, sublistPy } from "./einsum/parse.js";
import { einsumMsg } from "../runtime/errors.js";
import { pathChoice, planPath, report, type EinsumPath, type Plan } from "./einsum/path.js";
import { cEinsum, type StepOptions } from "./einsum/step.js";

export type { EinsumPath } from "./einsum/path.js";

/** How einsum chooses its contraction order. */
export type Optimize = boolean | "greedy" | "optimal" | EinsumPath | [string, number] | null;

export interface EinsumOptions {
  /** false (default): one contraction, pairwise from the left; true/"greedy"/"optimal"/a path: as np.einsum_path. */
  optimize?: Optimize;
  /** The dtype the operands are cast to (under `casting`) and the result has. */
  dtype?: DTypeLike | null;
  /** Written with the result (cast under `casting`); then returned. */
  out?: NDArray | null;
  casting?: Casting;
  /** Memory order of the result ("K": the compiler's choice). */
  order?: Order;
}

const CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"];

function castingOf(c: unknown): Casting {
  if (c === undefined) return "safe";
  if (!CASTINGS.includes(c as string)) throw new ValueError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe' (got '${String(c)}')`);
  return c as Casting;
}

export type Order = "C" | "F" | "A" | "K";

function orderOf(o: unknown): Order {
  if (o === undefined || o === null) return "K";
  const s = typeof o === "string" ? o.toUpperCase() : "";
  if (!["C", "F", "A", "K"].includes(s)) throw new ValueError(`order must be one of 'C', 'F', 'A', or 'K' (got '${String(o)}')`);
  return s as Order;
}

/** The options given (undefined entries are absent) and the positional arguments. */
function splitArgs(args: readonly unknown[]): { rest: unknown[]; opts: Record<string, unknown> } {
  const rest = [...args];
  const last = rest[rest.length - 1];
  const opts: Record<string, unknown> = {};
  if (rest.length && !(last instanceof NDArray) && isOptions(last)) {
    rest.pop();
    for (const [k, v] of Object.entries(last)) if (v !== undefined) opts[k] = v;
  }
  return { rest, opts };
}

/** The step options, read as C einsum reads its keywords. */
function stepOptions(opts: Record<string, unknown>, out: boolean): StepOptions {
  const o = opts.out;
  if (out && o !== undefined && o !== null && !(o instanceof NDArray)) throw new TypeError("keyword parameter out must be an array for einsum");
  return {
    casting: castingOf(opts.casting),
    dtype: opts.dtype === undefined || opts.dtype === null ? null : toDType(opts.dtype as DTypeLike),
    out: out && o instanceof NDArray ? o : null,
  };
}

/** The result in the memory order asked for (a pending result is laid out as the compiler likes: K). */
function inOrder(r: NDArray, order: Order, ops: readonly NDArray[]): NDArray {
  if (order === "K") return r;
  if (order === "A") order = ops.every((a) => !a.isPending && a.flags.fContiguous) ? "F" : "C";
  if (!r.isPending && (order === "C" ? r.flags.cContiguous : r.flags.fContiguous)) return r;
  return copyInOrder(r, order);
}

/** einsum with `optimize` false: one C-einsum call. */
function einsumC(args: readonly unknown[], opts: Record<string, unknown>): NDArray {
  if (args.length < 1) throw new ValueError(einsumMsg.noOperands);
  let subscripts: string;
  const ops: NDArray[] = [];
  if (typeof args[0] === "string") {
    if (args.length - 1 <= 0) throw new ValueError(einsumMsg.noOperandsStr);
    if (args.length - 1 >= 32) throw new ValueError(einsumMsg.tooManyOperands);
    subscripts = args[0];
    for (const x of args.slice(1)) ops.push(asarray(x));
  } else {
    const nop = Math.floor(args.length / 2);
    if (nop === 0) throw new ValueError(einsumMsg.noOperandsList);
    if (nop >= 32) throw new ValueError(einsumMsg.tooManyOperands);
    const subs: string[] = [];
    for (let i = 0; i < nop; i++) {
      ops.push(asarray(args[2 * i]));
      subs.push(sublistC(args[2 * i + 1]));
    }
    subscripts = subs.join(",") + (args.length === 2 * nop + 1 ? `->${sublistC(args[2 * nop])}` : "");
  }
  // C einsum reads its keywords after the operands, in the order given
  let order: Order = "K";
  for (const [k, v] of Object.entries(opts)) {
    if (k === "order") order = orderOf(v);
    else if (k === "out" || k === "casting" || k === "dtype") stepOptions({ [k]: v }, true);
    else if (k !== "optimize") throw new TypeError(`'${k}' is an invalid keyword for einsum`);
  }
  const so = stepOptions(opts, true);
  const r = cEinsum(subscripts, ops, so);
  return so.out || !r.isPending || r._base ? r : inOrder(r, order, ops);
}

/** einsum_path's parse of the arguments: the subscripts (`...` spelled out), the operands, the plan. */
function planOf(args: readonly unknown[], optimize: unknown): { ops: NDArray[]; inputs: string; output: string; plan: Plan } {
  const choice = pathChoice(optimize);
  if (args.length === 0) throw new ValueError(einsumMsg.noInput);
  let subscripts: string, ops: NDArray[];
  const fromString = typeof args[0] === "string";
  if (fromString) {
    subscripts = (args[0] as string).replace(/ /g, "");
    ops = args.slice(1).map((x) => asarray(x));
  } else {
    const n = Math.floor(args.length / 2);
    ops = Array.from({ length: n }, (_, i) => asarray(args[2 * i]));
    subscripts = Array.from({ length: n }, (_, i) => sublistPy(args[2 * i + 1])).join(",");
    if (args.length > 2 * n) subscripts += `->${sublistPy(args[2 * n])}`;
  }
  const shapes = ops.map((a) => a.shape);
  const parsed = parsePy(subscripts, shapes, fromString);
  const { sizes, ones } = labelSizes(parsed, shapes);
  const plan = planPath(choice, parsed.inputs.split(","), parsed.output, sizes, ones);
  return { ops, inputs: parsed.inputs, output: parsed.output, plan };
}

/** einsum with a path: NumPy's einsum.py loop over einsum_path's steps. */
function einsumPy(args: readonly unknown[], opts: Record<string, unknown>): NDArray {
  const unknown = Object.keys(opts).filter((k) => !["out", "optimize", "dtype", "order", "casting"].includes(k));
  if (unknown.length) throw new TypeError(`Did not understand the following kwargs: [${unknown.map((k) => `'${k}'`).join(", ")}]`);
  const { ops, inputs, output, plan } = planOf(args, opts.optimize);
  const hasOut = opts.out !== undefined && opts.out !== null;
  const operands: NDArray[] = [...ops];
  const last = plan.steps.length - 1;
  plan.steps.forEach((st, num) => {
    const tmp = st.inds.map((x) => operands.splice(x < 0 ? x + operands.length : x, 1)[0]);
    const handleOut = hasOut && num === last;
    let r: NDArray;
    if (st.blas) {
      // NumPy's tensordot: the two operands in their own dtype (no dtype=, no casting), then a
      // transposing einsum (a view, which ignores dtype=) or one writing `out`
      const [inputStr, result] = st.einsumStr.split("->");
      const [left, right] = inputStr.split(",");
      const tensor = [...left + right].filter((c) => !st.removed.has(c)).join("");
      const codes = (s: string) => [...s].map((c) => c.charCodeAt(0));
      if (tmp.some((t) => t.dtype.kind === "U")) throw new ValueError("data type must provide an itemsize"); // NumPy's dot of strings
      r = contract(tmp[0], codes(left), tmp[1], codes(right), codes(handleOut ? tensor : result));
      if (handleOut) r = cEinsum(`${tensor}->${result}`, [r], stepOptions(opts, true));
      else if (tensor !== result) stepOptions(opts, false); // NumPy's transposing call still reads its keywords
    } else {
      r = cEinsum(st.einsumStr, tmp, stepOptions(opts, handleOut));
    }
    operands.push(r);
  });
  if (hasOut) return opts.out as NDArray;
  const r = inOrder(operands[0], orderOf(opts.order), ops);
  if (r.isPending && r !== ops[0]) r._node.note = report(plan, inputs, output);
  return r;
}

/**
 * `np.einsum(subscripts, ...operands, opts?)`: Einstein summation, lazily. Also the
 * interleaved form `np.einsum(a, [0, 1], b, [1, 2], [0, 2])` ("..." for an ellipsis).
 * Example: `np.einsum("ij,jk->ik", a, b, { optimize: true })`.
 */
export function einsum(subscripts: string, ...operands: (ArrayLike | EinsumOptions)[]): NDArray;
export function einsum(...interleaved: unknown[]): NDArray;
export function einsum(...args: unknown[]): NDArray {
  const { rest, opts } = splitArgs(args);
  return opts.optimize === undefined || opts.optimize === false || opts.optimize === null ? einsumC(rest, opts) : einsumPy(rest, opts);
}

/**
 * `np.einsumPath(subscripts, ...operands, { optimize })`: NumPy's contraction path and its
 * report. Example: `const [path, report] = np.einsumPath("ij,jk,kl->il", a, b, c)`.
 */
export function einsumPath(...args: unknown[]): [EinsumPath, string] {
  const { rest, opts } = splitArgs(args);
  for (const k of Object.keys(opts)) if (k !== "optimize") throw new TypeError(`einsum_path() got an unexpected keyword argument '${k}'`);
  const { inputs, output, plan } = planOf(rest, "optimize" in opts ? opts.optimize : "greedy");
  const text = report(plan, inputs, output);
  return [["einsum_path", ...(plan.path as number[][])], text];
}
