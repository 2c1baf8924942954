// A small WebAssembly encoder: the binary format's integers, vectors and sections, the
// opcodes our kernels use, and a module of functions over one exported memory. The GEMM
// micro-kernel (runtime/gemm-wasm.ts), the decompositions' loops (src/linalg/simd.ts) and
// the PCG64 and MT19937 draws (runtime/random/pcg64-wasm.ts, mt19937-wasm.ts) are assembled with it.

/** Unsigned and signed LEB128. */
export const u32 = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
export const i32 = (n: number): number[] => {
  const out: number[] = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; } out.push(b | 0x80); }
};
/** Signed LEB128 of a 64-bit integer (i64.const's immediate; `n` is taken mod 2^64). */
export const i64 = (n: bigint): number[] => {
  const out: number[] = [];
  n = BigInt.asIntN(64, n);
  for (;;) { const b = Number(n & 0x7fn); n >>= 7n; if ((n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40)) { out.push(b); return out; } out.push(b | 0x80); }
};
/** A float64's 8 little-endian bytes (f64.const's immediate). */
const f64 = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
export const section = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
export const vec = (items: number[][]) => [...u32(items.length), ...items.flat()];
export const str = (s: string) => [...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** Value types. */
export const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c, V128 = 0x7b;

export const get = (l: number) => [0x20, ...u32(l)], set = (l: number) => [0x21, ...u32(l)], tee = (l: number) => [0x22, ...u32(l)];
/** A SIMD instruction (0xfd prefix) with its immediates. */
export const simd = (code: number, ...imm: number[]) => [0xfd, ...u32(code), ...imm];

export const op = {
  i32const: (n: number) => [0x41, ...i32(n)], select: [0x1b], add: [0x6a], sub: [0x6b], mul: [0x6c], ltu: [0x49], ne: [0x47], eqz: [0x45], and: [0x71], f64add: [0xa0],
  block: [0x02, 0x40], loop: [0x03, 0x40], if_: [0x04, 0x40], else_: [0x05], end: [0x0b], br: (d: number) => [0x0c, ...u32(d)], brIf: (d: number) => [0x0d, ...u32(d)],
  i32load: (off: number) => [0x28, 2, ...u32(off)], or: [0x72], xor: [0x73], shl: [0x74], shrU: [0x76], eq: [0x46], call: (f: number) => [0x10, ...u32(f)],
  f64load: (off: number) => [0x2b, 3, ...u32(off)],
  i32store: (off: number) => [0x36, 2, ...u32(off)], i64load: (off: number) => [0x29, 3, ...u32(off)], i64store: (off: number) => [0x37, 3, ...u32(off)],
  f64store: (off: number) => [0x39, 3, ...u32(off)],
  // i64 (memory offsets stay i32)
  i64const: (n: bigint) => [0x42, ...i64(n)], i64add: [0x7c], i64mul: [0x7e], i64and: [0x83], i64or: [0x84], i64xor: [0x85],
  i64shl: [0x86], i64shrU: [0x88], i64rotr: [0x8a], i64ltu: [0x54], i64extendI32U: [0xad], i32wrapI64: [0xa7],
  // f64 from i64: convert_i64_s is exact (and cheaper than _u) for values below 2^53
  f64const: (x: number) => [0x44, ...f64(x)], f64mul: [0xa2], f64convertI64S: [0xb9], f64convertI64U: [0xba],
  // v128
  load: (off: number) => simd(0x00, 4, ...u32(off)), store: (off: number) => simd(0x0b, 4, ...u32(off)), zero: simd(0x0c, ...new Array(16).fill(0)),
  load64splat: (off: number) => simd(0x0a, 3, ...u32(off)), load32splat: (off: number) => simd(0x09, 2, ...u32(off)),
  // i32x4 and bitwise v128
  shuffle: (...lanes: number[]) => simd(0x0d, ...lanes), i32x4splat: simd(0x11), i32x4shl: simd(0xab), i32x4shrS: simd(0xac), i32x4shrU: simd(0xad), vand: simd(0x4e), vor: simd(0x50), vxor: simd(0x51),
  // f64x2
  splat: simd(0x14), lane: (i: number) => simd(0x21, i), fadd: simd(0xf0), fsub: simd(0xf1), fmul: simd(0xf2), convertLowU: simd(0xff),
  // f32x4
  f32add: simd(0xe4), f32mul: simd(0xe6),
};

/** A function's signature: params, results (value types). */
export const fn = (params: number[], results: number[]) => [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];

/**
 * A module of functions (each: its signature, a name to export, its body with locals)
 * over one memory of `pages` 64 KiB pages, exported as "mem".
 */
export function assembleModule(pages: number, funcs: readonly { sig: number[]; name: string; body: number[] }[]): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(funcs.map((f) => f.sig))),
    ...section(3, vec(funcs.map((_, i) => u32(i)))),
    ...section(5, vec([[0x00, ...u32(pages)]])),
    ...section(7, vec([[...str("mem"), 0x02, 0], ...funcs.map((f, i) => [...str(f.name), 0x00, ...u32(i)])])),
    ...section(10, vec(funcs.map((f) => [...u32(f.body.length), ...f.body]))),
  ]);
}
