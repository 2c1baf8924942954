// The expression tree both front ends produce (numexpr strings, inlinable JS functions)
// and the builder turns into graph operations. It holds values and op names only:
// nothing in it is ever turned back into source text.

import type { Complex } from "../../compiler/ir.js";
import { OPS, type OpRow } from "../../compiler/ops.js";

export type Literal = number | boolean | string | Complex;

export type Expr =
  | { readonly k: "var"; readonly name: string }
  /** `int`: written without a fraction or exponent (numexpr types it int/long). */
  | { readonly k: "lit"; readonly value: Literal; readonly int: boolean }
  /** `op` is a row of compiler/ops.ts. */
  | { readonly k: "op"; readonly op: string; readonly args: readonly Expr[] }
  | { readonly k: "reduce"; readonly op: Reduction; readonly arg: Expr; readonly axis: number | null };

export type Reduction = "sum" | "prod" | "min" | "max";

/** NumPy's spellings that the op table files under another key. */
const ALIASES: ReadonlyMap<string, string> = new Map([["abs", "absolute"], ["conj", "conjugate"]]);

/**
 * The op-table row a function name denotes: its key, the NumPy ufunc name it carries
 * (`complex` → make_complex), or a NumPy alias. Lookups go through Maps, never through
 * object properties, so `constructor` or `__proto__` name nothing.
 */
export const opByName: (name: string) => string | undefined = (() => {
  const byName = new Map<string, string>();
  for (const [key, row] of Object.entries(OPS as Record<string, OpRow>)) {
    if (row.ufunc && !byName.has(row.ufunc)) byName.set(row.ufunc, key);
    byName.set(key, key);
  }
  for (const [alias, key] of ALIASES) byName.set(alias, key);
  return (name: string) => byName.get(name);
})();
