// Complex FFT plans of any length, as pocketfft (NumPy 1.24's FFT) chooses them: a
// mixed-radix transform (radix 4, 2, 3, 5 butterflies and a generic one for other odd
// factors) or, where a large prime factor makes that slow, Bluestein's algorithm over a
// convolution of a 2^a·3^b·5^c length. Our own Stockham autosort formulation: every
// stage reads one buffer and writes the other, so no bit reversal is needed. Plans
// transform forward only: a backward transform is the conjugate of the forward one of
// the conjugate. Real transforms of even length n run through a complex one of n/2
// (the even and odd samples as real and imaginary parts), then separate the two spectra.
//
// Twiddles are computed once per length from exact angles (2π·m/n with m reduced mod n)
// and plans are cached (a bounded, least-recently-used map).

/** One Stockham stage: radix `p` after `ns` points already combined; `tw[(k*(p-1)+r-1)*2]`. */
interface Stage { p: number; ns: number; tw: Float64Array; roots?: Float64Array }

/** A transform of length n: `forward(data)` replaces the n interleaved complex values by their DFT. */
export interface Plan { readonly n: number; forward(data: Float64Array): void }

/** exp(-2πi·m/n) as [cos, sin-part] with the angle reduced to stay accurate. */
function unitRoot(m: number, n: number, out: Float64Array, at: number): void {
  m %= n;
  // use the octant symmetry so the argument of cos/sin stays within [0, π/4]
  const a8 = 8 * m;
  let c: number, s: number;
  if (a8 <= n) { const t = (2 * Math.PI * m) / n; c = Math.cos(t); s = Math.sin(t); }
  else if (a8 <= 3 * n) { const t = (2 * Math.PI * (n - 4 * m)) / (4 * n); c = Math.sin(t); s = Math.cos(t); }
  else if (a8 <= 5 * n) { const t = (2 * Math.PI * (2 * m - n)) / (2 * n); c = -Math.cos(t); s = -Math.sin(t); }
  else if (a8 <= 7 * n) { const t = (2 * Math.PI * (4 * m - 3 * n)) / (4 * n); c = Math.sin(t); s = -Math.cos(t); }
  else { const t = (2 * Math.PI * (n - m)) / n; c = Math.cos(t); s = -Math.sin(t); }
  out[at] = c; out[at + 1] = -s;
}

/** The factors of n in the order the stages use them: 4s, then 2, 3, 5, then larger odd primes. */
function factorize(n: number): number[] {
  const f: number[] = [];
  while (n % 4 === 0) { f.push(4); n /= 4; }
  if (n % 2 === 0) { f.push(2); n /= 2; }
  for (let d = 3; d * d <= n; d += 2) while (n % d === 0) { f.push(d); n /= d; }
  if (n > 1) f.push(n);
  return f;
}

/** pocketfft's cost estimate of a mixed-radix transform of length n. */
function costGuess(n: number): number {
  const ni = n;
  let result = 0;
  while (n % 2 === 0) { result += 2; n /= 2; }
  for (let x = 3; x * x <= n; x += 2) while (n % x === 0) { result += x <= 5 ? x : 1.1 * x; n /= x; }
  if (n > 1) result += n <= 5 ? n : 1.1 * n;
  return result * ni;
}

const largestPrimeFactor = (n: number): number => { const f = factorize(n).filter((p) => p !== 4); return f.length ? Math.max(...f, n % 4 === 0 ? 2 : 1) : 1; };

/** The smallest 2^a·3^b·5^c at least n. */
export function goodSize(n: number): number {
  if (n <= 6) return n;
  let best = 2 * n;
  for (let f5 = 1; f5 < best; f5 *= 5)
    for (let f35 = f5; f35 < best; f35 *= 3) {
      let x = f35;
      while (x < n) x *= 2;
      if (x < best) best = x;
    }
  return best;
}

// ---- the mixed-radix plan ----------------------------------------------------------------

class MixedRadix implements Plan {
  private readonly stages: Stage[] = [];
  private readonly work: Float64Array;
  constructor(readonly n: number) {
    this.work = new Float64Array(2 * n);
    let ns = 1;
    for (const p of factorize(n)) {
      const tw = new Float64Array(2 * (p - 1) * ns);
      for (let k = 0; k < ns; k++) for (let r = 1; r < p; r++) unitRoot(r * k, ns * p, tw, 2 * (k * (p - 1) + r - 1));
      let roots: Float64Array | undefined;
      if (p > 5) { roots = new Float64Array(2 * p); for (let t = 0; t < p; t++) unitRoot(t, p, roots, 2 * t); }
      this.stages.push({ p, ns, tw, roots });
      ns *= p;
    }
  }

  forward(data: Float64Array): void {
    let x = data, y = this.work;
    const stages = this.stages;
    for (let i = 0; i < stages.length; i++) { stage(stages[i], this.n, x, y); const t = x; x = y; y = t; }
    if (x !== data) data.set(x);
  }
}

/** One Stockham stage from x to y: for j < n/p, the p points x[j + r·n/p], twiddled, transformed, written at y[(j-k)·p + k + r·ns]. */
function stage(s: Stage, n: number, x: Float64Array, y: Float64Array): void {
  const { p, ns, tw } = s, m = n / p;
  if (p === 4) return radix4(ns, m, tw, x, y);
  if (p === 2) return radix2(ns, m, tw, x, y);
  if (p === 3) return radix3(ns, m, tw, x, y);
  if (p === 5) return radix5(ns, m, tw, x, y);
  return radixGeneric(p, ns, m, tw, s.roots as Float64Array, x, y);
}

function radix2(ns: number, m: number, tw: Float64Array, x: Float64Array, y: Float64Array): void {
  for (let j0 = 0; j0 < m; j0 += ns) {
    const o = 2 * j0;
    for (let k = 0; k < ns; k++) {
      const i0 = 2 * (j0 + k), i1 = i0 + 2 * m;
      const a0r = x[i0], a0i = x[i0 + 1];
      let a1r = x[i1], a1i = x[i1 + 1];
      if (ns > 1) { const wr = tw[2 * k], wi = tw[2 * k + 1], t = a1r * wr - a1i * wi; a1i = a1r * wi + a1i * wr; a1r = t; }
      const d = 2 * (o + k), e = d + 2 * ns;
      y[d] = a0r + a1r; y[d + 1] = a0i + a1i;
      y[e] = a0r - a1r; y[e + 1] = a0i - a1i;
    }
  }
}

function radix4(ns: number, m: number, tw: Float64Array, x: Float64Array, y: Float64Array): void {
  const m2 = 2 * m, s2 = 2 * ns;
  for (let j0 = 0; j0 < m; j0 += ns) {
    const o = 4 * j0;
    for (let k = 0; k < ns; k++) {
      const i0 = 2 * (j0 + k);
      const a0r = x[i0], a0i = x[i0 + 1];
      let a1r = x[i0 + m2], a1i = x[i0 + m2 + 1];
      let a2r = x[i0 + 2 * m2], a2i = x[i0 + 2 * m2 + 1];
      let a3r = x[i0 + 3 * m2], a3i = x[i0 + 3 * m2 + 1];
      if (ns > 1) {
        const t = 6 * k;
        let wr = tw[t], wi = tw[t + 1], u = a1r * wr - a1i * wi; a1i = a1r * wi + a1i * wr; a1r = u;
        wr = tw[t + 2]; wi = tw[t + 3]; u = a2r * wr - a2i * wi; a2i = a2r * wi + a2i * wr; a2r = u;
        wr = tw[t + 4]; wi = tw[t + 5]; u = a3r * wr - a3i * wi; a3i = a3r * wi + a3i * wr; a3r = u;
      }
      const t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
      const d = 2 * (o + k);
      y[d] = t0r + t2r; y[d + 1] = t0i + t2i;
      y[d + s2] = t1r + t3i; y[d + s2 + 1] = t1i - t3r;
      y[d + 2 * s2] = t0r - t2r; y[d + 2 * s2 + 1] = t0i - t2i;
      y[d + 3 * s2] = t1r - t3i; y[d + 3 * s2 + 1] = t1i + t3r;
    }
  }
}

const S3 = Math.sqrt(3) / 2;

function radix3(ns: number, m: number, tw: Float64Array, x: Float64Array, y: Float64Array): void {
  const m2 = 2 * m, s2 = 2 * ns;
  for (let j0 = 0; j0 < m; j0 += ns) {
    const o = 3 * j0;
    for (let k = 0; k < ns; k++) {
      const i0 = 2 * (j0 + k);
      const a0r = x[i0], a0i = x[i0 + 1];
      let a1r = x[i0 + m2], a1i = x[i0 + m2 + 1], a2r = x[i0 + 2 * m2], a2i = x[i0 + 2 * m2 + 1];
      if (ns > 1) {
        const t = 4 * k;
        let wr = tw[t], wi = tw[t + 1], u = a1r * wr - a1i * wi; a1i = a1r * wi + a1i * wr; a1r = u;
        wr = tw[t + 2]; wi = tw[t + 3]; u = a2r * wr - a2i * wi; a2i = a2r * wi + a2i * wr; a2r = u;
      }
      const sr = a1r + a2r, si = a1i + a2i, dr = a1r - a2r, di = a1i - a2i;
      const cr = a0r - 0.5 * sr, ci = a0i - 0.5 * si;
      const d = 2 * (o + k);
      y[d] = a0r + sr; y[d + 1] = a0i + si;
      y[d + s2] = cr + S3 * di; y[d + s2 + 1] = ci - S3 * dr;
      y[d + 2 * s2] = cr - S3 * di; y[d + 2 * s2 + 1] = ci + S3 * dr;
    }
  }
}

const C51 = Math.cos((2 * Math.PI) / 5), C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5), S52 = Math.sin((4 * Math.PI) / 5);

function radix5(ns: number, m: number, tw: Float64Array, x: Float64Array, y: Float64Array): void {
  const m2 = 2 * m, s2 = 2 * ns;
  for (let j0 = 0; j0 < m; j0 += ns) {
    const o = 5 * j0;
    for (let k = 0; k < ns; k++) {
      const i0 = 2 * (j0 + k);
      const a0r = x[i0], a0i = x[i0 + 1];
      let a1r = x[i0 + m2], a1i = x[i0 + m2 + 1], a2r = x[i0 + 2 * m2], a2i = x[i0 + 2 * m2 + 1];
      let a3r = x[i0 + 3 * m2], a3i = x[i0 + 3 * m2 + 1], a4r = x[i0 + 4 * m2], a4i = x[i0 + 4 * m2 + 1];
      if (ns > 1) {
        const t = 8 * k;
        let wr = tw[t], wi = tw[t + 1], u = a1r * wr - a1i * wi; a1i = a1r * wi + a1i * wr; a1r = u;
        wr = tw[t + 2]; wi = tw[t + 3]; u = a2r * wr - a2i * wi; a2i = a2r * wi + a2i * wr; a2r = u;
        wr = tw[t + 4]; wi = tw[t + 5]; u = a3r * wr - a3i * wi; a3i = a3r * wi + a3i * wr; a3r = u;
        wr = tw[t + 6]; wi = tw[t + 7]; u = a4r * wr - a4i * wi; a4i = a4r * wi + a4i * wr; a4r = u;
      }
      const s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
      const s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
      const p1r = a0r + C51 * s1r + C52 * s2r, p1i = a0i + C51 * s1i + C52 * s2i;
      const p2r = a0r + C52 * s1r + C51 * s2r, p2i = a0i + C52 * s1i + C51 * s2i;
      const q1r = S51 * d1r + S52 * d2r, q1i = S51 * d1i + S52 * d2i; // X1 = p1 - i q1
      const q2r = S52 * d1r - S51 * d2r, q2i = S52 * d1i - S51 * d2i; // X2 = p2 - i q2
      const d = 2 * (o + k);
      y[d] = a0r + s1r + s2r; y[d + 1] = a0i + s1i + s2i;
      y[d + s2] = p1r + q1i; y[d + s2 + 1] = p1i - q1r;
      y[d + 2 * s2] = p2r + q2i; y[d + 2 * s2 + 1] = p2i - q2r;
      y[d + 3 * s2] = p2r - q2i; y[d + 3 * s2 + 1] = p2i + q2r;
      y[d + 4 * s2] = p1r - q1i; y[d + 4 * s2 + 1] = p1i + q1r;
    }
  }
}

function radixGeneric(p: number, ns: number, m: number, tw: Float64Array, roots: Float64Array, x: Float64Array, y: Float64Array): void {
  const ar = new Float64Array(p), ai = new Float64Array(p), m2 = 2 * m, s2 = 2 * ns;
  for (let j0 = 0; j0 < m; j0 += ns) {
    const o = p * j0;
    for (let k = 0; k < ns; k++) {
      const i0 = 2 * (j0 + k);
      for (let r = 0; r < p; r++) { ar[r] = x[i0 + r * m2]; ai[r] = x[i0 + r * m2 + 1]; }
      if (ns > 1) for (let r = 1; r < p; r++) {
        const t = 2 * (k * (p - 1) + r - 1), wr = tw[t], wi = tw[t + 1], u = ar[r] * wr - ai[r] * wi;
        ai[r] = ar[r] * wi + ai[r] * wr; ar[r] = u;
      }
      const d = 2 * (o + k);
      // pairs r and p - r share a root's real part: sum them first
      for (let q = 0; q < p; q++) {
        let sr = ar[0], si = ai[0], idx = 0;
        for (let r = 1; r < p; r++) {
          idx += q; if (idx >= p) idx -= p;
          const wr = roots[2 * idx], wi = roots[2 * idx + 1];
          sr += ar[r] * wr - ai[r] * wi; si += ar[r] * wi + ai[r] * wr;
        }
        y[d + q * s2] = sr; y[d + q * s2 + 1] = si;
      }
    }
  }
}

// ---- Bluestein ----------------------------------------------------------------------------

/** The DFT of length n as a circular convolution of length n2 ≥ 2n - 1 (chirp z-transform). */
class Bluestein implements Plan {
  private readonly inner: Plan;
  private readonly bk: Float64Array;
  private readonly bkf: Float64Array;
  private readonly buf: Float64Array;
  constructor(readonly n: number) {
    const n2 = goodSize(2 * n - 1);
    this.inner = new MixedRadix(n2);
    // bk[m] = exp(iπ m²/n), with m² reduced mod 2n
    const bk = (this.bk = new Float64Array(2 * n)), tmp = new Float64Array(2);
    let coeff = 0;
    for (let m = 0; m < n; m++) {
      if (m > 0) { coeff += 2 * m - 1; if (coeff >= 2 * n) coeff -= 2 * n; }
      unitRoot(coeff, 2 * n, tmp, 0);
      bk[2 * m] = tmp[0]; bk[2 * m + 1] = -tmp[1];
    }
    const bkf = (this.bkf = new Float64Array(2 * n2)), inv = 1 / n2;
    bkf[0] = bk[0] * inv; bkf[1] = bk[1] * inv;
    for (let m = 1; m < n; m++) {
      bkf[2 * m] = bkf[2 * (n2 - m)] = bk[2 * m] * inv;
      bkf[2 * m + 1] = bkf[2 * (n2 - m) + 1] = bk[2 * m + 1] * inv;
    }
    this.inner.forward(bkf);
    this.buf = new Float64Array(2 * n2);
  }

  forward(data: Float64Array): void {
    const { n, bk, bkf, buf } = this, n2 = buf.length / 2;
    buf.fill(0);
    for (let m = 0; m < n; m++) { // a[m] = x[m]·conj(bk[m])
      const xr = data[2 * m], xi = data[2 * m + 1], br = bk[2 * m], bi = bk[2 * m + 1];
      buf[2 * m] = xr * br + xi * bi; buf[2 * m + 1] = xi * br - xr * bi;
    }
    this.inner.forward(buf);
    // multiply by the chirp's spectrum, conjugated, so a forward transform computes the inverse
    for (let m = 0; m < n2; m++) {
      const ar = buf[2 * m], ai = buf[2 * m + 1], br = bkf[2 * m], bi = bkf[2 * m + 1];
      buf[2 * m] = ar * br - ai * bi; buf[2 * m + 1] = -(ar * bi + ai * br);
    }
    this.inner.forward(buf);
    for (let m = 0; m < n; m++) { // X[k] = conj(bk[k])·conv[k]; conv = conj(buf)
      const cr = buf[2 * m], ci = -buf[2 * m + 1], br = bk[2 * m], bi = bk[2 * m + 1];
      data[2 * m] = cr * br + ci * bi; data[2 * m + 1] = ci * br - cr * bi;
    }
  }
}

// ---- choosing and caching plans -----------------------------------------------------------------

class Trivial implements Plan { constructor(readonly n: number) {} forward(): void {} }

function makePlan(n: number): Plan {
  if (n === 1) return new Trivial(1);
  const lpf = largestPrimeFactor(n);
  if (n < 50 || lpf * lpf <= n) return new MixedRadix(n);
  // pocketfft's rule: Bluestein when its two transforms of good_size(2n-1), with a fudge factor, cost less
  const blue = 2 * costGuess(goodSize(2 * n - 1)) * 1.5;
  return blue < costGuess(n) ? new Bluestein(n) : new MixedRadix(n);
}

const CACHE_SIZE = 16;
const cache = new Map<number, Plan>();

/** The (cached) plan of a complex transform of length n ≥ 1. */
export function planFor(n: number): Plan {
  let p = cache.get(n);
  if (p) { cache.delete(n); cache.set(n, p); return p; }
  p = makePlan(n);
  cache.set(n, p);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as number);
  return p;
}

// ---- real transforms of even length through a complex one of half the length ----------------

/** A real transform of even length n: the complex plan of n/2 and w^k = exp(-2πi·k/n) for k ≤ n/4. */
export interface RealPlan { n: number; half: Plan; w: Float64Array }

/** The real plan of even length n (its twiddles are computed per call; the half plan is cached). */
export function realPlanFor(n: number): RealPlan {
  const q = (n >> 2) + 1, w = new Float64Array(2 * q);
  for (let k = 0; k < q; k++) unitRoot(k, n, w, 2 * k);
  return { n, half: planFor(n >> 1), w };
}

/**
 * The forward transform of n (even) reals stored in data[0..n): its first
 * n/2 + 1 terms replace them as interleaved complex values (data must hold n + 2).
 * The reals, read as n/2 complex values, are transformed and then separated into the
 * even and odd samples' spectra.
 */
export function realForward(p: RealPlan, data: Float64Array): void {
  const n = p.n, h = n >> 1, w = p.w;
  p.half.forward(data);
  const z0r = data[0], z0i = data[1];
  data[0] = z0r + z0i; data[1] = 0;
  data[2 * h] = z0r - z0i; data[2 * h + 1] = 0;
  for (let k = 1; 2 * k <= h; k++) {
    const j = h - k;
    const ar = data[2 * k], ai = data[2 * k + 1], br = data[2 * j], bi = data[2 * j + 1];
    const wr = w[2 * k], wi = w[2 * k + 1];
    // X[k] = (A + conj B)/2 - i/2·w^k·(A - conj B); X[h-k] likewise with w^(h-k) = -conj(w^k)
    const er = 0.5 * (ar + br), ei = 0.5 * (ai - bi), dr = 0.5 * (ar - br), di = 0.5 * (ai + bi);
    const or_ = wr * dr - wi * di, oi = wr * di + wi * dr; // w^k·(A - conj B)/2
    data[2 * k] = er + oi; data[2 * k + 1] = ei - or_;
    data[2 * j] = er - oi; data[2 * j + 1] = -ei - or_;
  }
}

/**
 * The backward transform of length n (even) of the Hermitian row whose first n/2 + 1
 * terms are interleaved in data (imaginary parts of the first and last ignored): the n
 * reals replace them in data[0..n).
 */
export function realBackward(p: RealPlan, data: Float64Array): void {
  const n = p.n, h = n >> 1, w = p.w;
  const r0 = data[0], rh = data[2 * h];
  data[0] = r0 + rh; data[1] = r0 - rh;
  for (let k = 1; 2 * k <= h; k++) {
    const j = h - k;
    const ar = data[2 * k], ai = data[2 * k + 1], br = data[2 * j], bi = data[2 * j + 1];
    const wr = w[2 * k], wi = -w[2 * k + 1]; // w^-k
    // Z[k] = (A + conj B) + i·w^-k·(A - conj B); Z[h-k] = (B + conj A) - i·w^k·(B - conj A)
    const er = ar + br, ei = ai - bi, dr = ar - br, di = ai + bi;
    const pr = wr * dr - wi * di, pi = wr * di + wi * dr; // w^-k·(A - conj B)
    data[2 * k] = er - pi; data[2 * k + 1] = ei + pr;
    // (B - conj A) = -conj(A - conj B); w^k = conj(w^-k): i·w^k·(B - conj A) = -i·conj(p)
    data[2 * j] = er + pi; data[2 * j + 1] = -ei + pr;
  }
  for (let i = 1; i < 2 * h; i += 2) data[i] = -data[i];
  p.half.forward(data);
  for (let i = 1; i < 2 * h; i += 2) data[i] = -data[i];
}
