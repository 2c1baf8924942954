// A JS function whose body is one pure numeric expression → an Expr tree over its
// parameters, so np.vectorize can inline it into the fused kernel instead of calling it
// per element. Anything outside the allowlist returns the reason it cannot be inlined.
//
// Semantics are JS numbers': parameters arrive as float64 (the per-element path passes JS
// numbers), `%` is fmod, comparisons give booleans. What JS would coerce differently from
// NumPy (truthiness of numbers, `===` across types, bitwise ops on int32) is not inlined.

import { parseExpressionAt } from "acorn";
import type { Expr } from "./expr.js";

export type Inline =
  | { readonly ok: true; readonly params: readonly string[]; readonly expr: Expr; readonly bool: boolean }
  | { readonly ok: false; readonly reason: string };

interface ANode { readonly type: string; readonly [field: string]: unknown }
const node = (x: unknown): ANode => x as ANode;

const MATH_FUNCS: ReadonlyMap<string, readonly [string, number]> = new Map([
  ["sqrt", ["sqrt", 1]], ["cbrt", ["cbrt", 1]], ["exp", ["exp", 1]], ["expm1", ["expm1", 1]], ["log", ["log", 1]],
  ["log2", ["log2", 1]], ["log10", ["log10", 1]], ["log1p", ["log1p", 1]], ["sin", ["sin", 1]], ["cos", ["cos", 1]],
  ["tan", ["tan", 1]], ["asin", ["arcsin", 1]], ["acos", ["arccos", 1]], ["atan", ["arctan", 1]], ["sinh", ["sinh", 1]],
  ["cosh", ["cosh", 1]], ["tanh", ["tanh", 1]], ["asinh", ["arcsinh", 1]], ["acosh", ["arccosh", 1]], ["atanh", ["arctanh", 1]],
  ["atan2", ["arctan2", 2]], ["hypot", ["hypot", 2]], ["pow", ["power", 2]], ["abs", ["absolute", 1]], ["floor", ["floor", 1]],
  ["ceil", ["ceil", 1]], ["trunc", ["trunc", 1]], ["sign", ["sign", 1]], ["max", ["maximum", 2]], ["min", ["minimum", 2]],
] as const);
const MATH_CONSTS: ReadonlyMap<string, number> = new Map([
  ["PI", Math.PI], ["E", Math.E], ["LN2", Math.LN2], ["LN10", Math.LN10], ["LOG2E", Math.LOG2E], ["LOG10E", Math.LOG10E],
  ["SQRT2", Math.SQRT2], ["SQRT1_2", Math.SQRT1_2],
]);
const ARITH: ReadonlyMap<string, string> = new Map([["+", "add"], ["-", "subtract"], ["*", "multiply"], ["/", "true_divide"], ["%", "fmod"], ["**", "power"]]);
const COMPARE: ReadonlyMap<string, string> = new Map([["<", "less"], ["<=", "less_equal"], [">", "greater"], [">=", "greater_equal"], ["==", "equal"], ["!=", "not_equal"], ["===", "equal"], ["!==", "not_equal"]]);
const GLOBALS: ReadonlyMap<string, number> = new Map([["Infinity", Infinity], ["NaN", NaN]]);

class Refuse { constructor(readonly reason: string) {} }
interface Typed { readonly e: Expr; readonly bool: boolean }

/** The inlinable form of `fn`, or why there is none. */
export function inlineFunction(fn: (...args: never[]) => unknown): Inline {
  let src: string;
  try { src = Function.prototype.toString.call(fn); } catch { return { ok: false, reason: "its source is not available" }; }
  let f: ANode;
  try { f = node(parseExpressionAt(src, 0, { ecmaVersion: "latest" })); } catch {
    return { ok: false, reason: "its source is not an arrow function or function expression (a method, a bound or native function)" };
  }
  if (f.type !== "ArrowFunctionExpression" && f.type !== "FunctionExpression") return { ok: false, reason: "it is not an arrow function or function expression" };
  if (f.async || f.generator) return { ok: false, reason: "it is async or a generator" };
  const params: string[] = [];
  for (const p of (f.params as unknown[]).map(node)) {
    if (p.type !== "Identifier") return { ok: false, reason: "a parameter has a default, a rest or a destructuring pattern" };
    params.push(p.name as string);
  }
  // a parameter named like a global the walk recognizes would shadow it
  if (params.some((p) => p === "Math" || GLOBALS.has(p))) return { ok: false, reason: "a parameter shadows Math, Infinity or NaN" };
  let body = node(f.body);
  if (body.type === "BlockStatement") {
    const stmts = (body.body as unknown[]).map(node);
    if (stmts.length !== 1 || stmts[0].type !== "ReturnStatement" || !stmts[0].argument) return { ok: false, reason: "its body is not a single return of an expression" };
    body = node(stmts[0].argument);
  }
  try {
    const t = walk(body, params, 0);
    return { ok: true, params, expr: t.e, bool: t.bool };
  } catch (e) {
    if (e instanceof Refuse) return { ok: false, reason: e.reason };
    throw e;
  }
}

const refuse = (reason: string): never => { throw new Refuse(reason); };

function walk(n: ANode, params: readonly string[], depth: number): Typed {
  if (depth > 200) refuse("the expression is nested too deeply");
  const sub = (x: unknown) => walk(node(x), params, depth + 1);
  switch (n.type) {
    case "Identifier": {
      const name = n.name as string;
      if (params.includes(name)) return { e: { k: "var", name }, bool: false };
      const g = GLOBALS.get(name);
      if (g !== undefined) return { e: { k: "lit", value: g, int: false }, bool: false };
      return refuse(`it reads '${name}', a variable from outside the function`);
    }
    case "Literal":
      if (typeof n.value === "number") return { e: { k: "lit", value: n.value, int: false }, bool: false };
      if (typeof n.value === "boolean") return { e: { k: "lit", value: n.value, int: false }, bool: true };
      return refuse("it has a literal that is not a number or boolean");
    case "MemberExpression": {
      const c = mathName(n);
      const v = c === null ? undefined : MATH_CONSTS.get(c);
      if (v === undefined) return refuse("it reads a property other than a Math constant");
      return { e: { k: "lit", value: v, int: false }, bool: false };
    }
    case "CallExpression": {
      const c = n.optional ? null : mathName(node(n.callee));
      const f = c === null ? undefined : MATH_FUNCS.get(c);
      if (!f) return refuse("it calls a function other than Math's numeric ones");
      const args = (n.arguments as unknown[]).map(node);
      if (args.length !== f[1] || args.some((a) => a.type === "SpreadElement")) return refuse(`it calls Math.${c} with ${args.length} arguments`);
      if (f[0] === "power") return { e: jsPower(sub(args[0]).e, sub(args[1]).e), bool: false };
      return { e: { k: "op", op: f[0], args: args.map((a) => sub(a).e) }, bool: false };
    }
    case "UnaryExpression": {
      const a = sub(n.argument);
      if (n.operator === "-") return { e: { k: "op", op: "negative", args: [a.e] }, bool: false };
      if (n.operator === "+") return { e: { k: "op", op: "positive", args: [a.e] }, bool: false };
      if (n.operator === "!") return a.bool ? { e: { k: "op", op: "logical_not", args: [a.e] }, bool: true } : refuse("`!` of a number (JS truthiness)");
      return refuse(`it uses the operator '${String(n.operator)}'`);
    }
    case "BinaryExpression": {
      const op = n.operator as string;
      const l = sub(n.left), r = sub(n.right);
      if (op === "**") return { e: jsPower(l.e, r.e), bool: false };
      const arith = ARITH.get(op);
      if (arith) return { e: { k: "op", op: arith, args: [l.e, r.e] }, bool: false };
      const cmp = COMPARE.get(op);
      if (cmp) {
        if ((op === "===" || op === "!==") && l.bool !== r.bool) refuse(`'${op}' between a boolean and a number`);
        return { e: { k: "op", op: cmp, args: [l.e, r.e] }, bool: true };
      }
      return refuse(`it uses the operator '${op}'`);
    }
    case "LogicalExpression": {
      const l = sub(n.left), r = sub(n.right);
      if (!l.bool || !r.bool || n.operator === "??") return refuse(`'${String(n.operator)}' of a number (JS returns an operand)`);
      return { e: { k: "op", op: n.operator === "&&" ? "logical_and" : "logical_or", args: [l.e, r.e] }, bool: true };
    }
    case "ConditionalExpression": {
      const t = sub(n.test), a = sub(n.consequent), b = sub(n.alternate);
      if (!t.bool) refuse("the condition of `?:` is a number (JS truthiness)");
      if (a.bool !== b.bool) refuse("the branches of `?:` give a boolean and a number");
      return { e: { k: "op", op: "where", args: [t.e, a.e, b.e] }, bool: a.bool };
    }
    default:
      return refuse(`it contains a ${n.type}`);
  }
}

/** `Math.<name>` (not computed, not optional): the name; otherwise null. */
function mathName(n: ANode): string | null {
  if (n.type !== "MemberExpression" || n.computed || n.optional) return null;
  const o = node(n.object), p = node(n.property);
  return o.type === "Identifier" && o.name === "Math" && p.type === "Identifier" ? (p.name as string) : null;
}

/**
 * JS's `x ** y`: IEEE pow as NumPy's, except that JS gives NaN for a NaN exponent and for
 * (±1) ** ±Infinity, where C's pow (and NumPy) give 1.
 */
function jsPower(x: Expr, y: Expr): Expr {
  const op = (name: string, ...args: Expr[]): Expr => ({ k: "op", op: name, args });
  const one = (v: number): Expr => ({ k: "lit", value: v, int: false });
  const nanResult = op("logical_or", op("isnan", y), op("logical_and", op("equal", op("absolute", x), one(1)), op("isinf", y)));
  return op("where", nanResult, one(NaN), op("power", x, y));
}
