// Order statistics of one row held in a scratch array: introselect for a few ranks, a
// typed-array sort for many, and NumPy's sort order for complex values (NaNs last).

/** Scratch rows: real values as float64 (exact for every dtype up to 32-bit ints and float32), 64-bit ints as bigints. */
export type RealRow = Float64Array | BigInt64Array | BigUint64Array;


/** Insertion sort of v[lo..hi] (inclusive). */
function insertionSort(v: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = v[i];
    let j = i - 1;
    while (j >= lo && v[j] > x) { v[j + 1] = v[j]; j--; }
    v[j + 1] = x;
  }
}

/**
 * Moves the rank-k element of v[lo..hi] to index k, smaller ones before it and larger
 * ones after (quickselect on a median-of-three pivot; a sort when it recurses too deep).
 */
function selectRank(v: Float64Array, lo: number, hi: number, k: number): void {
  let depth = 2 * Math.ceil(Math.log2(hi - lo + 2));
  while (hi > lo) {
    if (hi - lo < 16) { insertionSort(v, lo, hi); return; }
    if (depth-- === 0) { v.subarray(lo, hi + 1).sort(); return; }
    const mid = (lo + hi) >>> 1;
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    const pivot = v[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { swap(v, i, j); i++; j--; }
    }
    // v[lo..j] <= pivot <= v[i..hi]; anything strictly between equals the pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i]; v[i] = v[j]; v[j] = t;
}

/** Puts the elements of ranks `ks` (ascending, in [0, n)) of v[0..n) in place. */
export function selectRanks(row: RealRow, n: number, ks: readonly number[]): void {
  // bigint rows run the same code: the comparisons and moves mean the same for them
  const v = row as Float64Array;
  // each selection costs a few passes over what is left; a sort, about log2(n) passes
  if (ks.length > Math.max(8, Math.log2(n))) { v.subarray(0, n).sort(); return; }
  let lo = 0;
  for (const k of ks) {
    if (k < lo) continue;
    selectRank(v, lo, n - 1, k);
    lo = k + 1;
  }
}

/** Moves the NaN-free elements of v[0..n) to the front; returns their count. */
export function dropNaN(v: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (v[i] === v[i]) v[m++] = v[i];
  return m;
}

export const hasNaN = (v: Float64Array, n: number): boolean => {
  for (let i = 0; i < n; i++) if (v[i] !== v[i]) return true;
  return false;
};

// ---- complex rows (interleaved re, im) ------------------------------------------------

/** NumPy's complex sort order: lexicographic, with NaN parts last (R+Rj < R+nanj < nan+Rj < nan+nanj). */
export function complexLess(ar: number, ai: number, br: number, bi: number): boolean {
  if (ar < br) return ai === ai || bi !== bi;
  if (ar > br) return bi !== bi && ai === ai;
  if (ar === br || (ar !== ar && br !== br)) return ai < bi || (bi !== bi && ai === ai);
  return br !== br;
}

export const complexHasNaN = (v: Float64Array, n: number): boolean => {
  for (let i = 0; i < 2 * n; i++) if (v[i] !== v[i]) return true;
  return false;
};

/** Moves the elements with no NaN part to the front; returns their count. */
export function dropComplexNaN(v: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const re = v[2 * i], im = v[2 * i + 1];
    if (re === re && im === im) { v[2 * m] = re; v[2 * m + 1] = im; m++; }
  }
  return m;
}

/** The largest element in NumPy's complex order (where a sort puts NaNs): index into the row. */
export function complexMaxIndex(v: Float64Array, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (complexLess(v[2 * best], v[2 * best + 1], v[2 * i], v[2 * i + 1])) best = i;
  return best;
}

/** Sorts the first n complex elements in NumPy's order. */
export function sortComplex(v: Float64Array, n: number): void {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((i, j) => (complexLess(v[2 * i], v[2 * i + 1], v[2 * j], v[2 * j + 1]) ? -1 : complexLess(v[2 * j], v[2 * j + 1], v[2 * i], v[2 * i + 1]) ? 1 : 0));
  const copy = v.slice(0, 2 * n);
  idx.forEach((from, to) => { v[2 * to] = copy[2 * from]; v[2 * to + 1] = copy[2 * from + 1]; });
}
