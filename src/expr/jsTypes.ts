// JS numbers' typing for inlined functions: every number is a float64 (parameters are cast
// on entry, literals are weak floats), booleans stay bool, and a boolean meeting arithmetic
// becomes 0/1 as JS coerces it.

import { dt } from "../dtype.js";
import { constNode, type Prepared } from "../ufunc.js";
import type { Rules } from "./lower.js";

const LOGICAL = new Set(["logical_and", "logical_or", "logical_not"]);

/** The rules over float64 parameters. */
export function jsRules(params: ReadonlyMap<string, Prepared>): Rules {
  const f8 = dt("float64");
  return {
    variable: (name) => params.get(name)!,
    literal(value) {
      if (typeof value === "boolean") return { node: constNode(value, dt("bool")), dtype: dt("bool"), weak: "bool", value };
      return { node: constNode(value, f8), dtype: f8, weak: "float", value };
    },
    casts(op, args) {
      if (LOGICAL.has(op)) return args.map(() => null);
      if (op === "where") return [null, ...args.slice(1).map(() => null)];
      // two booleans compared for (in)equality stay booleans; elsewhere a boolean is 0/1
      const bothBool = args.every((a) => a.dtype.kind === "b");
      if (bothBool && (op === "equal" || op === "not_equal")) return args.map(() => null);
      return args.map((a) => (a.dtype.kind === "b" ? f8 : null));
    },
    fastPower: false,
    result: () => null,
    reduce: () => { throw new Error("internal: no reductions in inlined functions"); },
  };
}
