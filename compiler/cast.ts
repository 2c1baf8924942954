// Conversions between dtypes inside kernels, with NumPy's results (wrap, truncate),
// and the wrap that brings a computed value back into its dtype's range. Each entry
// has the reference function and the inline template, side by side.

import { valueClass, type DTypeId } from "../runtime/dtypes.js";

type Fn = (x: any) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Conv { fn: Fn; js: (e: string) => string }

const TWO31 = 2147483648, TWO32 = 4294967296, TWO63 = 9223372036854775808;

/** float -> int32 range as x86's cvttsd2si: out of range and nan give INT_MIN. */
export function f2i32(x: number): number {
  return x > -2147483649 && x < TWO31 ? x | 0 : -TWO31;
}
/** float -> uint32 as C's (unsigned) cast on x86-64 (through int64, low 32 bits). */
export function f2u32(x: number): number {
  if (!(x > -TWO63 && x < TWO63)) return 0;
  const t = Math.trunc(x);
  return ((t % TWO32) + TWO32) % TWO32;
}
const BIG_MIN = -(BigInt(1) << BigInt(63));
export function f2i64(x: number): bigint {
  return x > -TWO63 && x < TWO63 ? BigInt(Math.trunc(x)) : BIG_MIN;
}
export function f2u64(x: number): bigint {
  if (!(x > -TWO63 && x < 2 * TWO63)) return -BIG_MIN;
  return BigInt.asUintN(64, BigInt(Math.trunc(x)));
}
/** A string's value as a number, as NumPy's astype from unicode. */
export function s2f(s: string): number {
  const t = s.trim();
  const v = Number(t);
  if (t === "" || Number.isNaN(v) && !/^[+-]?nan$/i.test(t)) throw new Error(`could not convert string to float: '${s}'`);
  return v;
}

/** Python's repr of a float ('1.0', '1e-05', 'nan', 'inf'), as NumPy's astype(str) writes it. */
export function f2s(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = String(x);
  if (/e/.test(s)) return x.toFixed(20).replace(/0+$/, "");
  return Number.isInteger(x) ? (Object.is(x, -0) ? "-0.0" : `${s}.0`) : s;
}

/** Brings a value computed in a wider JS type into `d`'s range. */
export const WRAP: Partial<Record<DTypeId, Conv>> = {
  int8: { fn: (x: number) => (x << 24) >> 24, js: (e) => `((${e}) << 24 >> 24)` },
  uint8: { fn: (x: number) => x & 255, js: (e) => `((${e}) & 255)` },
  int16: { fn: (x: number) => (x << 16) >> 16, js: (e) => `((${e}) << 16 >> 16)` },
  uint16: { fn: (x: number) => x & 65535, js: (e) => `((${e}) & 65535)` },
  int32: { fn: (x: number) => x | 0, js: (e) => `((${e}) | 0)` },
  uint32: { fn: (x: number) => x >>> 0, js: (e) => `((${e}) >>> 0)` },
  int64: { fn: (x: bigint) => BigInt.asIntN(64, x), js: (e) => `BigInt.asIntN(64, ${e})` },
  uint64: { fn: (x: bigint) => BigInt.asUintN(64, x), js: (e) => `BigInt.asUintN(64, ${e})` },
  float32: { fn: Math.fround, js: (e) => `Math.fround(${e})` },
};

const id: Conv = { fn: (x) => x, js: (e) => e };
const compose = (a: Conv, b: Conv | undefined): Conv => (b ? { fn: (x) => b.fn(a.fn(x)), js: (e) => b.js(a.js(e)) } : a);

/**
 * A real-to-real conversion from `from` to `to` (complex sources pass their real part;
 * complex targets take the result as real part). `F` in templates is the kernel's function
 * table, which holds the helpers exported here.
 */
export function realCast(from: DTypeId, to: DTypeId): Conv {
  const fc = valueClass(from), tc = valueClass(to);
  if (from === to) return id;
  const toReal = tc === "c" ? (to === "complex64" ? "float32" : "float64") : to;
  const rtc = valueClass(toReal);
  if (rtc === "U") {
    switch (fc) {
      case "b": return { fn: (x) => (x ? "True" : "False"), js: (e) => `(${e} ? "True" : "False")` };
      case "i": case "I": return { fn: (x) => String(x), js: (e) => `String(${e})` };
      case "U": return id;
      default: return { fn: f2s, js: (e) => `F.f2s(${e})` };
    }
  }
  if (rtc === "b") {
    switch (fc) {
      case "I": return { fn: (x: bigint) => x !== BigInt(0), js: (e) => `(${e} !== 0n)` };
      case "U": return { fn: (x: string) => x.length > 0, js: (e) => `(${e}.length > 0)` };
      default: return { fn: (x: number) => x !== 0, js: (e) => `(${e} !== 0)` };
    }
  }
  let base: Conv;
  switch (fc) {
    case "b":
      base = rtc === "I" ? { fn: (x) => (x ? BigInt(1) : BigInt(0)), js: (e) => `(${e} ? 1n : 0n)` }
        : { fn: (x) => (x ? 1 : 0), js: (e) => `(${e} ? 1 : 0)` };
      return base;
    case "i":
      if (rtc === "I") return compose({ fn: (x: number) => BigInt(x), js: (e) => `BigInt(${e})` }, WRAP[toReal]);
      return compose(id, WRAP[toReal]);
    case "I":
      if (rtc === "I") return compose(id, WRAP[toReal]);
      if (rtc === "f") return compose({ fn: (x: bigint) => Number(x), js: (e) => `Number(${e})` }, WRAP[toReal]);
      return compose({ fn: (x: bigint) => Number(BigInt.asIntN(32, x)), js: (e) => `Number(BigInt.asIntN(32, ${e}))` }, WRAP[toReal]);
    case "f":
    case "c":
      if (rtc === "f") return compose(id, WRAP[toReal]);
      if (toReal === "int64") return { fn: f2i64, js: (e) => `F.f2i64(${e})` };
      if (toReal === "uint64") return { fn: f2u64, js: (e) => `F.f2u64(${e})` };
      if (toReal === "uint32") return { fn: f2u32, js: (e) => `F.f2u32(${e})` };
      return compose({ fn: f2i32, js: (e) => `F.f2i32(${e})` }, WRAP[toReal]);
    case "U":
      return compose({ fn: s2f, js: (e) => `F.s2f(${e})` }, rtc === "f" ? WRAP[toReal] : rtc === "I" ? { fn: f2i64, js: (e) => `F.f2i64(${e})` } : compose({ fn: f2i32, js: (e) => `F.f2i32(${e})` }, WRAP[toReal]));
  }
  return id;
}

/**
 * A JS scalar as `d` stores it (one entry, two for complex), converted as NumPy converts
 * a Python scalar: truthiness for bool (nan is true), truncation and wrap for integers,
 * rounding for float32.
 */
export function scalarParts(v: number | bigint | boolean | string | { re: number; im: number }, d: DTypeId): unknown[] {
  const cls = valueClass(d);
  if (cls === "c") {
    const [re, im] = typeof v === "object" ? [v.re, v.im] : [typeof v === "string" ? s2f(v) : Number(v), 0];
    return d === "complex64" ? [Math.fround(re), Math.fround(im)] : [re, im];
  }
  if (cls === "U") return [typeof v === "object" ? `(${v.re}+${v.im}j)` : typeof v === "boolean" ? (v ? "True" : "False") : String(v)];
  if (typeof v === "object") v = v.re !== 0 || v.im !== 0 ? (d === "bool" ? 1 : v.re) : 0;
  const from: DTypeId = typeof v === "bigint" ? "int64" : typeof v === "boolean" ? "bool" : typeof v === "string" ? "str" : Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? "float64" : "float64";
  const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
  const conv = realCast(from, d);
  const out = conv.fn(x);
  return [typeof out === "boolean" ? (out ? 1 : 0) : out];
}

/** The helpers cast templates call through `F`. */
export const CAST_HELPERS = { f2i32, f2u32, f2i64, f2u64, s2f, f2s };
