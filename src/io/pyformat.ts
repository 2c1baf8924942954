// Python's printf-style `%` formatting of NumPy scalars, as savetxt applies `fmt` to a row:
// %d %i %u %o %x %X %e %E %f %F %g %G %s %r %c %% with flags (-+ #0), width and precision.
// Floats round half to even on their exact binary value, as CPython does (JS's toFixed and
// toExponential round exact ties up; those ties are decided here with BigInt arithmetic).

import { TypeError, ValueError, OverflowError } from "../../runtime/errors.js";

/** One value of a row: its NumPy kind, the JS value, and for floats whether it is a float32. */
export interface PyScalar { kind: "b" | "i" | "u" | "f" | "U"; v: number | bigint | boolean | string; single?: boolean; name: string }

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])/g;

interface Spec { flags: string; width: string | undefined; precision: string | undefined; conv: string; mapping: string | undefined }
/** A format split into literal text and conversions (cached: savetxt applies one format to every row). */
const compiled = new Map<string, (string | Spec)[]>();
function compile(fmt: string): (string | Spec)[] {
  let parts = compiled.get(fmt);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of fmt.matchAll(SPEC)) {
    if (m.index! > last) parts.push(fmt.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[5] === "%") parts.push("%");
    else parts.push({ mapping: m[1], flags: m[2], width: m[3], precision: m[4], conv: m[5] });
  }
  if (last < fmt.length) parts.push(fmt.slice(last));
  if (compiled.size > 256) compiled.clear();
  compiled.set(fmt, parts);
  return parts;
}

/** `fmt % tuple(values)`. */
export function pyFormat(fmt: string, values: readonly PyScalar[]): string {
  // pieces joined once: a flat string per row, not a rope that keeps every piece alive
  let k = 0;
  const out: string[] = [];
  for (const p of compile(fmt)) {
    if (typeof p === "string") { out.push(p); continue; }
    if (p.mapping !== undefined) throw new TypeError("format requires a mapping");
    let width = p.width === "*" ? Number(values[k++].v) : p.width ? Number(p.width) : 0;
    const precision = p.precision === undefined ? null : p.precision === "*" ? Number(values[k++].v) : Number(p.precision || 0);
    if (k >= values.length) throw new TypeError("not enough arguments for format string");
    let left = p.flags.includes("-");
    if (width < 0) { left = true; width = -width; }
    out.push(convert(p.conv, p.flags, width, precision, left, values[k++]));
  }
  if (k < values.length) throw new TypeError("not all arguments converted during string formatting");
  return out.join("");
}

function convert(conv: string, flags: string, width: number, precision: number | null, left: boolean, x: PyScalar): string {
  const pad = (body: string, sign: string, zeroOk: boolean): string => {
    const len = sign.length + body.length;
    if (len >= width) return sign + body;
    if (left) return sign + body + " ".repeat(width - len);
    if (zeroOk && flags.includes("0")) return sign + "0".repeat(width - len) + body;
    return " ".repeat(width - len) + sign + body;
  };
  const signOf = (neg: boolean) => (neg ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "");
  switch (conv) {
    case "s": case "r": case "a": {
      let s = conv === "s" ? strOf(x) : reprOf(x);
      if (precision !== null) s = s.slice(0, precision);
      return pad(s, "", false);
    }
    case "c": {
      const s = typeof x.v === "string" ? x.v : String.fromCodePoint(Number(intOf(x, "c")));
      return pad(s, "", false);
    }
    case "d": case "i": case "u": case "o": case "x": case "X": {
      const n = conv === "d" || conv === "i" || conv === "u" ? truncOf(x, conv) : intOf(x, conv);
      const neg = n < 0n, abs = neg ? -n : n;
      let digits = conv === "o" ? abs.toString(8) : conv === "x" ? abs.toString(16) : conv === "X" ? abs.toString(16).toUpperCase() : abs.toString();
      if (precision !== null && digits.length < precision) digits = "0".repeat(precision - digits.length) + digits;
      const prefix = flags.includes("#") ? (conv === "o" ? "0o" : conv === "x" ? "0x" : conv === "X" ? "0X" : "") : "";
      return pad(digits, signOf(neg) + prefix, true);
    }
    default: {
      const v = floatOf(x, conv);
      const neg = v < 0 || Object.is(v, -0);
      const body = formatFloat(Math.abs(v), conv, precision ?? 6, flags.includes("#"));
      return pad(body, Number.isNaN(v) ? signOf(false) : signOf(neg), true);
    }
  }
}

const typeName = (x: PyScalar) => `numpy.${x.name}`;

function truncOf(x: PyScalar, conv: string): bigint {
  if (typeof x.v === "string") throw new TypeError(`%${conv} format: a real number is required, not ${typeName(x)}`);
  if (typeof x.v === "boolean") return x.v ? 1n : 0n;
  if (typeof x.v === "bigint") return x.v;
  if (Number.isNaN(x.v)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x.v)) throw new OverflowError("cannot convert float infinity to integer");
  return BigInt(Math.trunc(x.v));
}

function intOf(x: PyScalar, conv: string): bigint {
  if (x.kind === "f" || x.kind === "U") throw new TypeError(`%${conv} format: an integer is required, not ${typeName(x)}`);
  return truncOf(x, conv);
}

function floatOf(x: PyScalar, conv: string): number {
  if (typeof x.v === "string") throw new TypeError(`must be real number, not ${x.name === "str_" ? "numpy.str_" : typeName(x)}`);
  void conv;
  return typeof x.v === "boolean" ? Number(x.v) : Number(x.v);
}

/** Python's str of a NumPy scalar. */
export function strOf(x: PyScalar): string {
  if (typeof x.v === "string") return x.v;
  if (typeof x.v === "boolean") return x.v ? "True" : "False";
  if (typeof x.v === "bigint" || x.kind !== "f") return String(x.v);
  return floatRepr(x.v, x.single ?? false);
}

function reprOf(x: PyScalar): string {
  if (typeof x.v === "string") return `np.str_(${JSON.stringify(x.v).replace(/^"|"$/g, "'")})`;
  if (typeof x.v === "boolean") return x.v ? "np.True_" : "np.False_";
  return `np.${x.name}(${strOf(x)})`;
}

/** NumPy's (and Python's) shortest repr of a float: '1.5', '2.0', '1e-05', '1.5e+16', 'nan', 'inf'. */
export function floatRepr(v: number, single = false): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const a = Math.abs(v);
  let e: string;
  if (single) {
    let p = 1;
    while (p < 9 && Math.fround(Number(a.toPrecision(p))) !== a) p++;
    e = Number(a.toPrecision(p)).toExponential();
  } else e = a.toExponential();
  const [mant, expText] = e.split("e");
  const digits = mant.replace(".", ""), exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0"), frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || "0"}`;
}

// ---- exact rounding -------------------------------------------------------------------

/** x (finite, > 0) as D * 10^E exactly. */
function exactDecimal(x: number): { D: bigint; E: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const be = Number((bits >> 52n) & 0x7ffn), frac = bits & ((1n << 52n) - 1n);
  const m = be === 0 ? frac : frac | (1n << 52n), e = be === 0 ? -1074 : be - 1075;
  return e >= 0 ? { D: m << BigInt(e), E: 0 } : { D: m * 5n ** BigInt(-e), E: e };
}

/** D with its `drop` lowest decimal digits rounded off, half to even (negative `drop` appends zeros). */
function roundOff(D: bigint, drop: number): bigint {
  if (drop <= 0) return D * 10n ** BigInt(-drop);
  const p = 10n ** BigInt(drop), q = D / p, r2 = 2n * (D % p);
  return r2 > p || (r2 === p && (q & 1n) === 1n) ? q + 1n : q;
}

/**
 * Whether x (>= 0) can sit exactly halfway between two numbers of `digits` decimal digits
 * after the point: only if it has at most `digits` binary fraction digits (then x * 2^digits
 * is an integer). Rules out nearly every value before any string is made.
 */
const mayTie = (x: number, digits: number): boolean => x >= 2 ** 52 || digits > 1000 || Number.isInteger(x * 2 ** digits);

/** x (>= 0) with `prec` decimals, as '%.{prec}f'. */
function fixed(x: number, prec: number): string {
  if (x < 1e21 && prec < 100 && !mayTie(x, prec + 1)) return x.toFixed(prec);
  if (x < 1e21 && prec < 100) {
    const probe = x.toFixed(prec + 1);
    if (!probe.endsWith("5")) return x.toFixed(prec);
  }
  if (x === 0) return prec ? `0.${"0".repeat(prec)}` : "0";
  const { D, E } = exactDecimal(x);
  const s = roundOff(D, -E - prec).toString().padStart(prec + 1, "0");
  return prec ? `${s.slice(0, s.length - prec)}.${s.slice(s.length - prec)}` : s;
}

/** JS's 'd.ddde+x' as its digits and exponent. */
function splitExponential(t: string): { digits: string; exp: number } {
  const e = t.indexOf("e");
  return { digits: e > 1 ? t[0] + t.slice(2, e) : t.slice(0, e), exp: +t.slice(e + 1) };
}

/** x (>= 0) as mantissa digits (prec + 1 of them) and decimal exponent, rounded half to even. */
function sci(x: number, prec: number): { digits: string; exp: number } {
  if (x === 0) return { digits: "0".repeat(prec + 1), exp: 0 };
  if (prec < 98) {
    // a tie at the (prec + 2)th significant digit needs at most prec + 1 - exponent binary fraction digits
    // (a value below 1 has as many more as it has zeros after the point)
    if (!mayTie(x, prec + 3 - Math.floor(Math.log10(x)))) return splitExponential(x.toExponential(prec));
    const probe = x.toPrecision(prec + 2).split("e")[0];
    if (!probe.endsWith("5")) return splitExponential(x.toExponential(prec));
  }
  const { D, E } = exactDecimal(x);
  const nd = D.toString().length;
  let N = roundOff(D, nd - (prec + 1)), exp = nd - 1 + E;
  if (N.toString().length > prec + 1) { N /= 10n; exp++; }
  return { digits: N.toString(), exp };
}

const expText = (exp: number) => (exp < 0 ? (exp > -10 ? "-0" : "-") + -exp : (exp < 10 ? "+0" : "+") + exp);

/** A non-negative float (or nan/inf) in one of Python's float conversions. */
function formatFloat(x: number, conv: string, prec: number, alt: boolean): string {
  const upper = conv === "E" || conv === "F" || conv === "G";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? (upper ? "NAN" : "nan") : upper ? "INF" : "inf";
  let s: string;
  switch (conv.toLowerCase()) {
    case "f":
      s = fixed(x, prec);
      if (alt && prec === 0) s += ".";
      break;
    case "e": {
      const { digits, exp } = sci(x, prec);
      s = (prec || alt ? digits[0] + "." + digits.slice(1) : digits) + "e" + expText(exp);
      break;
    }
    default: {
      const P = prec === 0 ? 1 : prec;
      const { digits, exp } = sci(x, P - 1);
      if (exp >= -4 && exp < P) {
        s = fixed(x, P - 1 - exp);
        if (!alt) { if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, ""); }
        else if (!s.includes(".")) s += ".";
      } else {
        let m = `${digits[0]}.${digits.slice(1)}`;
        if (!alt) m = m.replace(/0+$/, "").replace(/\.$/, "");
        s = `${m}e${expText(exp)}`;
      }
    }
  }
  return upper ? s.toUpperCase() : s;
}
