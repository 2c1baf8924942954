// The GEMM micro-kernel in WebAssembly SIMD (f64x2), assembled here byte by byte: for
// each pair of packed panels (4 rows of X, 4 columns of Y, both k-major) it keeps the
// 4x4 tile of C in eight f64x2 registers over the k block, then stores (or adds) it into
// a C block in the module's memory. V8 runs it at about twice the JavaScript kernel's
// speed (measured in bench/). Where WebAssembly SIMD is missing, runtime/gemm.ts keeps
// its JavaScript micro-kernel.

/** Byte offsets of the packed panels and the C block in the module's memory. */
export interface WasmGemm {
  readonly memory: WebAssembly.Memory;
  /** block(aOff, bOff, cOff, mPanels, nPanels, kc, ldc, first): all the 4x4 tiles of one block. */
  readonly block: (aOff: number, bOff: number, cOff: number, mPanels: number, nPanels: number, kc: number, ldc: number, first: number) => void;
}

const u32 = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const i32 = (n: number): number[] => {
  const out: number[] = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; } out.push(b | 0x80); }
};
const section = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
const vec = (items: number[][]) => [...u32(items.length), ...items.flat()];
const str = (s: string) => [...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// opcodes
const I32 = 0x7f, V128 = 0x7b;
const GET = 0x20, SET = 0x21, TEE = 0x22;
const op = {
  i32const: (n: number) => [0x41, ...i32(n)], add: [0x6a], sub: [0x6b], mul: [0x6c], ltu: [0x49], ne: [0x47],
  block: [0x02, 0x40], loop: [0x03, 0x40], if_: [0x04, 0x40], else_: [0x05], end: [0x0b], br: (d: number) => [0x0c, ...u32(d)], brIf: (d: number) => [0x0d, ...u32(d)],
  f64load: (off: number) => [0x2b, 3, ...u32(off)],
  v128load: (off: number) => [0xfd, ...u32(0x00), 4, ...u32(off)],
  v128store: (off: number) => [0xfd, ...u32(0x0b), 4, ...u32(off)],
  v128zero: [0xfd, ...u32(0x0c), ...new Array(16).fill(0)],
  f64x2splat: [0xfd, ...u32(0x14)], v128load64splat: (off: number) => [0xfd, ...u32(0x0a), 3, ...u32(off)], f64x2add: [0xfd, ...u32(0xf0)], f64x2mul: [0xfd, ...u32(0xf2)],
};
const get = (l: number) => [GET, ...u32(l)], set = (l: number) => [SET, ...u32(l)], tee = (l: number) => [TEE, ...u32(l)];

/** The module's bytes. */
function assemble(pages: number): Uint8Array {
  // params: 0 aOff, 1 bOff, 2 cOff, 3 mPanels, 4 nPanels, 5 kc, 6 ldc, 7 first
  // i32 locals: 8 ip, 9 jp, 10 ap, 11 bp, 12 kk, 13 c, 14 panelBytes, 15 rowBytes
  // v128 locals: 16..23 acc (row i: 16 + 2i, 17 + 2i), 24 b01, 25 b23, 26 a
  const [aOff, bOff, cOff, mP, nP, kc, ldc, first] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [ip, jp, ap, bp, kk, c, panelBytes, rowBytes] = [8, 9, 10, 11, 12, 13, 14, 15];
  const acc = (i: number, h: number) => 16 + 2 * i + h, B01 = 24, B23 = 25, A = 26;
  /** One k: the 4x4 tile += (4 values of X) x (4 values of Y) at byte offset `o` of the panels. */
  const kStep = (o: number) => [
    ...get(bp), ...op.v128load(o), ...set(B01),
    ...get(bp), ...op.v128load(o + 16), ...set(B23),
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(ap), ...op.v128load64splat(o + 8 * i), ...set(A),
      ...get(acc(i, 0)), ...get(A), ...get(B01), ...op.f64x2mul, ...op.f64x2add, ...set(acc(i, 0)),
      ...get(acc(i, 1)), ...get(A), ...get(B23), ...op.f64x2mul, ...op.f64x2add, ...set(acc(i, 1)),
    ]),
  ];
  const code: number[] = [
    ...get(kc), ...op.i32const(32), ...op.mul, ...set(panelBytes), // 4 values x 8 bytes per k
    ...get(ldc), ...op.i32const(8), ...op.mul, ...set(rowBytes),
    ...op.i32const(0), ...set(ip),
    ...op.loop, // ip
    ...op.i32const(0), ...set(jp),
    ...op.loop, // jp
    ...get(aOff), ...get(ip), ...get(panelBytes), ...op.mul, ...op.add, ...set(ap),
    ...get(bOff), ...get(jp), ...get(panelBytes), ...op.mul, ...op.add, ...set(bp),
    ...[0, 1, 2, 3].flatMap((i) => [...op.v128zero, ...set(acc(i, 0)), ...op.v128zero, ...set(acc(i, 1))]),
    ...get(kc), ...set(kk),
    ...op.loop, // k (unrolling it twice measured slower: V8 then spills the tile)
    ...kStep(0),
    ...get(ap), ...op.i32const(32), ...op.add, ...set(ap),
    ...get(bp), ...op.i32const(32), ...op.add, ...set(bp),
    ...get(kk), ...op.i32const(1), ...op.sub, ...tee(kk), ...op.brIf(0),
    ...op.end, // k
    // c = cOff + ip * 4 * rowBytes + jp * 32
    ...get(cOff), ...get(ip), ...op.i32const(4), ...op.mul, ...get(rowBytes), ...op.mul, ...op.add, ...get(jp), ...op.i32const(32), ...op.mul, ...op.add, ...set(c),
    ...get(first), ...op.if_,
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(c), ...get(acc(i, 0)), ...op.v128store(0), ...get(c), ...get(acc(i, 1)), ...op.v128store(16),
      ...get(c), ...get(rowBytes), ...op.add, ...set(c),
    ]),
    ...op.else_,
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(c), ...get(c), ...op.v128load(0), ...get(acc(i, 0)), ...op.f64x2add, ...op.v128store(0),
      ...get(c), ...get(c), ...op.v128load(16), ...get(acc(i, 1)), ...op.f64x2add, ...op.v128store(16),
      ...get(c), ...get(rowBytes), ...op.add, ...set(c),
    ]),
    ...op.end, // if
    ...get(jp), ...op.i32const(1), ...op.add, ...tee(jp), ...get(nP), ...op.ltu, ...op.brIf(0),
    ...op.end, // jp
    ...get(ip), ...op.i32const(1), ...op.add, ...tee(ip), ...get(mP), ...op.ltu, ...op.brIf(0),
    ...op.end, // ip
    ...op.end, // function
  ];
  const locals = vec([[8, I32], [11, V128]]);
  const body = [...locals, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array(8).fill([I32])), ...vec([])]])), // type: (i32 x 8) -> ()
    ...section(3, vec([[0]])), // one function of type 0
    ...section(5, vec([[0x00, ...u32(pages)]])), // memory, min `pages`
    ...section(7, vec([[...str("mem"), 0x02, 0], [...str("block"), 0x00, 0]])), // exports
    ...section(10, vec([[...u32(body.length), ...body]])),
  ]);
}

let cached: WasmGemm | null | undefined;

/** The kernel, instantiated once per thread (null where WebAssembly SIMD is unavailable). */
export function wasmGemm(bytes: number): WasmGemm | null {
  if (cached !== undefined && (cached === null || cached.memory.buffer.byteLength >= bytes)) return cached;
  try {
    const pages = Math.ceil(bytes / 65536);
    const mod = new WebAssembly.Module(assemble(pages) as unknown as BufferSource);
    const inst = new WebAssembly.Instance(mod, {});
    const ex = inst.exports as unknown as { mem: WebAssembly.Memory; block: WasmGemm["block"] };
    cached = { memory: ex.mem, block: ex.block };
  } catch {
    cached = null;
  }
  return cached;
}
