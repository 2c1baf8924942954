// Sweeps of plane rotations over the rows of a matrix: the eigenvector and singular
// vector updates of the QL and QR iterations (symmetric.ts, bidiagonal.ts), which are
// most of their time. A sweep is applied in one pass per block of eight columns, the
// rotated row carried in registers; with WebAssembly SIMD the block is four f64x2
// registers (about three times the JavaScript loop's speed, same results bit for bit:
// no fused multiply-add). That needs the rows in the module's memory: kernels take the
// arrays they rotate from `rotationArrays`.

const u32 = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const i32 = (n: number): number[] => {
  const out: number[] = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; } out.push(b | 0x80); }
};
const section = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
const vec = (items: number[][]) => [...u32(items.length), ...items.flat()];
const str = (s: string) => [...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const I32 = 0x7f, V128 = 0x7b;
const get = (l: number) => [0x20, ...u32(l)], set = (l: number) => [0x21, ...u32(l)], tee = (l: number) => [0x22, ...u32(l)];
const simd = (code: number, ...imm: number[]) => [0xfd, ...u32(code), ...imm];
const op = {
  i32const: (n: number) => [0x41, ...i32(n)], add: [0x6a], sub: [0x6b], mul: [0x6c], ltu: [0x49], eqz: [0x45],
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b], brIf: (d: number) => [0x0d, ...u32(d)],
  load: (off: number) => simd(0x00, 4, ...u32(off)), store: (off: number) => simd(0x0b, 4, ...u32(off)),
  splat: (off: number) => simd(0x0a, 3, ...u32(off)), // v128.load64_splat
  fadd: simd(0xf0), fsub: simd(0xf1), fmul: simd(0xf2),
};

/**
 * chain(zBase, stride, steps, cBase, sBase, blocks): `rotateChain` over `blocks` blocks of
 * eight columns; byte offsets: zBase the running row's first element, stride (signed)
 * from a row to the next, cBase/sBase the coefficients.
 */
function assemble(pages: number): Uint8Array {
  const [zBase, stride, steps, cBase, sBase, blocks] = [0, 1, 2, 3, 4, 5];
  const [b, o, q, t, cp] = [6, 7, 8, 9, 10];
  const y = (i: number) => 11 + i, C = 15, S = 16, X = 17;
  // next x; row o ← c·y + s·x; y ← c·x - s·y (two columns per register)
  const step = (i: number) => [
    ...get(q), ...op.load(16 * i), ...set(X),
    ...get(o), ...get(C), ...get(y(i)), ...op.fmul, ...get(S), ...get(X), ...op.fmul, ...op.fadd, ...op.store(16 * i),
    ...get(C), ...get(X), ...op.fmul, ...get(S), ...get(y(i)), ...op.fmul, ...op.fsub, ...set(y(i)),
  ];
  const code = [
    ...op.i32const(0), ...set(b),
    ...op.block,
    ...get(blocks), ...op.eqz, ...op.brIf(0),
    ...op.loop, // blocks
    ...get(zBase), ...get(b), ...op.i32const(64), ...op.mul, ...op.add, ...set(o),
    ...[0, 1, 2, 3].flatMap((i) => [...get(o), ...op.load(16 * i), ...set(y(i))]),
    ...get(cBase), ...set(cp), ...op.i32const(0), ...set(t),
    ...op.loop, // steps
    ...get(o), ...get(stride), ...op.add, ...set(q),
    ...get(cp), ...op.splat(0), ...set(C),
    ...get(cp), ...get(sBase), ...op.add, ...get(cBase), ...op.sub, ...op.splat(0), ...set(S),
    ...step(0), ...step(1), ...step(2), ...step(3),
    ...get(q), ...set(o),
    ...get(cp), ...op.i32const(8), ...op.add, ...set(cp),
    ...get(t), ...op.i32const(1), ...op.add, ...tee(t), ...get(steps), ...op.ltu, ...op.brIf(0),
    ...op.end,
    ...[0, 1, 2, 3].flatMap((i) => [...get(o), ...get(y(i)), ...op.store(16 * i)]),
    ...get(b), ...op.i32const(1), ...op.add, ...tee(b), ...get(blocks), ...op.ltu, ...op.brIf(0),
    ...op.end, // blocks
    ...op.end, // block
    ...op.end, // function
  ];
  const body = [...vec([[5, I32], [7, V128]]), ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), ...vec([])]])), // (i32 × 6) -> ()
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...u32(pages)]])),
    ...section(7, vec([[...str("mem"), 0x02, 0], [...str("chain"), 0x00, 0]])),
    ...section(10, vec([[...u32(body.length), ...body]])),
  ]);
}

interface Module { memory: WebAssembly.Memory; chain: (zBase: number, stride: number, steps: number, cBase: number, sBase: number, blocks: number) => void }

/** The instantiated module (null: no WebAssembly SIMD here), created on first use. */
let wasm: Module | null | undefined;

function module(): Module | null {
  if (wasm !== undefined) return wasm;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(assemble(1) as unknown as BufferSource), {});
    const ex = inst.exports as unknown as { mem: WebAssembly.Memory; chain: Module["chain"] };
    wasm = { memory: ex.mem, chain: ex.chain };
  } catch {
    wasm = null;
  }
  return wasm;
}

/** Whether sweeps run in WebAssembly (tests turn it off to check the JavaScript path). */
export const rotationOptions = { wasm: true };

/**
 * Zeroed arrays of the given lengths for one kernel call to rotate: views of the module's
 * memory when the WebAssembly sweep is available (valid until the next call of this
 * function, which reuses the memory, or lets it go after a much bigger problem), else
 * plain arrays.
 */
export function rotationArrays(lengths: readonly number[]): Float64Array[] {
  const total = lengths.reduce((a, b) => a + b, 0) * 8;
  // memory cannot shrink: a much smaller problem after a big one starts a fresh module
  if (wasm && wasm.memory.buffer.byteLength > Math.max(64 << 20, 4 * total)) wasm = undefined;
  const m = rotationOptions.wasm ? module() : null;
  if (!m) return lengths.map((n) => new Float64Array(n));
  const have = m.memory.buffer.byteLength;
  if (total > have) m.memory.grow(Math.ceil((total - have) / 65536));
  let at = 0;
  return lengths.map((n) => {
    const v = new Float64Array(m.memory.buffer, at, n);
    v.fill(0);
    at += n * 8;
    return v;
  });
}

/**
 * A sweep of rotations of consecutive rows of z (rows of `len`): the running row starts
 * as row `from`; step t (t < steps) rotates it with the next row r = from + (t+1)·dir,
 * leaving c_t·run + s_t·z_r in the running row's place and carrying c_t·z_r - s_t·run on
 * as row r. (A QL or QR sweep chasing one bulge is the sequence rot(r - dir, r) for
 * successive r.)
 */
export function rotateChain(z: Float64Array, len: number, from: number, dir: 1 | -1, steps: number, c: Float64Array, s: Float64Array): void {
  if (steps <= 0) return;
  const stride = dir * len, end = from * len + steps * stride;
  let k = 0;
  const m = wasm;
  if (m && z.buffer === m.memory.buffer && c.buffer === z.buffer && s.buffer === z.buffer && len >= 8) {
    const blocks = len >> 3;
    m.chain(z.byteOffset + from * len * 8, stride * 8, steps, c.byteOffset, s.byteOffset, blocks);
    k = blocks * 8;
  }
  // eight columns at a time: the carried values stay in registers
  for (; k + 8 <= len; k += 8) {
    let o = from * len + k;
    let y0 = z[o], y1 = z[o + 1], y2 = z[o + 2], y3 = z[o + 3], y4 = z[o + 4], y5 = z[o + 5], y6 = z[o + 6], y7 = z[o + 7];
    for (let t = 0; t < steps; t++, o += stride) {
      const ct = c[t], st = s[t], q = o + stride;
      let x = z[q]; z[o] = ct * y0 + st * x; y0 = ct * x - st * y0;
      x = z[q + 1]; z[o + 1] = ct * y1 + st * x; y1 = ct * x - st * y1;
      x = z[q + 2]; z[o + 2] = ct * y2 + st * x; y2 = ct * x - st * y2;
      x = z[q + 3]; z[o + 3] = ct * y3 + st * x; y3 = ct * x - st * y3;
      x = z[q + 4]; z[o + 4] = ct * y4 + st * x; y4 = ct * x - st * y4;
      x = z[q + 5]; z[o + 5] = ct * y5 + st * x; y5 = ct * x - st * y5;
      x = z[q + 6]; z[o + 6] = ct * y6 + st * x; y6 = ct * x - st * y6;
      x = z[q + 7]; z[o + 7] = ct * y7 + st * x; y7 = ct * x - st * y7;
    }
    o = end + k;
    z[o] = y0; z[o + 1] = y1; z[o + 2] = y2; z[o + 3] = y3; z[o + 4] = y4; z[o + 5] = y5; z[o + 6] = y6; z[o + 7] = y7;
  }
  for (; k < len; k++) {
    let o = from * len + k, y = z[o];
    for (let t = 0; t < steps; t++, o += stride) {
      const x = z[o + stride];
      z[o] = c[t] * y + s[t] * x;
      y = c[t] * x - s[t] * y;
    }
    z[end + k] = y;
  }
}
