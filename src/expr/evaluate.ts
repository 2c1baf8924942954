// np.evaluate: numexpr's expression strings, compiled through the same graph as method chains.

import { NDArray, lazy } from "../ndarray.js";
import { asarray } from "../creation.js";
import { canCastSafe, canCastSameKind } from "../dtype.js";
import { castNode, writeOut, type Prepared } from "../ufunc.js";
import { TypeError, ValueError } from "../../runtime/errors.js";
import { lookup, parseNumexpr } from "./numexpr.js";
import { numexprDType, numexprRules } from "./numexprTypes.js";
import { lower } from "./lower.js";

export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";

export interface EvaluateOptions {
  /** Write the result into this array (numexpr's `out`). */
  out?: NDArray;
  /** How `out` may differ in dtype from the result (default "safe", as numexpr). */
  casting?: Casting;
  /** Accepted for numexpr compatibility; numfuse's compiler always fuses. */
  optimization?: "none" | "moderate" | "aggressive";
}

const CASTINGS: readonly string[] = ["no", "equiv", "safe", "same_kind", "unsafe"];
const OPTIMIZATIONS: readonly string[] = ["none", "moderate", "aggressive"];

/**
 * Evaluates a numexpr expression over named arrays, lazily, fused like a method chain.
 * @example np.evaluate("where(a > 0.5, sin(a)**2, sqrt(b))", { a, b })
 */
export function evaluate(expression: string, vars?: Readonly<Record<string, unknown>>, opts: EvaluateOptions = {}): NDArray {
  const casting = opts.casting ?? "safe";
  if (!CASTINGS.includes(casting)) throw new ValueError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe' (got '${String(casting)}')`);
  if (opts.optimization !== undefined && !OPTIMIZATIONS.includes(opts.optimization))
    throw new ValueError("'optimization' must be one of ('none', 'moderate', 'aggressive')");
  const { expr, names } = parseNumexpr(expression);
  const found = lookup(names, vars);
  const operands = new Map<string, Prepared>();
  for (const [name, v] of found) {
    const a = v instanceof NDArray ? v : asarray(v);
    const d = numexprDType(a.dtype);
    const p: Prepared = { node: a._node, dtype: a.dtype, weak: null };
    operands.set(name, { node: castNode(p, d), dtype: d, weak: null });
  }
  const r = lower(expr, numexprRules(operands));
  if (!opts.out) return lazy(r.node, r.dtype);
  const out = opts.out;
  const ok = casting === "unsafe" || (casting === "same_kind" ? canCastSameKind(r.dtype, out.dtype)
    : casting === "safe" ? canCastSafe(r.dtype, out.dtype) : r.dtype.id === out.dtype.id);
  if (!ok) throw new TypeError(`Iterator requested dtype could not be cast from dtype('${r.dtype}') to dtype('${out.dtype}'), the operand 0 dtype, according to the rule '${casting}'`);
  return writeOut(out, castNode(r, out.dtype), out.dtype, "evaluate");
}
