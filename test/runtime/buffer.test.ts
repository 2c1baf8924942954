// Buffers: slabs for small arrays, shared memory, exposure, and the interpreter/executor
// agreeing on what they allocate.

import { describe, expect, it } from "vitest";
import { allocStorage, exposeStorage, isShared, SHARED, wrapElements } from "../../runtime/buffer";
import { STORAGE, type DTypeId } from "../../runtime/dtypes";

// the storages kept in typed arrays (str and void hold no typed array)
const DTYPES = (Object.keys(STORAGE) as DTypeId[]).filter((d) => STORAGE[d].ctor !== null);

describe("storage", () => {
  it("small buffers carved from one slab never overlap, and keep every dtype aligned", () => {
    const all = Array.from({ length: 400 }, (_, i) => allocStorage(DTYPES[i % DTYPES.length], 1 + (i * 7) % 50));
    const spans = all.map((s) => {
      const t = s.data as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; BYTES_PER_ELEMENT: number };
      expect(t.byteOffset % t.BYTES_PER_ELEMENT).toBe(0);
      return { buf: t.buffer, lo: t.byteOffset, hi: t.byteOffset + t.byteLength };
    });
    for (let i = 0; i < spans.length; i++)
      for (let j = i + 1; j < spans.length; j++)
        if (spans[i].buf === spans[j].buf) expect(spans[i].hi <= spans[j].lo || spans[j].hi <= spans[i].lo).toBe(true);
    // writes into one never show in another
    all.forEach((s, k) => (s.data as unknown as { fill(v: unknown): void }).fill(typeof s.data[0] === "bigint" ? BigInt(k % 100) : k % 100));
    all.forEach((s, k) => expect(Number(s.data[s.data.length - 1])).toBe(k % 100));
  });

  it("zeroed allocation is zero even when memory is recycled", () => {
    for (const d of DTYPES) {
      const s = allocStorage(d, 100_000, true);
      for (let i = 0; i < s.data.length; i += 997) expect(Number(s.data[i])).toBe(0);
    }
  });

  it("memory is shared (workers can see it) where the platform allows, user memory is marked exposed", () => {
    const s = allocStorage("float64", 200_000);
    expect(isShared(s.data)).toBe(SHARED);
    const user = wrapElements("float64", new Float64Array(10));
    expect(user.exposed).toBe(true);
    expect(isShared(user.data)).toBe(false);
    exposeStorage(s);
    expect(s.exposed).toBe(true);
  });

  it("elementsAs gives views of the same bytes (real parts of complex, reinterpretation)", () => {
    const c = allocStorage("complex128", 4);
    const re = c.elementsAs("float64") as Float64Array;
    re[2] = 5; re[3] = -1;
    expect(Array.from(c.data as Float64Array).slice(2, 4)).toEqual([5, -1]);
    const asInt = c.elementsAs("int64") as BigInt64Array;
    expect(asInt.length).toBe(8);
    expect(asInt.buffer).toBe((c.data as Float64Array).buffer);
  });
});
