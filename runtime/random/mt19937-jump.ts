// MT19937 jump-ahead by 2^128 draws, as NumPy's `mt19937_jump` (`src/mt19937/mt19937-jump.c`,
// after Haramoto et al., "Efficient jump ahead for F2-linear random number generators"): the
// state is mapped through the jump polynomial by Horner's rule, one twister step and one XOR of
// states per coefficient. The polynomial is NumPy's table (pure data).

import { MT_N, type MT19937Core } from "./mt19937.js";

const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const MEXP = 19937;

// The 2^128-step jump polynomial (NumPy's `poly_coef`, 624 little-endian uint32 words, base64).
const POLY_B64 =
  "YznecsSecLW2myeI5fgjqFk+2CZZIh8EFbv953cXUotW57VI1RIov7mtsOSqSUgLg4uSPs45benTMWGv6PLqCVaEVDN7TIHBg3w6ibwHvf5ngr0Bv9xHUeZ9puJ09f6aCU0zuMre0/BY/WFVO3CE2DuAXO9Cj5uzYbffINP+HNZbPl/Pd2FBR+lChI6rz6mOwA5dWI333WAohZssDtb38Pw7u7J94z7KWebJgWnZDofeoHOVUUhSzpQ7aHftpc1zvPy8VmyVO/QU3pEfALQEv4HEOJQxmIUdouBqytWul50YQkaeGZVc54ZUPCVcRUPN2My1c9SCgn9EzcrImd8tGUaFvtaJtYhSp2zytH9VGZjrcAUgKD3nAwTMSibJFKF4e/vwlZfo7kLCgMyr6FHnZ4XMMBPvhw4Ulpo7kV5S+NMF0uM+jxWhG4nbTCx9qGofOppemyMyi4ftw5ikeHeMpGbASpdV8AgdQoKgyOmA3tZAC8+hTM6SKMcxJ4SuaEFgbe4j3bL4z76HcqzfUZc2pJ3Ii7rZQFhKgoWlp+3bO/WXSbrPHJ0UpMNvxtUFKcfyOa1ozpaOTa61qRPylvOIxbsWYZ1OjWEs0SBEs/Nh++vXLnA78qbcy2aBt3yVMyi+akOiA5bQwCBvqpDhFbhJv8ON10kDuUWbyMSkCuOQ62fwEyvzsepcf5SCxMzbrh5ktq9qbVhTtYAyWLVymnf68XSvYDv9rpKJ8gmmT3KUNSjxqudhqcF9UoeAToM/aa289jvKyZYXF5VKFkGfdWfTtzvPIM97Z3dcAVt29J/W30cVbg3ZfyQI1xNR6V8olnmt8vknxuIM+/zOQSQPgDMASwARFnILePpQGrFyH7eoHLf9Qqv/zrp1VDmLwpF47241w8lBFG0IgNyRdMSWyQ7DtS3kVKLdGjKpEjY6llvuC8PHdVxjIxMU31iPMDiP4yaJkpW2cdhUd4le3t08dGHAWwQJUq2ngLu+1ITCXDNdHdlIp2uMQQ4JESmZuzO8/yxGjlAqxAWGxu8UOipg2WwOI/T5xiYx67hJjzW9UaTnSXzLkrVHObsQGVtq7TwYpQytyx1Gk3mljNmOlCaVZcvF7BtDGv19yN0LJEBpXawgmH04Vev/4RpscS/7zxOG7fgEOfB315frMhtfqcGH7qQ9iWzxNcLUGFGWupR56OIjkPlFRYy7pWgSibRGz+dhOBZNgVYsCw6MaMpfLnA2tUZjuLsR41U3AaZyXNwvFBMO0UfL4EyjMIwIrP4DlY/oonlNx3B2k5XAtALg9fggwDMFCDKP/oElDB2rbXePBCi7AbZHSgCWbuG4+HuvYmhCoJ9KYva2sNRKOFTuwFCjVwpngcEdBiYgKCw6mfh1tWeWdLkq/I1zODiFqkLEzACkkjqlPlqvz6LPyL1lQogJne6fUk/416SecGyWQryATNRlQtHz5+v17So8svEjRYBCfNS3qQrLp2gFN3PFCtkGHooVZq3HBZiMiaPE3q2QeJA2xX8gm8OFCH5CxfhkyMDtBbovegFlw7/SCiHqlfuPA6CcYHJPbI7EY+aEYgURPKgcPHUjtwCH/CpkSCyVrBQ+EvHOPJeE7bi4dfDJxeoMWiUK8HxIzd/a4Hd+DHXli5fLcQD+JwhWbzjEKPBJQK/WOmu/3aoRqdEGMC50u7Ve+YmELj24b8NkgSeERyswgr7m4GEOJiIEVpy1EZwM8uSq7NWc2uJm+CMlx5tnFsRSPFNvgV4jo0ee/9ugVqdiDKOlnOqmYQfe6WcSxfYq7T5miIvyH9BeaWOWdv1Or2WQ3/xHvFliyt+cOE5CGyxsFl4zA7uhoXMq3TO+xFjQkObCa3RFBzS0lH+N0wezT4Vg5FG4dMIqPdsH9Z3ZOzLThkwlbF0irL+CMjDdtDsCfrJfGia3eYH+NL9h80BYeJ5sDlAW5wY7h2UL7sY152Qo+/zUxeTGARkohOKOhc2j/OVlOoBE9vdQ+EEe9Pk5VetlyfPLh3SAL74SZAWuVblcPG+R/tjficKuXsuM0b+B7w7yV2FESjaQRnUhmN6gflnBG1mU0Bc+7bF6bmd5weuVxPa9g6JwNYxkXLIGaoAFizmME+sN7QgR5WoJPU4WdNodKwHerxcDL3KSGADL91yHI9JW14LeFJHJRM6RILRXR9L5TpSKWhSUhSvx+O3/SoyZ6QwM86AB5pxYemW63VGoNo3s5pQ4uUbtcKSthn1Qm0C5FMdGqGLIBT4EKLaIocR6jDp2jbYY3AqXp1t/mTUHaWu8tF3TWU1EIn4IPYlOwOlRb0Zh5qSKVAXUHxWJU1WRYVaQYBlWjV5hhTw+HLjGOWwVkSSm1C/8LNS0F/m8yYLPBNcr7Ggle0AyQAXZaCJda3sDfnrsa9jnEB8jMGgBugGFT5YfMrejIcNzmN3CCjXhUKKlhYNXJkfSOMfKQSUBPIczzRl/kMUsyM3QClQrXKTMVlbRfYgfuIfZo0j+54N4hKIG24JWlPgtX0bhTEmbvP/I+s05j1klyCqxGyOZ+n4hXD6iiy07uv1Q5QYAUY4zZ2qElDFXPiapSO69Ns1cyJTDQSCWpxDyZ5uhptI/iwZcKIrZlxc6CgU3NgfK32N+ZJVyujt7egF2jr5JBWbqGlEePBqTocclDMQGcM+WN2SGGH04+tnMMQD3uXUsHmA1l/6HsGjN+NZdZO8jswV9OHFdU3/0AlwmejKQstPsYyXq1aslQ2IBQRYsMJPr+9u8pt8cohllhu2HWbHxljIRhOwxDLI1KiOQIBO0xcPQkuNyUVPL/F8JqaAk/I4DLJNuMkYlR17BzFT8uhs4qPI8MGZIqCXgVxCutAWEjXM22nNM7B6QD7OIBPGfT4Cn7oWofatuvv3ZQD1Z6W88DYU8DGxgZTGieLA0ijBwvflaY758mm0y7nPtGQVmY43dARdflWIO6bANGBNqtpw+zcLTqoj7eEi+/YVSnIWi+Ph5lUH9L5B7anxLigReH4ktJo6VJG1weNi760J/bYHx+82IisVsPqtkSnX9+n2qAgqN6ffSPLZcyMg4f7XFcgorf7k02nnk9zM+VSojhnz4yFyzbSbG7f7nZ8qI9rcUe5ktB2/W07NCaoxSuQUQEiK28g05H9OH1F/OEjfbru30wt5JJf9TjlpDnueqQUB2cO6jKV69WbNHsKJaBM06MActKrjClVcWM7dKpsGqD5UfhqLfA14Z/2Xo1ozsYLNeY7CcY02n4RkoJcF+1iBcd99NTKR/LXIIMi3JsLxF0YPoByI75GDacykJPaG5EyiWC0KPc9ZyZevKUhoV76CkgFfk7iMAAAAA";

let poly: Uint32Array | null = null;
function polyCoef(): Uint32Array {
  if (poly) return poly;
  const bin = atob(POLY_B64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const dv = new DataView(bytes.buffer);
  poly = new Uint32Array(MT_N);
  for (let i = 0; i < MT_N; i++) poly[i] = dv.getUint32(4 * i, true);
  return poly;
}

const coef = (pf: Uint32Array, deg: number): number => (pf[deg >>> 5]! >>> (deg & 31)) & 1;

/** One step of the twister on a (key, pos) pair (`gen_next`); returns the new pos. */
function genNext(key: Uint32Array, pos: number): number {
  let y: number;
  if (pos < MT_N - MT_M) {
    y = (key[pos]! & 0x80000000) | (key[pos + 1]! & 0x7fffffff);
    key[pos] = key[pos + MT_M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    return pos + 1;
  }
  if (pos < MT_N - 1) {
    y = (key[pos]! & 0x80000000) | (key[pos + 1]! & 0x7fffffff);
    key[pos] = key[pos + (MT_M - MT_N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    return pos + 1;
  }
  y = (key[MT_N - 1]! & 0x80000000) | (key[0]! & 0x7fffffff);
  key[MT_N - 1] = key[MT_M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  return 0;
}

/** `add_state`: XORs state 2 into state 1, each read from its own position. */
function addState(k1: Uint32Array, p1: number, k2: Uint32Array, p2: number): void {
  // Three straight runs between the two wrap-around points.
  const a = MT_N - Math.max(p1, p2), b = MT_N - Math.min(p1, p2);
  let i = 0;
  for (; i < a; i++) k1[i + p1] ^= k2[i + p2]!;
  if (p1 <= p2) {
    for (; i < b; i++) k1[i + p1] ^= k2[i + p2 - MT_N]!;
  } else {
    for (; i < b; i++) k1[i + p1 - MT_N] ^= k2[i + p2]!;
  }
  for (; i < MT_N; i++) k1[i + p1 - MT_N] ^= k2[i + p2 - MT_N]!;
}

/** Jumps `mt` ahead by 2^128 draws in place (NumPy's `mt19937_jump_state`, `horner1`). */
export function mt19937Jump(mt: MT19937Core): void {
  const pf = polyCoef();
  const key = mt.key;
  if (mt.pos >= MT_N) mt.pos = 0;
  const pos = mt.pos;
  let i = MEXP - 1;
  while (i >= 0 && coef(pf, i) === 0) i--;
  if (i < 0) return;
  const temp = key.slice();
  let tpos = pos;
  if (i > 0) {
    tpos = genNext(temp, tpos);
    i--;
    for (; i > 0; i--) {
      if (coef(pf, i) !== 0) addState(temp, tpos, key, pos);
      tpos = genNext(temp, tpos);
    }
    if (coef(pf, 0) !== 0) addState(temp, tpos, key, pos);
  }
  key.set(temp);
  mt.pos = tpos;
}
