// The GEMM micro-kernel in WebAssembly SIMD, assembled here byte by byte: for each pair
// of packed panels (4 rows of X; 4 columns of Y for float64, 8 for float32; both k-major)
// it keeps the tile of C in eight v128 registers (f64x2 or f32x4) over the k block, then
// stores (or adds) it into a C block in the module's memory. float32 accumulates in
// float32, as BLAS's sgemm does. V8 runs it at about twice the JavaScript kernel's
// speed (measured in bench/). Where WebAssembly SIMD is missing, runtime/gemm.ts keeps
// its JavaScript micro-kernel.

/** Byte offsets of the packed panels and the C block in the module's memory. */
export interface WasmGemm {
  readonly memory: WebAssembly.Memory;
  /** block(aOff, bOff, cOff, mPanels, nPanels, kc, ldc, first): all the 4x4 tiles of one block. */
  readonly block: (aOff: number, bOff: number, cOff: number, mPanels: number, nPanels: number, kc: number, ldc: number, first: number) => void;
}

import { I32, V128, assembleModule, fn, get, op, set, tee, vec } from "./wasm.js";

/** The module's bytes: the f64x2 kernel (4x4 tiles of float64) or the f32x4 one (4x8 tiles of float32). */
function assemble(pages: number, f32: boolean): Uint8Array {
  const es = f32 ? 4 : 8; // element bytes; a row of a tile is 32 bytes (two v128) either way
  const splat = f32 ? op.load32splat : op.load64splat;
  const vadd = f32 ? op.f32add : op.fadd, vmul = f32 ? op.f32mul : op.fmul;
  // params: 0 aOff, 1 bOff, 2 cOff, 3 mPanels, 4 nPanels, 5 kc, 6 ldc, 7 first
  const [aOff, bOff, cOff, mP, nP, kc, ldc, first] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [ip, jp, ap, bp, kk, c, aPanel, bPanel, rowBytes] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  const acc = (i: number, h: number) => 17 + 2 * i + h, B01 = 25, B23 = 26, A = 27;
  /** One k: the tile += (4 values of X, splat) x (one row of Y's panel) at byte offsets oa, ob. */
  const kStep = (oa: number, ob: number) => [
    ...get(bp), ...op.load(ob), ...set(B01),
    ...get(bp), ...op.load(ob + 16), ...set(B23),
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(ap), ...splat(oa + es * i), ...set(A),
      ...get(acc(i, 0)), ...get(A), ...get(B01), ...vmul, ...vadd, ...set(acc(i, 0)),
      ...get(acc(i, 1)), ...get(A), ...get(B23), ...vmul, ...vadd, ...set(acc(i, 1)),
    ]),
  ];
  const code: number[] = [
    ...get(kc), ...op.i32const(4 * es), ...op.mul, ...set(aPanel), // 4 rows of X per k
    ...get(kc), ...op.i32const(32), ...op.mul, ...set(bPanel), // 32 bytes of Y per k
    ...get(ldc), ...op.i32const(es), ...op.mul, ...set(rowBytes),
    ...op.i32const(0), ...set(ip),
    ...op.loop, // ip
    ...op.i32const(0), ...set(jp),
    ...op.loop, // jp
    ...get(aOff), ...get(ip), ...get(aPanel), ...op.mul, ...op.add, ...set(ap),
    ...get(bOff), ...get(jp), ...get(bPanel), ...op.mul, ...op.add, ...set(bp),
    ...[0, 1, 2, 3].flatMap((i) => [...op.zero, ...set(acc(i, 0)), ...op.zero, ...set(acc(i, 1))]),
    ...get(kc), ...set(kk),
    ...op.loop, // k (unrolling it twice measured slower: V8 then spills the tile)
    ...kStep(0, 0),
    ...get(ap), ...op.i32const(4 * es), ...op.add, ...set(ap),
    ...get(bp), ...op.i32const(32), ...op.add, ...set(bp),
    ...get(kk), ...op.i32const(1), ...op.sub, ...tee(kk), ...op.brIf(0),
    ...op.end, // k
    // c = cOff + ip * 4 * rowBytes + jp * 32
    ...get(cOff), ...get(ip), ...op.i32const(4), ...op.mul, ...get(rowBytes), ...op.mul, ...op.add, ...get(jp), ...op.i32const(32), ...op.mul, ...op.add, ...set(c),
    ...get(first), ...op.if_,
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(c), ...get(acc(i, 0)), ...op.store(0), ...get(c), ...get(acc(i, 1)), ...op.store(16),
      ...get(c), ...get(rowBytes), ...op.add, ...set(c),
    ]),
    ...op.else_,
    ...[0, 1, 2, 3].flatMap((i) => [
      ...get(c), ...get(c), ...op.load(0), ...get(acc(i, 0)), ...vadd, ...op.store(0),
      ...get(c), ...get(c), ...op.load(16), ...get(acc(i, 1)), ...vadd, ...op.store(16),
      ...get(c), ...get(rowBytes), ...op.add, ...set(c),
    ]),
    ...op.end, // if
    ...get(jp), ...op.i32const(1), ...op.add, ...tee(jp), ...get(nP), ...op.ltu, ...op.brIf(0),
    ...op.end, // jp
    ...get(ip), ...op.i32const(1), ...op.add, ...tee(ip), ...get(mP), ...op.ltu, ...op.brIf(0),
    ...op.end, // ip
    ...op.end, // function
  ];
  const locals = vec([[9, I32], [11, V128]]);
  return assembleModule(pages, [{ sig: fn(new Array(8).fill(I32), []), name: "block", body: [...locals, ...code] }]);
}

const cached: Record<"f64" | "f32", WasmGemm | null | undefined> = { f64: undefined, f32: undefined };

/** The kernel for float64 (4x4 tiles) or float32 (4x8 tiles), instantiated once per thread (null without WebAssembly SIMD). */
export function wasmGemm(bytes: number, f32 = false): WasmGemm | null {
  const kind = f32 ? "f32" : "f64", hit = cached[kind];
  if (hit !== undefined && (hit === null || hit.memory.buffer.byteLength >= bytes)) return hit;
  try {
    const pages = Math.ceil(bytes / 65536);
    const mod = new WebAssembly.Module(assemble(pages, f32) as unknown as BufferSource);
    const inst = new WebAssembly.Instance(mod, {});
    const ex = inst.exports as unknown as { mem: WebAssembly.Memory; block: WasmGemm["block"] };
    cached[kind] = { memory: ex.mem, block: ex.block };
  } catch {
    cached[kind] = null;
  }
  return cached[kind]!;
}
