// numexpr's typing rules (numexpr/necompiler.py): every value has one of seven kinds,
// ordered bool < int < long < float < double < complex < str, and an op computes in the
// largest kind among its operands, with exceptions per op. Numbers are then computed by
// numfuse's ops in the dtype of that kind.

import { dt, type DType } from "../dtype.js";
import type { DTypeId } from "../../runtime/dtypes.js";
import { NotImplementedError, TypeError, ValueError } from "../../runtime/errors.js";
import { literalOperand, type Rules } from "./lower.js";
import { constNode, type Prepared } from "../ufunc.js";
import { sum, prod, max, min } from "../reductions.js";
import { lazy, type NDArray } from "../ndarray.js";
import type { Literal, Reduction } from "./expr.js";

type Kind = "b" | "i" | "l" | "f" | "d" | "c" | "s";
const ORDER: readonly Kind[] = ["b", "i", "l", "f", "d", "c", "s"];
const rank = (k: Kind) => ORDER.indexOf(k);
const maxKind = (ks: readonly Kind[]): Kind => ks.reduce((a, b) => (rank(b) > rank(a) ? b : a));

/** numexpr's kind of an array dtype (smaller integers widen to int, uint32 to long). */
export function kindOf(d: DType): Kind {
  switch (d.id) {
    case "bool": return "b";
    case "int8": case "int16": case "int32": case "uint8": case "uint16": return "i";
    case "int64": case "uint32": case "uint64": return "l"; // numexpr has no unsigned 64-bit kind: it wraps
    case "float32": return "f";
    case "float64": return "d";
    case "complex64": case "complex128": return "c";
    default:
      if (d.kind === "U") return "s";
      throw new TypeError(`unsupported data type for numexpr: ${d}`);
  }
}

const DTYPES: Record<Exclude<Kind, "s">, DTypeId> = { b: "bool", i: "int32", l: "int64", f: "float32", d: "float64", c: "complex128" };
const dtypeOf = (k: Kind, like: DType): DType => (k === "s" ? like : dt(DTYPES[k]));

function literalKind(v: Literal, int: boolean): Kind {
  if (typeof v === "boolean") return "b";
  if (typeof v === "string") return "s";
  if (typeof v === "object") return "c";
  if (int) return Math.abs(v) <= 2147483647 ? "i" : Math.abs(v) < 2 ** 63 ? "l" : "d";
  return "d";
}

/** numexpr's opcode names, for its "couldn't find matching opcode" errors. */
const OPCODE: Record<string, string> = {
  add: "add", subtract: "sub", multiply: "mul", true_divide: "div", remainder: "mod", power: "pow",
  negative: "neg", bitwise_and: "and", bitwise_or: "or", invert: "invert", left_shift: "lshift", right_shift: "rshift",
  absolute: "abs", conjugate: "conj", make_complex: "complex", where: "where", contains: "contains",
};
const noOpcode = (op: string, out: Kind, ins: readonly Kind[]): never => {
  throw new NotImplementedError(`couldn't find matching opcode for '${OPCODE[op] ?? op}_${out}${ins.join("")}'`);
};

const ARITH = new Set(["add", "subtract", "multiply", "remainder", "negative", "positive"]);
const COMPARE = new Set(["less", "less_equal", "greater", "greater_equal", "equal", "not_equal"]);
const REAL_ONLY = new Set(["floor", "ceil", "arctan2", "fmod"]);

/** numexpr's rules over operands already converted to numexpr kinds. */
export function numexprRules(vars: ReadonlyMap<string, Prepared>): Rules {
  const kinds = new WeakMap<Prepared, Kind>();
  const kind = (p: Prepared): Kind => kinds.get(p) ?? kindOf(p.dtype);
  return {
    variable(name) {
      const p = vars.get(name)!;
      kinds.set(p, kindOf(p.dtype));
      return p;
    },
    literal(value, int) {
      const k = literalKind(value, int);
      // a long (beyond int32) is an int64 scalar, as a JS bigint is
      let p = literalOperand(k === "l" && typeof value === "number" ? BigInt(value) : value);
      // `1e3` is a double to numexpr though JS sees an integer: it takes a float's weak kind
      if (k === "d" && p.weak === "int") p = { node: constNode(value, dt("float64")), dtype: dt("float64"), weak: "float", value };
      kinds.set(p, k);
      return p;
    },
    casts(op, args) {
      const ks = args.map(kind);
      const like = args[0].dtype;
      const all = (k: Kind) => args.map(() => dtypeOf(k, like));
      const top = maxKind(ks);
      if (COMPARE.has(op)) {
        if (top === "s" && ks.some((k) => k !== "s")) noOpcode(op, "b", ks);
        return all(top);
      }
      if (op === "contains") {
        if (ks.some((k) => k !== "s")) noOpcode(op, "b", ks);
        return [null, null];
      }
      if (op === "bitwise_and" || op === "bitwise_or" || op === "invert") {
        if (ks.some((k) => k !== "b")) noOpcode(op, ks.length === 1 ? ks[0] : "b", ks);
        return all("b");
      }
      if (op === "where") {
        if (ks[0] !== "b") noOpcode(op, maxKind(ks.slice(1)), ks);
        return [dt("bool"), ...all(maxKind(ks.slice(1))).slice(1)];
      }
      if (top === "s") noOpcode(op, "s", ks);
      if (ARITH.has(op) || op === "left_shift" || op === "right_shift") {
        if (top === "b") noOpcode(op, "b", ks);
        if ((op === "left_shift" || op === "right_shift") && rank(top) > rank("l")) noOpcode(op, top, ks);
        return all(top);
      }
      if (op === "true_divide") {
        if (top === "b") noOpcode(op, "b", ks);
        return all(top === "i" || top === "l" ? "d" : top);
      }
      if (op === "power") {
        if (ks[0] === "b") noOpcode(op, "b", ks);
        // a literal exponent keeps the base's kind (numexpr expands x**2 to x*x, x**0.5 to sqrt)
        const e = args[1];
        if (e.weak && typeof e.value === "number") {
          const base = ks[0] === "i" || ks[0] === "l" ? (Number.isInteger(e.value) ? ks[0] : "d") : ks[0];
          return [dtypeOf(base, like), null];
        }
        return all(top);
      }
      if (op === "real" || op === "imag") return all(top === "c" ? "c" : "d");
      if (op === "conjugate") return all(top === "i" || top === "l" ? "d" : "c");
      if (op === "make_complex") return all(top === "c" ? noOpcode(op, "c", ks) : "d");
      // the math functions: integers compute in double
      if (REAL_ONLY.has(op) && top === "c") noOpcode(op, ks[0] === "c" ? "d" : "c", ks);
      return all(rank(top) <= rank("l") ? "d" : top);
    },
    fastPower: true,
    result(op, args, r) {
      // numexpr's abs of complex stays complex; its conj of a float is complex
      if (op === "absolute" && kind(args[0]) === "c") return dt("complex128");
      return null;
    },
    reduce(op, arg, axis) {
      const k = kind(arg);
      if (k === "b" || k === "s" || (k === "c" && (op === "min" || op === "max"))) noOpcode(op, k, [k, "n"] as Kind[]);
      const nd = arg.node.shape.length;
      if (axis !== null && axis >= Math.max(nd, 1)) throw new ValueError("reduction axis is out of bounds");
      const a = lazy(arg.node, arg.dtype);
      const ax = axis === null || nd === 0 ? undefined : axis;
      const r = REDUCE[op](a, ax === undefined ? {} : { axis: ax });
      return { node: r._node, dtype: r.dtype, weak: null };
    },
  };
}

const REDUCE: Record<Reduction, (a: NDArray, o: { axis?: number }) => NDArray> = {
  sum: (a, o) => sum(a, o), prod: (a, o) => prod(a, o), max: (a, o) => max(a, o), min: (a, o) => min(a, o),
};

/** The dtype a variable takes in numexpr (uint8 widens to int32, ...). */
export const numexprDType = (d: DType): DType => dtypeOf(kindOf(d), d);
