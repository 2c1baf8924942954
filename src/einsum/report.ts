// Numbers printed as Python prints them in einsum_path's report: `%.3e` and `%.3f` round
// the double's exact binary value half to even (JS's toExponential/toFixed round ties
// up), and int / int is the correctly rounded quotient of the exact integers.

/** A finite double >= 0 as an exact fraction num / den (den a power of two). */
function exact(x: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (expBits !== 0) { mant |= 1n << 52n; e = expBits - 1075; }
  return e >= 0 ? [mant << BigInt(e), 1n] : [mant, 1n << BigInt(-e)];
}

/** num / den rounded to an integer, ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den, r2 = (num % den) * 2n;
  return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q;
}

const special = (x: number): string | null => (Number.isNaN(x) ? "nan" : !Number.isFinite(x) ? (x > 0 ? "inf" : "-inf") : null);
const pow10 = (k: number) => 10n ** BigInt(k);

/** Python's `"%.{digits}f" % x`. */
export function pyFixed(x: number, digits: number): string {
  const sp = special(x);
  if (sp) return sp;
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [n, d] = exact(Math.abs(x));
  const s = roundHalfEven(n * pow10(digits), d).toString().padStart(digits + 1, "0");
  return digits === 0 ? sign + s : `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Python's `"%.{digits}e" % x`. */
export function pyExp(x: number, digits: number): string {
  const sp = special(x);
  if (sp) return sp;
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}${digits ? `0.${"0".repeat(digits)}` : "0"}e+00`;
  const [n, d] = exact(Math.abs(x));
  // e = floor(log10 |x|), exactly
  let e = Math.floor(Math.log10(Math.abs(x)));
  const atLeast = (k: number) => (k >= 0 ? n >= d * pow10(k) : n * pow10(-k) >= d);
  while (!atLeast(e)) e--;
  while (atLeast(e + 1)) e++;
  const k = digits - e;
  let m = k >= 0 ? roundHalfEven(n * pow10(k), d) : roundHalfEven(n, d * pow10(-k));
  if (m === pow10(digits + 1)) { m = pow10(digits); e++; }
  const s = m.toString();
  const mant = digits ? `${s[0]}.${s.slice(1)}` : s;
  return `${sign}${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** Python's `a / b` of integers (b > 0): the exact quotient rounded to the nearest double. */
export function pyRatio(a: bigint, b: bigint): number {
  const limit = 2n ** 53n;
  if (a <= limit && b <= limit) return Number(a) / Number(b);
  const bits = (v: bigint) => v.toString(2).length;
  const shift = Math.max(0, 66 + bits(b) - bits(a));
  const num = a << BigInt(shift);
  let q = num / b;
  if (num % b !== 0n) q |= 1n; // sticky: an inexact quotient never rounds as a tie
  return Number(q) / 2 ** shift;
}
