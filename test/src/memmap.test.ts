// np.memmap: files NumPy wrote (test/fixtures/memmap, from gen_memmap.py) mapped in memory and
// out of core (a budget smaller than the file), the modes' effect on the file, flush, views
// writing through, out= expressions chunk by chunk, and NumPy reading the files numfuse wrote.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as np from "../../src/index";
import { decodeArray, decodeValues } from "./fixtures";
import { cacheStats } from "../../compiler/codegen";

const here = dirname(fileURLToPath(import.meta.url));
const DIR = join(here, "../fixtures/memmap");
type Enc = { dtype: string; shape: number[]; values: unknown[] };
type Case = { file: string; kwargs: Record<string, unknown> } & (
  | { array: Enc; first: Enc; offset: number; mode: string; fortran: boolean; sum?: Enc; max?: Enc; mean?: Enc }
  | { error: string; message: string });
const fixture = JSON.parse(readFileSync(join(here, "../fixtures/memmap.json"), "utf8")) as { numpy: string; cases: Record<string, Case> };

const tmp = mkdtempSync(join(tmpdir(), "numfuse-memmap-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const DEFAULT_BUDGET = np.config().memmapBudget;
afterEach(() => { np.config({ memmapBudget: DEFAULT_BUDGET }); });

/** Opens a fixture case as NumPy did: np.memmap, or np.load with mmapMode for a .npy. */
function open(c: Case, path = join(DIR, c.file)): Promise<np.NDArray> {
  const kw = c.kwargs;
  if ("mmap_mode" in kw) return np.load(path, { mmapMode: kw.mmap_mode as "r" }) as Promise<np.NDArray>;
  return np.memmap(path, kw as np.MemmapOptions);
}

/** Same dtype kind and values (reductions may differ in integer width: numfuse's default int is int32). */
function same(got: np.NDArray, exp: Enc, exactDtype = true): void {
  const want = decodeArray(exp);
  if (exactDtype) expect(String(got.dtype)).toBe(exp.dtype);
  else expect(got.dtype.kind).toBe(want.dtype.kind);
  expect([...got.shape]).toEqual(exp.shape);
  const g = got.ndim ? (got.reshape(-1).tolist() as unknown[]) : [got.item()];
  const e = decodeValues(exp);
  e.forEach((v, i) => {
    const x = g[i];
    if (typeof v === "number" && !Number.isInteger(v)) expect(Math.abs((x as number) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
    else if (typeof v === "bigint" || typeof x === "bigint") expect(String(x)).toBe(String(v));
    else expect(x).toEqual(v);
  });
}

let python: boolean | null = null;
/** Whether python3 with NumPy is here (asked once). */
function havePython(): boolean {
  if (python === null) { try { execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" }); python = true; } catch { python = false; } }
  return python;
}

const isError = (c: Case): c is Case & { error: string; message: string } => "error" in c;

describe("np.memmap of files NumPy wrote (in memory)", () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(name, async () => {
      if (isError(c)) {
        await expect(open(c)).rejects.toMatchObject({ name: c.error, message: c.message });
        return;
      }
      const m = await open(c) as np.Memmap;
      expect(m).toBeInstanceOf(np.Memmap);
      same(m, c.array);
      same(m.get(0), c.first);
      expect(m.offset).toBe(c.offset);
      expect(m.mode).toBe(c.mode);
      expect(m.filename).toBe(join(DIR, c.file));
      if (m.ndim > 1) expect(m.flags.fContiguous && !m.flags.cContiguous).toBe(c.fortran);
      expect(m.flags.writeable).toBe(c.mode !== "r");
      if (c.sum) same(m.sum(), c.sum, false);
      if (c.max) same(m.max(), c.max);
      if (c.mean) same(m.mean(), c.mean);
    });
  }
});

describe("np.memmap of files NumPy wrote (out of core: a 64-byte budget)", () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    if (isError(c)) continue;
    it(name, async () => {
      np.config({ memmapBudget: 64 });
      const m = await open(c) as np.Memmap;
      const large = m.nbytes > 64;
      // streamed whole-array reductions, chunk by chunk
      if (c.sum) same(m.sum(), c.sum, false);
      if (c.max) same(m.max(), c.max);
      if (c.mean) same(m.mean(), c.mean);
      if (!large) { same(m, c.array); return; }
      expect(() => m.tolist()).toThrow(np.MemoryError);
      // a whole copy through an out= memmap within a bigger budget equals NumPy's array
      const copy = await np.memmap(join(tmp, `copy-${name}.dat`), { mode: "w+", dtype: m.dtype, shape: m.shape, order: c.fortran ? "F" : "C" });
      copy.set(":", m);
      np.config({ memmapBudget: DEFAULT_BUDGET });
      same(await np.memmap(join(tmp, `copy-${name}.dat`), { mode: "r", dtype: m.dtype, shape: m.shape, order: c.fortran ? "F" : "C" }), c.array);
    });
  }
});

describe("modes and flush", () => {
  const f8 = (vals: number[]) => new Uint8Array(new Float64Array(vals).buffer);
  const fileValues = (p: string) => [...new Float64Array(new Uint8Array(readFileSync(p)).buffer)];

  it("'r+' writes reach the file on flush, at the offset", async () => {
    const p = join(tmp, "rplus.dat");
    writeFileSync(p, f8([1, 2, 3, 4, 5, 6]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r+", offset: 8, shape: [2, 2] });
    expect(m.tolist()).toEqual([[2, 3], [4, 5]]);
    m.set("1, 0", 40);
    m.iadd(0.5);
    expect(fileValues(p)).toEqual([1, 2, 3, 4, 5, 6]); // not yet: Node has no mmap
    await m.flush();
    expect(fileValues(p)).toEqual([1, 2.5, 3.5, 40.5, 5.5, 6]);
  });
  it("flush writes only after a write: a clean memmap leaves the file alone", async () => {
    const p = join(tmp, "clean.dat");
    writeFileSync(p, f8([1, 2, 3]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r+" });
    writeFileSync(p, f8([7, 8, 9])); // another writer
    await m.flush();
    expect(fileValues(p)).toEqual([7, 8, 9]);
    m.get("2:").fill(5);
    await m.flush();
    expect(fileValues(p)).toEqual([7, 8, 5]); // the dirty span only
    writeFileSync(p, f8([7, 8, 9]));
    await m.flush(); // nothing new since the last flush
    expect(fileValues(p)).toEqual([7, 8, 9]);
    m.set([[0]] as never, 1); // advanced indexing writes too
    await m.flush();
    expect(fileValues(p)).toEqual([1, 2, 5]);
    writeFileSync(p, f8([7, 8, 9]));
    m.sort();
    await m.flush();
    expect(fileValues(p)).toEqual([1, 2, 5]);
    (m.data as Float64Array)[0] = -1; // memory handed out: always written back
    await m.flush();
    expect(fileValues(p)).toEqual([-1, 2, 5]);
  });
  it("flush writes the dirty span only: first to last element written (bytes outside keep what another writer put there)", async () => {
    const p = join(tmp, "span.dat");
    writeFileSync(p, f8([0, 1, 2, 3, 4, 5, 6, 7]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r+", offset: 8, shape: [7] });
    writeFileSync(p, f8([10, 11, 12, 13, 14, 15, 16, 17]));
    m.set("2", 99);
    m.get("4:5").iadd(100);
    await m.flush();
    expect(fileValues(p)).toEqual([10, 11, 12, 99, 4, 105, 16, 17]);
  });
  it("a slice of a large memmap writes back at its place in the file", async () => {
    const p = join(tmp, "bigslice.dat");
    writeFileSync(p, f8(Array.from({ length: 100 }, (_, i) => i)));
    np.config({ memmapBudget: 128 });
    const m = await np.memmap(p, { dtype: "float64", mode: "r+", offset: 16, shape: [10, 9] });
    const s = m.get("3, 2:6") as np.Memmap;
    expect(s.tolist()).toEqual([31, 32, 33, 34]);
    s.imul(-1);
    await s.flush();
    const v = fileValues(p);
    expect(v.slice(30, 36)).toEqual([30, -31, -32, -33, -34, 35]);
    expect(v.filter((x) => x < 0).length).toBe(4);
  });
  it("the default mode is 'r+' and the default dtype uint8", async () => {
    const p = join(tmp, "default.dat");
    writeFileSync(p, new Uint8Array([1, 2, 3]));
    const m = await np.memmap(p) as np.Memmap;
    expect([m.mode, String(m.dtype), m.shape]).toEqual(["r+", "uint8", [3]]);
  });
  it("'c' is copy-on-write: writes stay in memory, even after flush", async () => {
    const p = join(tmp, "copy.dat");
    writeFileSync(p, f8([1, 2, 3]));
    const m = await np.memmap(p, { dtype: "float64", mode: "c" });
    m.set(0, 9);
    await m.flush();
    expect(m.tolist()).toEqual([9, 2, 3]);
    expect(fileValues(p)).toEqual([1, 2, 3]);
  });
  it("'r' is read-only: writes raise NumPy's error, views too", async () => {
    const p = join(tmp, "ro.dat");
    writeFileSync(p, f8([1, 2, 3]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r" });
    expect(() => m.set(0, 1)).toThrow(new np.ValueError("assignment destination is read-only"));
    expect(() => m.get("1:").fill(0)).toThrow("assignment destination is read-only");
    expect(() => np.add(m, 1, { out: m })).toThrow("assignment destination is read-only");
  });
  it("'w+' creates the file (offset + data, zeros) and overwrites an existing one", async () => {
    const p = join(tmp, "wplus.dat");
    writeFileSync(p, new Uint8Array(1000).fill(7));
    const m = await np.memmap(p, { dtype: "int32", mode: "w+", shape: [2, 3], offset: 4 });
    expect(statSync(p).size).toBe(4 + 24);
    expect(m.tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    np.multiply(np.arange(6).reshape(2, 3), 3, { out: m });
    await m.flush();
    expect([...new Int32Array(new Uint8Array(readFileSync(p)).buffer.slice(4))]).toEqual([0, 3, 6, 9, 12, 15]);
  });
  it("'w+' of int64, uint64, complex and bool starts at zeros", async () => {
    for (const d of ["int64", "uint64", "complex128", "complex64", "bool", "int8"]) {
      const m = await np.memmap(join(tmp, `zeros-${d}.dat`), { dtype: d, mode: "w+", shape: [3] });
      expect(m.tolist()).toEqual(np.zeros(3, d).tolist());
      expect(statSync(join(tmp, `zeros-${d}.dat`)).size).toBe(3 * m.itemsize);
    }
  });
  it("'r+' grows a short file with zeros, as NumPy", async () => {
    const p = join(tmp, "grow.dat");
    writeFileSync(p, f8([1]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r+", shape: [3] });
    expect(m.tolist()).toEqual([1, 0, 0]);
    expect(statSync(p).size).toBe(24);
  });
  it("views and slices write through to the memmap; its flush writes them", async () => {
    const p = join(tmp, "views.dat");
    writeFileSync(p, f8([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    const m = await np.memmap(p, { dtype: "float64", mode: "r+", shape: [3, 4] });
    m.get(":, 1").set(":", -1);
    m.T.get("3").imul(10);
    m.get("2, ::2").iadd(np.array([100, 200]));
    await m.flush();
    expect(fileValues(p)).toEqual([0, -1, 2, 30, 4, -1, 6, 70, 108, -1, 210, 110]);
    expect(m.get(":, 1").base).toBe(m);
  });
  it("mode aliases and NumPy's errors", async () => {
    const p = join(tmp, "alias.dat");
    writeFileSync(p, f8([1, 2]));
    expect(((await np.memmap(p, { dtype: "float64", mode: "readwrite" })) as np.Memmap).mode).toBe("r+");
    expect(((await np.memmap(p, { dtype: "float64", mode: "copyonwrite" })) as np.Memmap).mode).toBe("c");
    await expect(np.memmap(join(tmp, "missing.dat"), { mode: "r" })).rejects.toMatchObject({ code: "ENOENT" });
    await expect(np.memmap(p, { dtype: "float64", mode: "r", shape: [-1] })).rejects.toThrow("negative dimensions are not allowed");
  });
  it("order 'F': the file holds the columns", async () => {
    const p = join(tmp, "forder.dat");
    const m = await np.memmap(p, { dtype: "float64", mode: "w+", shape: [2, 3], order: "F" });
    m.set(":", np.arange(6).reshape(2, 3));
    await m.flush();
    expect(fileValues(p)).toEqual([0, 3, 1, 4, 2, 5]);
  });
});

describe("np.load mmapMode and openMemmap", () => {
  it("'r+' on a .npy maps its data after the header; flush writes there", async () => {
    const p = join(tmp, "load.npy");
    await np.save(p, np.arange(6).reshape(2, 3).astype("float64"));
    const m = await np.load(p, { mmapMode: "r+" }) as np.Memmap;
    expect(m).toBeInstanceOf(np.Memmap);
    expect(m.offset).toBe(128);
    m.set("0, 0", 42);
    await m.flush();
    expect((await np.load(p) as np.NDArray).tolist()).toEqual([[42, 1, 2], [3, 4, 5]]);
  });
  it("'r' and 'c' on elements numfuse converts (big-endian) load whole, as before", async () => {
    const p = join(here, "../fixtures/io/be_c16.npy");
    const m = await np.load(p, { mmapMode: "r" }) as np.NDArray;
    expect(m).not.toBeInstanceOf(np.Memmap);
    expect(m.flags.writeable).toBe(false);
    expect(m.tolist()).toEqual((await np.load(p) as np.NDArray).tolist());
    await expect(np.load(p, { mmapMode: "r+" })).rejects.toThrow(/not supported/);
  });
  it.skipIf(!havePython())("NumPy loads the .npy openMemmap wrote, and numfuse maps the one NumPy's open_memmap wrote", async () => {
    const p = join(tmp, "np-open.npy"), q = join(tmp, "np-open-numpy.npy");
    const m = await np.openMemmap(p, { mode: "w+", dtype: "int64", shape: [2, 3], fortranOrder: true });
    m.set(":", np.array([[1, -2, 3], [4, 5, -6]]));
    await m.flush();
    const got = execFileSync("python3", ["-c", `import numpy as np; a = np.load(${JSON.stringify(p)}); print(a.tolist(), a.dtype, a.flags.f_contiguous)`], { encoding: "utf8" }).trim();
    expect(got).toBe("[[1, -2, 3], [4, 5, -6]] int64 True");
    execFileSync("python3", ["-c", `import numpy as np; m = np.lib.format.open_memmap(${JSON.stringify(q)}, mode='w+', dtype='complex64', shape=(2, 2)); m[:] = [[1j, 2], [3, 4 - 1j]]; m.flush()`]);
    const r = await np.load(q, { mmapMode: "r+" }) as np.Memmap;
    expect(r.tolist()).toEqual([[{ re: 0, im: 1 }, { re: 2, im: 0 }], [{ re: 3, im: 0 }, { re: 4, im: -1 }]]);
  });
  it("openMemmap 'w+' writes NumPy's header: the file equals np.save's", async () => {
    const p = join(tmp, "open.npy");
    const m = await np.openMemmap(p, { mode: "w+", dtype: "float32", shape: [3, 2], fortranOrder: true });
    expect(m.flags.fContiguous).toBe(true);
    const a = np.asfortranarray(np.arange(6).reshape(3, 2).astype("float32"));
    m.set(":", a);
    await m.flush();
    expect(Buffer.from(readFileSync(p)).equals(Buffer.from((await np.save(null, a))!))).toBe(true);
    const r = await np.lib.format.openMemmap(p, { mode: "r" });
    expect(r.tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
    await expect(np.openMemmap(join(tmp, "noshape.npy"), { mode: "w+" })).rejects.toThrow("object of type 'NoneType' has no len()");
  });
});

describe("np.config({ memmapBudget })", () => {
  it("sets the budget a memmap may take in memory, and checks it", () => {
    expect(np.config({ memmapBudget: 1234 }).memmapBudget).toBe(1234);
    expect(() => np.config({ memmapBudget: -1 })).toThrow("memmapBudget must be a non-negative number of bytes");
  });
  it("a .npy over the budget loaded with mmapMode stays in its file and streams", async () => {
    const p = join(tmp, "big.npy");
    await np.save(p, np.arange(1000).astype("float64"));
    np.config({ memmapBudget: 512 });
    const m = await np.load(p, { mmapMode: "r" }) as np.Memmap;
    expect(() => m.tolist()).toThrow(np.MemoryError);
    expect(m.sum().item()).toBe(499500);
    expect(m.get("998:").tolist()).toEqual([998, 999]);
  });
});

describe("out of core: larger than the budget", () => {
  const N = 10007;
  async function inputs(budget: number) {
    const a = await np.memmap(join(tmp, "oa.dat"), { dtype: "float64", mode: "w+", shape: [N] });
    const b = await np.memmap(join(tmp, "ob.dat"), { dtype: "float64", mode: "w+", shape: [N] });
    np.config({ memmapBudget: budget });
    np.sin(np.arange(N), { out: a });
    np.add(np.arange(N).mul(0.001), 1, { out: b });
    await a.flush(); await b.flush();
    return {
      a: await np.memmap(join(tmp, "oa.dat"), { dtype: "float64", mode: "r" }),
      b: await np.memmap(join(tmp, "ob.dat"), { dtype: "float64", mode: "r" }),
    };
  }
  const ref = () => {
    const a = np.sin(np.arange(N)), b = np.arange(N).mul(0.001).add(1);
    return { a, b, want: a.mul(b).add(a.mul(2)) };
  };

  it("a*b + 2*a into an out= memmap, chunk by chunk (ragged last chunk)", async () => {
    const { a, b } = await inputs(4096);
    expect(a.isPending || a.nbytes > 4096).toBe(true);
    const o = await np.memmap(join(tmp, "oo.dat"), { dtype: "float64", mode: "w+", shape: [N] });
    const misses = cacheStats.misses, hits = cacheStats.hits;
    expect(np.add(a.mul(b), a.mul(2), { out: o })).toBe(o);
    // 157 chunks of 64 elements: one kernel for the equal chunks, one for the ragged last
    expect(cacheStats.misses - misses).toBeLessThanOrEqual(2);
    expect(cacheStats.hits - hits).toBeGreaterThanOrEqual(150);
    np.config({ memmapBudget: DEFAULT_BUDGET });
    const got = await np.memmap(join(tmp, "oo.dat"), { dtype: "float64", mode: "r" });
    expect(np.abs(got.sub(ref().want)).max().item()).toBe(0);
  });
  it("2-D, F order, a broadcast row, an integer dtype and a cast", async () => {
    const R = 37, C = 29;
    np.config({ memmapBudget: 512 });
    const x = await np.memmap(join(tmp, "x2.dat"), { dtype: "int64", mode: "w+", shape: [R, C], order: "F" });
    np.add(np.arange(R * C).reshape(R, C), 0, { out: x });
    const row = np.arange(C).astype("float64").mul(0.5);
    const o = await np.memmap(join(tmp, "o2.dat"), { dtype: "float64", mode: "w+", shape: [R, C], order: "F" });
    np.multiply(x, row, { out: o });
    // a C-ordered output over an F-ordered input: every chunk of one spans the other's whole file
    const oc = await np.memmap(join(tmp, "o2c.dat"), { dtype: "float64", mode: "w+", shape: [R, C] });
    expect(() => np.multiply(x, row, { out: oc })).toThrow(/spans more of the file than the budget/);
    np.config({ memmapBudget: DEFAULT_BUDGET });
    const want = np.arange(R * C).reshape(R, C).mul(row);
    const got = await np.memmap(join(tmp, "o2.dat"), { dtype: "float64", mode: "r", shape: [R, C], order: "F" });
    expect(np.abs(got.sub(want)).max().item()).toBe(0);
    const gx = await np.memmap(join(tmp, "x2.dat"), { dtype: "int64", mode: "r", shape: [R, C], order: "F" });
    expect(gx.get("5, 7").item()).toBe(BigInt(5 * C + 7));
  });
  it("short, wide arrays (C and F): one row is more than a chunk, so rows are cut too", async () => {
    for (const order of ["C", "F"] as const) {
      np.config({ memmapBudget: 1024 });
      const shape = order === "C" ? [3, 2000] : [2000, 3];
      const x = await np.memmap(join(tmp, `wide-${order}.dat`), { dtype: "float64", mode: "w+", shape, order });
      const src = np.arange(6000).reshape(shape).astype("float64");
      x.set(":", src);
      const o = await np.memmap(join(tmp, `wide-o-${order}.dat`), { dtype: "float64", mode: "w+", shape, order });
      np.add(x.mul(x), 1, { out: o });
      expect(o.sum().item()).toBe(src.mul(src).add(1).sum().item());
      expect(x.max().item()).toBe(5999);
      np.config({ memmapBudget: DEFAULT_BUDGET });
      const back = await np.memmap(join(tmp, `wide-o-${order}.dat`), { dtype: "float64", mode: "r", shape, order });
      expect(np.abs(back.sub(src.mul(src).add(1))).max().item()).toBe(0);
    }
  });
  it("writes into a strided view of a large memmap keep the elements between", async () => {
    np.config({ memmapBudget: 256 });
    const m = await np.memmap(join(tmp, "strided.dat"), { dtype: "float32", mode: "w+", shape: [300] });
    np.add(np.arange(300), 0, { out: m });
    m.get("::3").set(":", -1);
    np.config({ memmapBudget: DEFAULT_BUDGET });
    const got = (await np.memmap(join(tmp, "strided.dat"), { dtype: "float32", mode: "r" })).tolist() as number[];
    expect(got).toEqual(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? -1 : i)));
  });
  it("complex: a streamed sum and an out= expression", async () => {
    np.config({ memmapBudget: 256 });
    const z = await np.memmap(join(tmp, "z.dat"), { dtype: "complex128", mode: "w+", shape: [100] });
    np.multiply(np.arange(100), np.array({ re: 1, im: -2 } as never), { out: z });
    expect(z.sum().item()).toEqual({ re: 4950, im: -9900 });
    const o = await np.memmap(join(tmp, "zo.dat"), { dtype: "complex128", mode: "w+", shape: [100] });
    np.conjugate(z, { out: o });
    expect(o.get("99").item()).toEqual({ re: 99, im: 198 });
  });
  it("in place over a large 'r+' memmap; a shifted read of the file being written raises", async () => {
    np.config({ memmapBudget: 256 });
    const m = await np.memmap(join(tmp, "inplace.dat"), { dtype: "float64", mode: "w+", shape: [500] });
    np.add(np.arange(500), 0, { out: m });
    np.multiply(m, 2, { out: m });
    m.iadd(1);
    expect(m.get("495:").tolist()).toEqual([991, 993, 995, 997, 999]);
    expect(() => m.get("1:").set(":", m.get(":-1"))).toThrow(/reads it at other elements/);
    expect(m.sum().item()).toBe(500 * 499 + 500);
  });
  it("a pipeline: o from a, then a updated in place while o's temporaries are still pending", async () => {
    np.config({ memmapBudget: 256 });
    const a = await np.memmap(join(tmp, "pa.dat"), { dtype: "float64", mode: "w+", shape: [200] });
    const o = await np.memmap(join(tmp, "po.dat"), { dtype: "float64", mode: "w+", shape: [200] });
    np.add(np.arange(200), 0, { out: a });
    np.add(a.mul(a), a.mul(2), { out: o }); // a.mul(...) are pending arrays over a's file
    np.add(a, 1, { out: a });
    expect(o.get("10:12").tolist()).toEqual([120, 143]);
    expect(a.get("10:12").tolist()).toEqual([11, 12]);
  });
  it("streamed reductions equal the in-memory ones", async () => {
    const { a } = await inputs(1024);
    const { a: ra } = ref();
    expect(a.sum().item()).toBeCloseTo(ra.sum().item() as number, 10);
    expect(a.max().item()).toBe(ra.max().item());
    expect(a.min().item()).toBe(ra.min().item());
    expect(a.mean().item()).toBeCloseTo(ra.mean().item() as number, 12);
    expect(a.sum({ axis: null }).item()).toBeCloseTo(ra.sum().item() as number, 10);
  });
  it("a large slice stays in the file, a memmap whose reductions stream and which out= writes", async () => {
    const { a } = await inputs(1024);
    const { a: ra } = ref();
    const s = a.get("100:") as np.Memmap;
    expect(s).toBeInstanceOf(np.Memmap);
    expect(s.base).toBe(a);
    expect(s.sum().item()).toBeCloseTo(ra.get("100:").sum().item() as number, 10);
    expect(a.get("::-3").max().item()).toBe(ra.get("::-3").max().item());
    const o = await np.memmap(join(tmp, "os.dat"), { dtype: "float64", mode: "w+", shape: [N] });
    np.multiply(a.get("::-1"), 2, { out: o.get(":") });
    expect(o.get("0:2").tolist()).toEqual(ra.get("-1:-3:-1").mul(2).tolist());
  });
  it("a small slice reads only its span: a memmap of its own, at its offset", async () => {
    const { a } = await inputs(1024);
    const s = a.get("5000:5005") as np.Memmap;
    expect(s).toBeInstanceOf(np.Memmap);
    expect(s.offset).toBe(0); // NumPy's slices keep their base's offset
    expect(s.tolist()).toEqual(ref().a.get("5000:5005").tolist());
  });
  it("anything that needs the whole array raises MemoryError naming the budget", async () => {
    const { a } = await inputs(1024);
    expect(() => a.add(1).tolist()).toThrow(np.MemoryError);
    expect(() => a.add(1).tolist()).toThrow(/Unable to allocate 78.2 KiB for an array with shape \(10007,\) and data type float64: a memmap over np.config\(\{ memmapBudget \}\) \(1 KiB\)/);
    expect(() => a.sum(0 as never).item()).toThrow(np.MemoryError);
    expect(() => a.toString()).toThrow(np.MemoryError);
    const o = await np.memmap(join(tmp, "oc.dat"), { dtype: "float64", mode: "w+", shape: [N] });
    expect(() => np.add(a.T, a.get("::-1"), { out: o })).not.toThrow(); // reversed views stream too
    expect(() => np.add(a, 1, { out: a })).toThrow("assignment destination is read-only");
    const c = await np.memmap(join(tmp, "oa.dat"), { dtype: "float64", mode: "c" });
    expect(() => np.add(a, 1, { out: c })).toThrow(/copy-on-write/);
  });
});

describe.skipIf(!havePython())("NumPy reads the files numfuse wrote", () => {
  const read = (p: string, kw: string): unknown => JSON.parse(execFileSync("python3", ["-c",
    `import numpy as np, json; m = np.memmap(${JSON.stringify(p)}, ${kw}); v = m.tolist()\n` +
    `print(json.dumps([[x.real, x.imag] for x in m.ravel().tolist()] if m.dtype.kind == 'c' else [str(x) if m.dtype.itemsize == 8 and m.dtype.kind in 'iu' else x for x in m.ravel().tolist()]))`], { encoding: "utf8" }));
  for (const budget of [DEFAULT_BUDGET, 128]) {
    it(`dtypes, F order and offsets (budget ${budget})`, async () => {
      const cases: [string, string, number[], "C" | "F", number][] = [
        ["float32", "float32", [3, 4], "F", 16], ["int64", "int64", [5], "C", 8], ["complex128", "complex128", [2, 3], "C", 0],
        ["bool", "bool", [7], "C", 3], ["uint8", "uint8", [4, 5], "F", 1], ["int16", "int16", [6], "C", 2],
      ];
      for (const [d, py, shape, order, offset] of cases) {
        const p = join(tmp, `np-${d}-${budget}.dat`);
        writeFileSync(p, new Uint8Array(offset).fill(0xee));
        np.config({ memmapBudget: budget });
        const m = await np.memmap(p, { dtype: d, mode: "r+", shape, order, offset });
        const n = shape.reduce((x, y) => x * y, 1);
        const src = np.arange(n).reshape(shape).add(d === "bool" ? 0 : 1).mul(d === "bool" ? 1 : 3);
        const value = d === "complex128" ? src.add(np.array({ re: 0, im: 0.5 } as never)) : d === "bool" ? src.mod(2).eq(0) : src;
        m.set(":", value.astype(d));
        await m.flush();
        np.config({ memmapBudget: DEFAULT_BUDGET });
        const got = read(p, `dtype='${py}', mode='r', shape=${JSON.stringify(shape).replace("[", "(").replace("]", ",)")}, order='${order}', offset=${offset}`);
        const mine = value.astype(d).reshape(-1).tolist() as unknown[];
        expect(got).toEqual(mine.map((x) => (typeof x === "bigint" ? String(x) : typeof x === "object" && x !== null ? [(x as { re: number }).re, (x as { im: number }).im] : x)));
        expect([...readFileSync(p).subarray(0, offset)]).toEqual(new Array(offset).fill(0xee));
      }
    });
  }
});
