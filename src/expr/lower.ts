// The one translator from an Expr tree to graph nodes, shared by np.evaluate and
// np.vectorize's inlining. A dialect supplies only its typing rules (which dtype each op
// computes in); the nodes come from the public ufuncs' own `applyNode`, so a string and
// the equivalent method chain build the same graph and compile to the same kernel.

import { applyNode, prepare, castNode, type Prepared } from "../ufunc.js";
import type { DType } from "../dtype.js";
import { POW_FAST } from "../methods.js";
import type { Expr, Literal, Reduction } from "./expr.js";

/** A dialect's typing: the dtype each operand is cast to before `op` applies. */
export interface Rules {
  variable(name: string): Prepared;
  literal(value: Literal, int: boolean): Prepared;
  /** The dtypes the operands take for `op` (null: leave it to NumPy's loop selection). */
  casts(op: string, args: readonly Prepared[]): readonly (DType | null)[];
  reduce(op: Reduction, arg: Prepared, axis: number | null): Prepared;
  /** Python's `x ** s` fast paths (x**2 is square, ...), as the method `pow` takes them. */
  readonly fastPower: boolean;
  /** The dtype the result takes afterwards, where the dialect's differs from NumPy's (null: none). */
  result(op: string, args: readonly Prepared[], r: Prepared): DType | null;
}

/** Lowers `e` to a prepared graph node under a dialect's rules. */
export function lower(e: Expr, rules: Rules): Prepared {
  switch (e.k) {
    case "var": return rules.variable(e.name);
    case "lit": return rules.literal(e.value, e.int);
    case "reduce": return rules.reduce(e.op, lower(e.arg, rules), e.axis);
    case "op": {
      const args = e.args.map((a) => lower(a, rules));
      const to = rules.casts(e.op, args);
      const cast = args.map((p, i) => castTo(p, to[i]));
      const [x, s] = cast;
      const fast = rules.fastPower && e.op === "power" && s.weak && typeof s.value === "number" && (x.dtype.kind === "f" || x.dtype.kind === "c")
        ? POW_FAST[String(s.value)] : undefined;
      const n = fast ? applyNode(fast, [x]) : applyNode(e.op, cast);
      const r: Prepared = { node: n.node, dtype: n.dtype, weak: null };
      return castTo(r, rules.result(e.op, cast, r));
    }
  }
}

/** `p` as dtype `d`; a weak JS scalar stays weak (the op adapts it, NEP 50). */
export function castTo(p: Prepared, d: DType | null): Prepared {
  if (d === null || p.weak || p.dtype.id === d.id) return p;
  return { node: castNode(p, d), dtype: d, weak: null };
}

/** A JS scalar as an operand, weak as in any ufunc call. */
export const literalOperand = (v: Literal | bigint): Prepared => prepare(v);
