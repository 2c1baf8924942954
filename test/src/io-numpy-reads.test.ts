// The other direction: NumPy loads the files numfuse writes. Runs every Python with NumPy it
// finds (`python3` on PATH, Debian's /usr/bin/python3); skips when there is none.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as np from "../../src/index";
import * as nio from "../../src/io/index";
import { decodeArray } from "./fixtures";
import { io } from "./io-fixtures";
import { writeZip } from "../../src/io/zip";

function pythons(): string[] {
  const found = new Map<string, string>();
  for (const exe of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(exe, ["-c", "import sys, numpy; print(sys.executable)"], { encoding: "utf8" });
    if (r.status === 0) found.set(realpathSync(r.stdout.trim()), exe);
  }
  return [...found.values()];
}

const CHECK = String.raw`
import json, sys, numpy as np
d = sys.argv[1]
exp = json.load(open(d + "/expect.json"))
bad = []
seen = []
def same(a, e, where):
    seen.append(where)
    if list(a.shape) != e["shape"]: bad.append([where, "shape", list(a.shape)]); return
    name = a.dtype.name if a.dtype.kind != "U" else a.dtype.str
    if name != e["dtype"]: bad.append([where, "dtype", name]); return
    flat = a.ravel().tolist() if a.ndim else [a.item()]
    for g, v in zip(flat, e["values"]):
        if a.dtype.kind == "c": g = [g.real, g.imag]; v = [float(x) for x in v]
        elif a.dtype.kind == "f": v = float(v)
        elif a.dtype.kind in "iu": v = int(v)
        if g != v and not (g != g and v != v) and not (isinstance(g, list) and all(x == y or (x != x and y != y) for x, y in zip(g, v))):
            bad.append([where, "value", repr(g), repr(v)]); return
for name, e in exp["npy"].items():
    a = np.load(d + "/" + name + ".npy")
    same(a, e, name)
    if e["fortran"] and not (a.flags.f_contiguous and not a.flags.c_contiguous): bad.append([name, "not fortran"])
for name, e in exp["npz"].items():
    z = np.load(d + "/" + name + ".npz")
    if list(z.files) != e["files"]: bad.append([name, "files", list(z.files)])
    for k, m in e["members"].items(): same(z[k], m, name + "/" + k)
for name, e in exp["txt"].items():
    a = np.loadtxt(d + "/" + name + ".txt", dtype=e["dtype"], delimiter=e["delimiter"], ndmin=2)
    same(a.reshape(e["shape"]), e, name)
print(json.dumps({"bad": bad, "checked": len(seen)}))
`;

const found = pythons();

describe.skipIf(found.length === 0)("NumPy reads what numfuse writes", () => {
  it("every .npy and .npz case, and savetxt tables", async () => {
    const dir = mkdtempSync(join(tmpdir(), "numfuse-np-"));
    const expect_: { npy: Record<string, unknown>; npz: Record<string, unknown>; txt: Record<string, unknown> } = { npy: {}, npz: {}, txt: {} };
    for (const [name, c] of Object.entries(io.npy)) {
      if ("error" in c || c.widened) continue;
      let a = decodeArray(c);
      if (c.fortran) a = np.asfortranarray(a);
      await nio.save(join(dir, `${name}.npy`), a);
      expect_.npy[name] = { ...c, dtype: c.dtype };
    }
    for (const [name, c] of Object.entries(io.npz)) {
      const members = Object.fromEntries(Object.entries(c.members).map(([k, v]) => [k, decodeArray(v)]));
      await (c.compressed ? nio.savezCompressed : nio.savez)(join(dir, `${name}.npz`), members);
      expect_.npz[name] = { files: Object.keys(members), members: c.members };
    }
    const tables: [string, np.NDArray, string][] = [
      ["floats", np.linspace(-1, 1, 12).reshape(3, 4).mul(1e3), ","],
      ["ints", np.arange(12).reshape(4, 3), " "],
    ];
    for (const [name, a, delimiter] of tables) {
      await nio.savetxt(join(dir, `${name}.txt`), a, { delimiter, fmt: a.dtype.kind === "f" ? "%.18e" : "%d" });
      expect_.txt[name] = { dtype: String(a.dtype), delimiter, shape: a.shape, values: (a.ravel().tolist() as unknown[]) };
    }
    writeFileSync(join(dir, "expect.json"), JSON.stringify(expect_, (_, v) => (typeof v === "bigint" ? String(v) : v)));
    for (const py of found) {
      const r = spawnSync(py, ["-c", CHECK, dir], { encoding: "utf8" });
      expect(r.stderr, `${py} failed`).toBe("");
      const out = JSON.parse(r.stdout) as { bad: unknown[]; checked: number };
      expect(out.bad, `${py} found differences`).toEqual([]);
      expect(out.checked).toBe(Object.keys(expect_.npy).length + Object.values(io.npz).reduce((s, c) => s + Object.keys(c.members).length, 0) + tables.length);
    }
  }, 120_000);
  it("zip64 archives (65536 members) equal what CPython's zipfile writes for savez", () => {
    const dir = mkdtempSync(join(tmpdir(), "numfuse-zip-"));
    const py = "import zipfile, sys\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    for i in range(65536):\n        with z.open(f'm{i}.npy', 'w', force_zip64=True) as g: g.write(bytes([i & 255]))\n";
    const r = spawnSync(found[0], ["-c", py, join(dir, "many.zip")], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const ours = writeZip(Array.from({ length: 65536 }, (_, i) => ({ name: `m${i}.npy`, data: new Uint8Array([i & 0xff]) })));
    expect(Buffer.from(ours).equals(readFileSync(join(dir, "many.zip")))).toBe(true);
  }, 120_000);
});
