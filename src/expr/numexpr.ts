// numexpr's expression language → an Expr tree.
//
// The string is scanned once (Python-only tokens rewritten, anything JS would read
// differently rejected), parsed with acorn, and the AST is walked against an allowlist:
// a node type, operator, name or call not listed here is an error. Nothing the user wrote
// is ever evaluated or pasted into generated source; names are looked up in Maps.

import { parseExpressionAt } from "acorn";
import { KeyError, NotImplementedError, RuntimeError, SyntaxError, TypeError, ValueError, ZeroDivisionError } from "../../runtime/errors.js";
import { opRow } from "../../compiler/ops.js";
import { opByName, type Expr, type Reduction } from "./expr.js";

/** numexpr's function list (numexpr/expressions.py `functions`), as op-table names. */
const FUNCTIONS: ReadonlyMap<string, string> = new Map(
  ["sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "arctan2", "fmod", "sqrt", "abs", "exp", "expm1", "log", "log1p", "log10", "conj", "real", "imag",
    "complex", "floor", "ceil", "where", "contains"].map((n) => [n, opByName(n)!]),
);
const REDUCTIONS: ReadonlySet<string> = new Set<Reduction>(["sum", "prod", "min", "max"]);

const BINARY: ReadonlyMap<string, string> = new Map([
  ["+", "add"], ["-", "subtract"], ["*", "multiply"], ["/", "true_divide"], ["%", "remainder"], ["**", "power"],
  ["<", "less"], ["<=", "less_equal"], [">", "greater"], [">=", "greater_equal"], ["==", "equal"], ["!=", "not_equal"],
  ["&", "bitwise_and"], ["|", "bitwise_or"], ["<<", "left_shift"], [">>", "right_shift"],
]);
/** Python's binary precedence levels, loosest first (`^` is `**`, rewritten by the scanner). */
const LEVELS: readonly (readonly string[])[] = [["<", "<=", ">", ">=", "==", "!="], ["|"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
const UNARY: ReadonlyMap<string, string> = new Map([["-", "negative"], ["+", "positive"], ["~", "invert"]]);

/** Python's own limit on nesting; also keeps acorn's and our recursion shallow. */
const MAX_DEPTH = 200;
const BOOL_OPS = "You can't use Python's standard boolean operators in NumExpr expressions. You should use their bitwise counterparts instead: '&' instead of 'and', '|' instead of 'or', and '~' instead of 'not'.";

/** A parsed numexpr expression and the variable names it reads, in first-use order. */
export interface Parsed { readonly expr: Expr; readonly names: readonly string[] }

// acorn's ESTree nodes, seen through the few fields the walk reads
interface ANode { readonly type: string; readonly [field: string]: unknown }
const node = (x: unknown): ANode => x as ANode;

/** Parses a numexpr expression string; throws numexpr's error classes for bad input. */
export function parseNumexpr(source: string): Parsed {
  if (typeof source !== "string") throw new TypeError("expression must be a string");
  const js = rewrite(source);
  let ast: ANode;
  try {
    let comment = false;
    const r = parseExpressionAt(js, 0, { ecmaVersion: 2020, sourceType: "script", preserveParens: true, onComment: () => { comment = true; } });
    ast = node(r);
    if (comment || js.slice(r.end).trim() !== "") throw new SyntaxError("invalid syntax");
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof TypeError) throw e;
    // acorn's own SyntaxError, or a RangeError from a pathological input
    throw new SyntaxError("invalid syntax");
  }
  const names: string[] = [];
  const expr = walk(ast, 0, names, true);
  return { expr, names };
}

/**
 * Rewrites the Python-only tokens (complex literals `2j`, `b'..'` prefixes, `True`/`False`
 * stay names) and rejects what JS would read differently: backslashes (escapes in names),
 * `$`, backticks, JS comments, `//`, non-ASCII, too-deep nesting. Strings pass unchanged.
 */
function rewrite(s: string): string {
  let out = "";
  let depth = 0;
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new SyntaxError("unterminated string literal");
      const body = s.slice(i + 1, end);
      if (/[\\\n\r\u2028\u2029]/.test(body) || /[^\x20-\x7e]/.test(body)) throw new SyntaxError("invalid string literal");
      out += c + body + c;
      i = end + 1;
      continue;
    }
    if (c === "\\" || c === "$" || c === "`" || c === "#" || c === "@" || c === ";" || /[^\x09\x0a\x0d\x20-\x7e]/.test(c))
      throw new SyntaxError(`invalid character (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`);
    if (s.startsWith("//", i)) throw new TypeError("unsupported operand type(s) for //");
    if (c === "^") throw new TypeError("unsupported operand type(s) for ^");
    // JS refuses `-a**2`; `^` stands in for `**` and the walk re-associates it as Python does
    if (s.startsWith("**", i)) { out += "^"; i += 2; continue; }
    if (s.startsWith("/*", i)) throw new SyntaxError("invalid syntax");
    if (c === "(" || c === "[" || c === "{") { if (++depth > MAX_DEPTH) throw new SyntaxError("too many nested parentheses"); }
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (/[A-Za-z_]/.test(c)) {
      // a whole name at once (linear in its length)
      let e = i + 1;
      while (e < s.length && /[A-Za-z0-9_]/.test(s[e])) e++;
      const w = s.slice(i, e);
      if (w === "and" || w === "or" || w === "not" || w === "if" || w === "else" || w === "is" || w === "in") throw new TypeError(BOOL_OPS);
      if ((w === "b" || w === "B") && (s[e] === "'" || s[e] === '"')) { i = e; continue; }
      out += w;
      i = e;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(s[i + 1] ?? ""))) {
      // a whole number at once; a trailing j/J makes it imaginary
      let e = i;
      while (e < s.length && /[0-9.]/.test(s[e])) e++;
      if ((s[e] === "e" || s[e] === "E") && /[0-9]/.test(s[e + 1] === "+" || s[e + 1] === "-" ? s[e + 2] ?? "" : s[e + 1] ?? "")) {
        e += s[e + 1] === "+" || s[e + 1] === "-" ? 2 : 1;
        while (e < s.length && /[0-9]/.test(s[e])) e++;
      }
      const num = s.slice(i, e);
      // a placeholder call only this module can write ($ is refused above)
      if ((s[e] === "j" || s[e] === "J") && !/[A-Za-z0-9_]/.test(s[e + 1] ?? "") && num.split(".").length <= 2) { out += `$j(${num})`; i = e + 1; }
      else { out += num; i = e; }
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function walk(n: ANode, depth: number, names: string[], top: boolean): Expr {
  // long flat sums nest as deep as their length: allow more than the parentheses limit
  if (depth > 5 * MAX_DEPTH) throw new SyntaxError("expression too complex (too deeply nested)");
  const sub = (x: unknown) => walk(node(x), depth + 1, names, false);
  switch (n.type) {
    case "Identifier": {
      const name = n.name as string;
      if (name === "True" || name === "False") return { k: "lit", value: name === "True", int: false };
      if (!names.includes(name)) names.push(name);
      return { k: "var", name };
    }
    case "Literal": {
      const v = n.value;
      if (typeof v === "number") {
        const raw = n.raw as string;
        if (/^0[0-9]/.test(raw)) throw new SyntaxError("leading zeros in decimal integer literals are not permitted");
        return { k: "lit", value: v, int: /^(0[xXoObB][0-9a-fA-F]+|[0-9]+)$/.test(raw) };
      }
      if (typeof v === "string") return { k: "lit", value: v, int: false };
      throw new SyntaxError("invalid syntax");
    }
    case "ParenthesizedExpression":
      return walk(node(n.expression), depth + 1, names, top);
    case "UnaryExpression":
    case "BinaryExpression":
      // an unparenthesized run of operators, re-parsed with Python's precedence
      return new Chain(flatten(n), (x) => sub(x)).parse();
    case "LogicalExpression":
      throw new TypeError(BOOL_OPS);
    case "CallExpression":
      return call(n, depth, names, top);
    case "MemberExpression": throw new TypeError("attribute access is not supported in numexpr expressions");
    case "ConditionalExpression": throw new TypeError(BOOL_OPS);
    default:
      throw new SyntaxError("invalid syntax");
  }
}

type Token = { readonly t: "bin" | "pre"; readonly op: string } | { readonly t: "atom"; readonly n: ANode };

/** The tokens of an unparenthesized operator run, in source order (acorn's JS grouping undone). */
function flatten(root: ANode): Token[] {
  const out: Token[] = [];
  // an explicit stack: a run can be as long as the input
  const todo: (ANode | Token)[] = [root];
  while (todo.length) {
    if (out.length > MAX_TOKENS) throw new SyntaxError("expression too complex (too many operators in a row)");
    const x = todo.pop()!;
    if (isToken(x)) { out.push(x); continue; }
    if (x.type === "BinaryExpression") {
      if (!BINARY.has(x.operator as string) && x.operator !== "^") throw new SyntaxError("invalid syntax");
      todo.push(node(x.right), { t: "bin", op: x.operator as string }, node(x.left));
    } else if (x.type === "UnaryExpression") {
      if (!UNARY.has(x.operator as string)) throw new SyntaxError("invalid syntax");
      todo.push(node(x.argument), { t: "pre", op: x.operator as string });
    } else out.push({ t: "atom", n: x });
  }
  return out;
}
const isToken = (x: ANode | Token): x is Token => !("type" in x);
/** Longer runs would nest deeper than the lowering may recurse. */
const MAX_TOKENS = 4 * MAX_DEPTH;

/** Python's expression grammar over a flattened run: comparison > | > & > shifts > + > * > unary > **. */
class Chain {
  private at = 0;
  constructor(private readonly toks: readonly Token[], private readonly atom: (n: ANode) => Expr) {}

  parse(): Expr {
    const e = this.level(0);
    if (this.at !== this.toks.length) throw new SyntaxError("invalid syntax");
    return e;
  }

  private peekBin(ops: readonly string[]): string | null {
    const t = this.toks[this.at];
    return t && t.t === "bin" && ops.includes(t.op) ? t.op : null;
  }

  private level(k: number): Expr {
    if (k === LEVELS.length) return this.factor();
    let l = this.level(k + 1);
    let compared = false;
    for (let op = this.peekBin(LEVELS[k]); op !== null; op = this.peekBin(LEVELS[k])) {
      // Python chains comparisons with `and`, which numexpr refuses
      if (k === 0 && compared) throw new TypeError(BOOL_OPS);
      compared = true;
      this.at++;
      const r = this.level(k + 1);
      l = fold(op, l, r) ?? { k: "op", op: BINARY.get(op)!, args: [l, r] };
    }
    return l;
  }

  private factor(): Expr {
    const t = this.toks[this.at];
    if (t?.t === "pre") {
      this.at++;
      const a = this.factor();
      const op = UNARY.get(t.op)!;
      if (op !== "invert" && a.k === "lit" && typeof a.value === "number") return { k: "lit", value: op === "negative" ? -a.value : a.value, int: a.int };
      return { k: "op", op, args: [a] };
    }
    return this.power();
  }

  private power(): Expr {
    const t = this.toks[this.at++];
    if (!t || t.t !== "atom") throw new SyntaxError("invalid syntax");
    const base = this.atom(t.n);
    if (!this.peekBin(["^"])) return base;
    this.at++;
    const e = this.factor(); // right-associative, and `2**-1` takes a unary exponent
    return fold("**", base, e) ?? { k: "op", op: "power", args: [base, e] };
  }
}

/**
 * Python computes operators between two numbers before numexpr sees them (`2**-1` is the
 * double 0.5, `1/0` a ZeroDivisionError); so do we, with Python's int/float rules.
 */
function fold(op: string, l: Expr, r: Expr): Expr | null {
  if (l.k !== "lit" || r.k !== "lit" || typeof l.value !== "number" || typeof r.value !== "number") return null;
  const a = l.value, b = r.value, ints = l.int && r.int;
  const zero = (what: string): never => { throw new ZeroDivisionError(what); };
  const num = (value: number, int: boolean): Expr => ({ k: "lit", value, int });
  switch (op) {
    case "+": return num(a + b, ints);
    case "-": return num(a - b, ints);
    case "*": return num(a * b, ints);
    case "/": return b === 0 ? zero(ints ? "division by zero" : "float division by zero") : num(a / b, false);
    case "%": return b === 0 ? zero(ints ? "integer modulo by zero" : "float modulo") : num(a - Math.floor(a / b) * b, ints);
    case "**":
      if (a === 0 && b < 0) zero("0.0 cannot be raised to a negative power");
      return num(a ** b, ints && b >= 0);
    default: return null;
  }
}

function call(n: ANode, depth: number, names: string[], top: boolean): Expr {
  const callee = node(n.callee);
  if (callee.type !== "Identifier" || n.optional) throw new TypeError("only numexpr's functions can be called");
  const name = callee.name as string;
  const args = (n.arguments as unknown[]).map(node);
  if (args.some((a) => a.type === "SpreadElement")) throw new SyntaxError("invalid syntax");
  const sub = (x: ANode) => walk(x, depth + 1, names, false);
  if (name === "$j") {
    const v = node(args[0]).value as number;
    return { k: "lit", value: { re: 0, im: v }, int: false };
  }
  if (REDUCTIONS.has(name)) {
    if (!top) throw new RuntimeError("invalid program: reduction operations must occur last");
    if (args.length < 1 || args.length > 2) throw new TypeError(`${name}() takes 1 or 2 arguments (${args.length} given)`);
    let axis: number | null = null;
    if (args.length === 2) {
      let a = args[1];
      if (a.type === "AssignmentExpression") {
        if (a.operator !== "=" || node(a.left).type !== "Identifier" || node(a.left).name !== "axis")
          throw new TypeError(`${name}() got an unexpected keyword argument`);
        a = node(a.right);
      }
      const neg = a.type === "UnaryExpression" && a.operator === "-";
      const lit = neg ? node(a.argument) : a;
      if (lit.type !== "Literal" || typeof lit.value !== "number" || !Number.isInteger(lit.value)) throw new TypeError("axis must be an integer");
      if (neg) throw new ValueError("negative axis are not supported");
      axis = lit.value;
    }
    if (args[0]?.type === "AssignmentExpression") throw new SyntaxError("invalid syntax");
    return { k: "reduce", op: name as Reduction, arg: sub(args[0]), axis };
  }
  const op = FUNCTIONS.get(name);
  if (!op) throw new TypeError(`'${name}' is not a function numexpr knows`);
  if (args.some((a) => a.type === "AssignmentExpression")) throw new TypeError(`${name}() takes no keyword arguments`);
  const nin = opRow(op)!.nin;
  if (args.length > nin) throw new NotImplementedError(`couldn't find matching opcode for '${name}' with ${args.length} arguments`);
  if (args.length < nin) throw new TypeError(`${name}_func() missing ${nin - args.length} required positional argument${nin - args.length === 1 ? "" : "s"}`);
  return { k: "op", op, args: args.map(sub) };
}

/** Reads variables for an expression: each name from `vars`, else a KeyError naming the missing ones. */
export function lookup<T>(names: readonly string[], vars: Readonly<Record<string, T>> | undefined): Map<string, T> {
  const found = new Map<string, T>();
  const missing: string[] = [];
  for (const n of names) {
    if (vars !== undefined && vars !== null && Object.prototype.hasOwnProperty.call(vars, n)) found.set(n, vars[n]);
    else missing.push(n);
  }
  if (missing.length) throw new KeyError(missing.map((m) => `'${m}'`).join(", "));
  return found;
}
