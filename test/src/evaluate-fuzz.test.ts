// np.evaluate under hostile input (numexpr's own CVE-2023-39631 is the warning): thousands of
// generated strings — property access, calls of names outside the allowlist, template
// literals, comments, unicode escapes, prototype names, very long inputs, deep nesting —
// must each return an array or throw one of numfuse's errors, quickly, and none may run
// anything: canaries on globalThis and Object.prototype stay untouched, eval is never
// called, and no source handed to Function contains a byte of what the user wrote.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as np from "../../src/index";

const ERRORS = [np.ValueError, np.TypeError, np.SyntaxError, np.KeyError, np.NotImplementedError, np.RuntimeError, np.OverflowError, np.IndexError, np.ZeroDivisionError];

/** mulberry32: a small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// every payload that could run would set one of these
const SET = ["globalThis.__pwned = 1", "Object.prototype.__pwned = 1", "this.__pwned = 1", "__pwned = 1",
  "(globalThis.__pwned = 1)", "Object.assign(globalThis, {__pwned: 1})", "Object.defineProperty(Object.prototype, '__pwned', {value: 1})"];
const NAMES = ["a", "b", "constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty", "globalThis", "process",
  "require", "eval", "Function", "this", "window", "self", "import", "module", "exports", "__defineGetter__", "Reflect", "Proxy",
  "Object", "Math", "sin", "where", "sum", "True", "False", "$j", "__pwned", "arguments", "new", "async", "await", "yield", "super"];
const WRAP: ((x: string) => string)[] = [
  (x) => `${x}`, (x) => `(${x})`, (x) => `a + ${x}`, (x) => `${x}()`, (x) => `${x}.constructor`, (x) => `${x}.constructor.constructor('${pick(SET)}')()`,
  (x) => `${x}[0]`, (x) => `${x}['constructor']`, (x) => `${x}?.x`, (x) => `\`\${${x}}\``, (x) => `String.raw\`${x}\``,
  (x) => `${x} /* ${pick(SET)} */`, (x) => `${x} // ${pick(SET)}`, (x) => `<!-- ${x}`, (x) => `${x}\n--> ${pick(SET)}`, (x) => `#!${x}`,
  (x) => `(() => ${x})()`, (x) => `(function(){ return ${x} })()`, (x) => `new ${x}()`, (x) => `${x}; ${pick(SET)}`, (x) => `${x}, ${pick(SET)}`,
  (x) => `sin(${x})`, (x) => `where(${x}, a, b)`, (x) => `sum(${x}, axis=${x})`, (x) => `${x} = 1`, (x) => `${x}.__proto__.__pwned = 1`,
  (x) => `import('${x}')`, (x) => `[${x}]`, (x) => `{${x}}`, (x) => `...${x}`, (x) => `typeof ${x}`, (x) => `delete ${x}`, (x) => `void ${x}`,
  (x) => `${x} in a`, (x) => `${x} instanceof Object`, (x) => `a ? ${x} : b`, (x) => `${x} && ${pick(SET)}`, (x) => `${x} ?? 1`,
  (x) => `'${x}'`, (x) => `"${x}\\x41"`, (x) => `'\\u0061' + ${x}`, (x) => `${x}\u200b`, (x) => `\u202e${x}`, (x) => `a\\u0062${x}`,
  (x) => `\\u{61}${x}`, (x) => `ｓｉｎ(${x})`, (x) => `${x} ** 2j`, (x) => `1e309 * ${x}`, (x) => `${x} // 2`, (x) => `${x} @ a`,
  (x) => `lambda: ${x}`, (x) => `[i for i in ${x}]`, (x) => `${x}.__class__.__base__.__subclasses__()`, (x) => `b'${x}'`,
];
let R = rng(0x5eed);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)];
const HOSTILE = "()[]{}.,;:'\"`\\$#@!?~^&|*/%+-=<>\n\t\u0000\u2028\u00a0é";

function generate(k: number): string {
  const kind = k % 10;
  if (kind === 9 && k % 100 === 99) {
    // very long and very deep inputs
    const n = 2000 + Math.floor(R() * 60000);
    return pick([
      () => "(".repeat(n) + "a" + ")".repeat(n), () => "-".repeat(n) + "a", () => "~".repeat(n) + "a", () => Array(n).fill("a").join("+"),
      () => "a**".repeat(n) + "a", () => "sin(".repeat(n) + "a" + ")".repeat(n), () => "[".repeat(n), () => "`${".repeat(n),
      () => "a".repeat(n), () => "1".repeat(n), () => `'${"x".repeat(n)}'`, () => "/*".repeat(n),
    ])();
  }
  if (kind < 5) {
    let x = pick(NAMES);
    const depth = 1 + Math.floor(R() * 4);
    for (let d = 0; d < depth; d++) x = pick(WRAP)(x);
    return x;
  }
  if (kind < 8) {
    // valid expressions mutated with hostile characters
    const base = pick(["a*b + 2*a", "where(a > 1, a, b)", "sum(a**2, axis=0)", "sin(a) + cos(b)", "(a > 0) & (b < 2)", "a / b - 1e3", "2j * a"]);
    const chars = [...base];
    const edits = 1 + Math.floor(R() * 3);
    for (let e = 0; e < edits; e++) chars.splice(Math.floor(R() * (chars.length + 1)), R() < 0.3 ? 1 : 0, R() < 0.5 ? pick([...HOSTILE]) : pick(NAMES));
    return chars.join("");
  }
  // random strings over the hostile alphabet and names
  const n = 1 + Math.floor(R() * 30);
  let s = "";
  for (let i = 0; i < n; i++) s += R() < 0.6 ? pick([...HOSTILE]) : pick(NAMES);
  return s;
}

const COUNT = 12_000;
let functionSources: string[] = [];
let evalCalls = 0;
const realFunction = globalThis.Function;
const realEval = globalThis.eval;

beforeAll(() => {
  // spies: every source compiled must be numfuse's own (kernels), never the user's text
  globalThis.Function = new Proxy(realFunction, {
    apply(t, self, args: string[]) { functionSources.push(args.join("\n")); return Reflect.apply(t, self, args); },
    construct(t, args: string[]) { functionSources.push(args.join("\n")); return Reflect.construct(t, args); },
  });
  globalThis.eval = ((s: string) => { evalCalls++; return realEval(s); }) as typeof eval;
});
afterAll(() => {
  globalThis.Function = realFunction;
  globalThis.eval = realEval;
});

describe("np.evaluate on hostile strings", () => {
  test(`${COUNT} generated strings: an array or a numfuse error, nothing executed`, () => {
    R = rng(0x5eed);
    const a = np.array([1, 2, 3]), b = np.array([0.5, 1.5, 2.5]);
    const vars = { a, b };
    let returned = 0, thrown = 0;
    const start = Date.now();
    for (let k = 0; k < COUNT; k++) {
      const s = generate(k);
      const t0 = Date.now();
      try {
        const r = np.evaluate(s, vars);
        expect(r).toBeInstanceOf(np.NDArray);
        r.evalSync();
        returned++;
      } catch (e) {
        if (!ERRORS.some((E) => e instanceof E)) throw new Error(`not a numfuse error for ${JSON.stringify(s.slice(0, 200))}: ${String(e)}`);
        thrown++;
      }
      const dt = Date.now() - t0;
      if (dt > 1000) throw new Error(`${dt} ms for ${JSON.stringify(s.slice(0, 200))}`);
    }
    expect(returned + thrown).toBe(COUNT);
    // the generator reaches both outcomes: some mutations stay valid numexpr
    expect(returned).toBeGreaterThan(50);
    expect(thrown).toBeGreaterThan(COUNT / 2);
    expect(Date.now() - start).toBeLessThan(50_000);
    // canaries
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).__pwned).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "__pwned")).toBe(false);
    expect(evalCalls).toBe(0);
    for (const src of functionSources) expect(src).not.toMatch(/pwned|constructor|process|require|globalThis|prototype/);
  });

  test("the spies see compilation at all (the Function spy is live)", () => {
    functionSources = [];
    np.evaluate("a * 3.25 + 1.75", { a: np.linspace(0, 1, 5) }).evalSync();
    expect(functionSources.length).toBeGreaterThan(0);
  });

  test("the conformance attacks throw", () => {
    const a = np.arange(3);
    for (const s of ["constructor.constructor('return process')()", "a.constructor.constructor('return 1')()", "(() => 1)()", "globalThis",
      "process.exit(1)", "a; process", "`${a}`", "a[0]", "__proto__", "a.__proto__", "eval('1')", "require('fs')", "import('fs')", "this",
      "Function('return 1')()"]) {
      expect(() => np.evaluate(s, { a }).evalSync(), s).toThrow();
    }
  });
});
