// .npy and .npz against files NumPy wrote (test/fixtures/io, from gen_io.py): numfuse loads
// each with the right values, layout and dtype, and writes the same bytes NumPy writes.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as np from "../../src/index";
import * as nio from "../../src/io/index";
import { decodeArray } from "./fixtures";
import { writeZip, readZipDirectory, readZipMember } from "../../src/io/zip";
import { wrapHeader } from "../../src/io/npy";
import { createHash } from "node:crypto";
import { io, ioFile, checkSection, settled, IO_DIR, type NpyCase } from "./io-fixtures";

const checkNpy = checkSection(io.npy);
const tmp = mkdtempSync(join(tmpdir(), "numfuse-io-"));
const asArray = (x: unknown) => x as np.NDArray;
const ok = (c: NpyCase): c is Exclude<NpyCase, { error: string }> => !("error" in c);

describe("load: every .npy NumPy wrote", () => {
  for (const [name, c] of Object.entries(io.npy)) {
    it(name, async () => {
      checkNpy(name, await settled(nio.load(join(IO_DIR, `${name}.npy`))), { tol: 0 });
      if (!ok(c)) return;
      const a = asArray(await nio.load(join(IO_DIR, `${name}.npy`)));
      if (a.ndim > 1) expect(a.flags.fContiguous && !a.flags.cContiguous).toBe(c.fortran);
      // what numfuse writes for the loaded array is NumPy's file, for native byte order and version 1
      if (c.native && !c.version && !c.widened) expect(Buffer.from((await nio.save(null, a))!).equals(ioFile(`${name}.npy`))).toBe(true);
    });
  }
});

describe("save: arrays built in numfuse give NumPy's bytes", () => {
  const same = async (name: string, a: np.NDArray) => expect(Buffer.from((await nio.save(null, a))!).equals(ioFile(`${name}.npy`)), name).toBe(true);
  it("from the fixture values, native dtypes, C order", async () => {
    let n = 0;
    for (const [name, c] of Object.entries(io.npy)) {
      if (!ok(c) || !c.native || c.fortran || c.version || c.widened || name === "noncontig") continue;
      await same(name, decodeArray(c));
      n++;
    }
    expect(n).toBeGreaterThan(20);
  });
  it("Fortran order, transposes and strided views", async () => {
    await same("f4_fortran", np.asfortranarray(np.arange(12, { dtype: "float32" }).reshape(3, 4)));
    await same("f8_fortran_3d", np.asfortranarray(np.arange(24, { dtype: "float64" }).reshape(2, 3, 4)));
    await same("transposed", np.arange(6).reshape(2, 3).T);
    await same("noncontig", np.arange(20, { dtype: "float64" }).reshape(4, 5).get(":, ::2"));
    await same("c16_fortran", np.asfortranarray(np.arange(6).add(np.arange(6).mul({ re: 0, im: 1 })).reshape(2, 3)));
  });
  it("a pending expression and the conformance file", async () => {
    const arr = np.arange(6).reshape(2, 3).div(4);
    await nio.save(join(tmp, "x.npy"), arr);
    expect(readFileSync(join(tmp, "x.npy")).equals(ioFile("f8_2x3.npy"))).toBe(true);
  });
  it("appends .npy to a path without it, and round-trips through a path", async () => {
    await nio.save(join(tmp, "noext"), np.array([1, 2, 3]));
    expect(existsSync(join(tmp, "noext.npy"))).toBe(true);
    const back = asArray(await nio.load(join(tmp, "noext.npy")));
    expect(back.tolist()).toEqual([1, 2, 3]);
    expect(String(back.dtype)).toBe("int32");
  });
  it("header room and padding follow NumPy for every rank", async () => {
    const b = (await nio.save(null, np.zeros([1, 1, 2, 1, 3], { dtype: "uint8" })))!;
    expect(Buffer.from(b).equals(ioFile("shape_wide.npy"))).toBe(true);
    const h = Buffer.from(b.subarray(10, 10 + new DataView(b.buffer, b.byteOffset).getUint16(8, true))).toString("latin1");
    expect(h.startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 2, 1, 3), }")).toBe(true);
    expect((10 + h.length) % 64).toBe(0);
  });
});

describe("header blocks: the version NumPy picks", () => {
  for (const [name, c] of Object.entries(io.headers)) {
    it(name, () => {
      const text = c.text ?? "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" + " ".repeat(c.spaces);
      const b = wrapHeader(text);
      expect(b[6]).toBe(c.version);
      expect(b.length).toBe(c.length);
      expect(createHash("sha256").update(b).digest("hex")).toBe(c.sha256);
    });
  }
});

describe("load: bytes, versions, byte order", () => {
  it("takes a Uint8Array, an ArrayBuffer and a Buffer", async () => {
    const bytes = ioFile("f8_2x3.npy");
    for (const src of [new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), bytes]) {
      const a = asArray(await nio.load(src as ArrayBuffer));
      expect(a.tolist()).toEqual([[0, 0.25, 0.5], [0.75, 1, 1.25]]);
    }
  });
  it("unaligned bytes (a member inside a larger buffer)", async () => {
    const f = ioFile("i8.npy"), buf = new Uint8Array(f.length + 3);
    buf.set(f, 3);
    const a = asArray(await nio.load(buf.subarray(3)));
    expect(a.tolist()).toEqual([-(2n ** 63n), -3n, 0n, 2n ** 40n, 2n ** 63n - 1n]);
  });
  it("big-endian files load as native arrays with the right values", async () => {
    const a = asArray(await nio.load(join(IO_DIR, "be_i4.npy")));
    expect(String(a.dtype)).toBe("int32");
    expect(a.dtype.str).toBe("<i4");
    expect(a.tolist()).toEqual([1, -2, 3]);
    const f = asArray(await nio.load(join(IO_DIR, "be_f4_fortran.npy")));
    expect(f.flags.fContiguous).toBe(true);
    expect(f.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
  it("a 0-d array", async () => {
    const a = asArray(await nio.load(join(IO_DIR, "scalar0d.npy")));
    expect(a.ndim).toBe(0);
    expect(a.item()).toBe(3.25);
  });
  it("Python 2 style headers (long ints, extra spaces)", async () => {
    const text = "{'descr':'<i4','fortran_order':False,'shape':(3L,)}";
    const body = new Uint8Array(12);
    new DataView(body.buffer).setInt32(4, 9, true);
    const head = new TextEncoder().encode(text.padEnd(118 - 1) + "\n");
    const file = new Uint8Array(10 + head.length + 12);
    file.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length, 0]);
    file.set(head, 10);
    file.set(body, 10 + head.length);
    expect(asArray(await nio.load(file)).tolist()).toEqual([0, 9, 0]);
  });
  it("mmapMode: 'r' is read-only, 'c' a private copy (both memmaps), 'w+' refused as NumPy", async () => {
    const f = join(IO_DIR, "f8_2x3.npy");
    const r = asArray(await nio.load(f, { mmapMode: "r" }));
    expect(r.flags.writeable).toBe(false);
    expect(() => r.set(0, 1)).toThrow("assignment destination is read-only");
    const c = asArray(await nio.load(f, "c"));
    c.set(0, 7);
    expect(c.item(0, 0)).toBe(7);
    expect(r).toBeInstanceOf(nio.Memmap);
    await expect(nio.load(f, { mmapMode: "w+" })).rejects.toThrow("object of type 'NoneType' has no len()");
    await expect(nio.load(readFileSync(f), { mmapMode: "r+" })).rejects.toThrow(/Memmap cannot use existing file handles/);
    await expect(nio.load(f, { mmapMode: "x" as never })).rejects.toThrow(/mode must be one of/);
  });
  it("an empty file", async () => {
    await expect(nio.load(new Uint8Array(0))).rejects.toThrow("No data left in file");
  });
  it("a missing file rejects with Node's ENOENT", async () => {
    await expect(nio.load(join(tmp, "nope.npy"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe(".npz", () => {
  for (const [name, c] of Object.entries(io.npz)) {
    it(`${name}: files and members`, async () => {
      const z = (await nio.load(join(IO_DIR, `${name}.npz`))) as nio.NpzFile;
      expect(z).toBeInstanceOf(nio.NpzFile);
      expect(z.files).toEqual(c.files);
      const check = checkSection(c.members);
      for (const f of z.files) {
        check(f, () => z.get(f), { tol: 0 });
        check(f, () => z.get(`${f}.npy`), { tol: 0 });
      }
    });
    it(`${name}: numfuse writes ${c.compressed ? "an archive NumPy's layout" : "NumPy's bytes"}`, async () => {
      const members = Object.fromEntries(Object.entries(c.members).map(([k, v]) => [k, decodeArray(v)]));
      // positional members (arr_0, arr_1) go positionally, the rest by name
      const pos = Object.keys(members).filter((k) => /^arr_\d+$/.test(k)).sort().map((k) => members[k]);
      const named = Object.fromEntries(Object.entries(members).filter(([k]) => !/^arr_\d+$/.test(k)));
      if (name === "big_compressed") named.f = np.asfortranarray(np.arange(12, { dtype: "float64" }).reshape(3, 4));
      const bytes = (c.compressed ? await nio.savezCompressed(null, ...pos, named) : await nio.savez(null, ...pos, named))!;
      if (!c.compressed) expect(Buffer.from(bytes).equals(ioFile(`${name}.npz`))).toBe(true);
      else {
        // zlib versions differ (Node's is Chromium's): the deflate stream may differ, nothing else
        const theirs = ioFile(`${name}.npz`);
        expect(Buffer.from(bytes.subarray(0, 30)).subarray(0, 14).equals(theirs.subarray(0, 14))).toBe(true);
      }
      const z = (await nio.load(bytes)) as nio.NpzFile;
      expect(z.files).toEqual(c.files);
      const check = checkSection(c.members);
      for (const f of z.files) check(f, () => z.get(f), { tol: 0 });
    });
  }
  it("reads a member only when asked, and names a missing one with KeyError", async () => {
    const z = (await nio.load(join(IO_DIR, "pair.npz"))) as nio.NpzFile;
    expect(z.has("a")).toBe(true);
    expect(() => z.get("c")).toThrow(expect.objectContaining({ name: "KeyError", message: "c is not a file in the archive" }));
    expect([...z].map(([k]) => k)).toEqual(["a", "b"]);
  });
  it("a corrupted member fails its CRC check", async () => {
    const b = new Uint8Array(ioFile("pair.npz"));
    b[190] ^= 0xff; // inside a.npy's elements
    const z = (await nio.load(b)) as nio.NpzFile;
    expect(() => z.get("a")).toThrow(/Bad CRC-32/);
  });
  it("savezCompressed to a path, as the conformance case", async () => {
    await nio.savezCompressed(join(tmp, "p.npz"), { u: np.arange(3), v: np.ones([2, 2]) });
    const z = (await nio.load(join(tmp, "p.npz"))) as nio.NpzFile;
    expect([...z.files].sort()).toEqual(["u", "v"]);
    expect(asArray(z.get("u")).tolist()).toEqual([0, 1, 2]);
    expect(asArray(z.get("v")).tolist()).toEqual([[1, 1], [1, 1]]);
  });
  it("savez appends .npz, names positional arrays arr_i, refuses a clash", async () => {
    await nio.savez(join(tmp, "q"), np.arange(2), np.arange(3));
    const z = (await nio.load(join(tmp, "q.npz"))) as nio.NpzFile;
    expect(z.files).toEqual(["arr_0", "arr_1"]);
    await expect(nio.savez(null, np.arange(2), { arr_0: np.arange(1) })).rejects.toThrow("Cannot use un-named variables and keyword arr_0");
  });
  it("zip64 records when there are more than 65535 members", () => {
    const members = Array.from({ length: 65536 }, (_, i) => ({ name: `m${i}.npy`, data: new Uint8Array([i & 0xff]) }));
    const bytes = writeZip(members);
    const v = new DataView(bytes.buffer);
    expect(v.getUint16(bytes.length - 22 + 10, true)).toBe(0xffff); // the classic record saturates
    expect(v.getUint32(bytes.length - 22 - 20, true)).toBe(0x07064b50); // zip64 locator
    const dir = readZipDirectory(bytes);
    expect(dir.length).toBe(65536);
    expect(dir[65535].name).toBe("m65535.npy");
    expect([...readZipMember(bytes, dir[65535])]).toEqual([0xff]);
  });
});

describe("tobytes, fromfile, tofile", () => {
  it("tobytes in C, F and A order equals the data NumPy stores", async () => {
    const f = asArray(await nio.load(join(IO_DIR, "f4_fortran.npy")));
    const file = ioFile("f4_fortran.npy"), data = file.subarray(file.length - 48);
    expect(Buffer.from(f.tobytes("F")).equals(data)).toBe(true);
    expect(Buffer.from(f.tobytes({ order: "A" })).equals(data)).toBe(true);
    expect(Buffer.from(f.T.tobytes()).equals(data)).toBe(true);
  });
  it("tobytes of unicode arrays is UCS-4", async () => {
    const u = asArray(await nio.load(join(IO_DIR, "u5.npy")));
    const file = ioFile("u5.npy");
    expect(Buffer.from(u.tobytes()).equals(file.subarray(file.length - 4 * 5 * 4))).toBe(true);
  });
  it("fromfile reads raw elements, with count and offset", async () => {
    const a = await nio.fromfile(join(IO_DIR, "raw_f8.dat"), { dtype: "float64" });
    expect(a.reshape(3, 4).tolist()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect((await nio.fromfile(join(IO_DIR, "raw_f8.dat"), "float64", 2, { offset: 16 })).tolist()).toEqual([2, 3]);
    expect((await nio.fromfile(ioFile("raw_f8.dat"), { dtype: "int32", count: 1, offset: 12 })).tolist()).toEqual([1072693248]);
  });
  it("fromfile reads big-endian and float16 elements as native arrays", async () => {
    const be = ioFile("be_i4.npy"), le = ioFile("f2.npy");
    expect((await nio.fromfile(be.subarray(be.length - 12), { dtype: ">i4" })).tolist()).toEqual([1, -2, 3]);
    const h = await nio.fromfile(le, { dtype: "float16", offset: 128 });
    expect(String(h.dtype)).toBe("float32");
    expect(h.tolist()).toEqual([1.5, Math.fround(-0.0999755859375), 65504, Infinity, 5.960464477539063e-8]);
  });
  it("frombuffer reads big-endian elements into a native copy", () => {
    const be = ioFile("be_f8.npy");
    const a = np.frombuffer(be.subarray(be.length - 32), ">f8");
    expect(String(a.dtype)).toBe("float64");
    expect(a.tolist()).toEqual([1.5, -2, Infinity, 1e-300]);
    expect(np.frombuffer(be.subarray(be.length - 32), { dtype: ">f8", count: 1, offset: 8 }).tolist()).toEqual([-2]);
  });
  it("fromfile with a separator reads text", async () => {
    expect((await nio.fromfile(join(IO_DIR, "text_sep.txt"), { sep: "," })).tolist()).toEqual([1, 2, 3, 4]);
    expect((await nio.fromfile(join(IO_DIR, "text_sep.txt"), { sep: ",", dtype: "int32", count: 2 })).tolist()).toEqual([1, 2]);
  });
  const checkFromfile = checkSection(io.fromfile);
  for (const [name, c] of Object.entries(io.fromfile)) {
    it(`fromfile ${name}: ${JSON.stringify(c.text)} sep ${JSON.stringify(c.kwargs.sep)}`, async () => {
      checkFromfile(name, await settled(nio.fromfile(new TextEncoder().encode(c.text), c.kwargs)), { tol: 0 });
    });
  }
  for (const [name, c] of Object.entries(io.tofile)) {
    it(`tofile ${name}`, async () => {
      let a = decodeArray(c.array);
      if (name === "binary_fortran") a = np.asfortranarray(a);
      const path = join(tmp, `${name}.out`);
      await a.tofile(path, c.kwargs as { sep?: string; format?: string });
      const got = readFileSync(path);
      if (c.hex !== undefined) expect(got.toString("hex")).toBe(c.hex);
      else expect(got.toString("utf8")).toBe(c.text);
    });
  }
});
