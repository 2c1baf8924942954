// savetxt, loadtxt and genfromtxt against NumPy 2.x (test/fixtures/io.json, from gen_io.py):
// the exact text savetxt writes, and the arrays (or errors) the readers give for the same lines.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as np from "../../src/index";
import * as nio from "../../src/io/index";
import { decodeArray } from "./fixtures";
import { io, camel, checkSection, settled } from "./io-fixtures";

const tmp = mkdtempSync(join(tmpdir(), "numfuse-txt-"));
const CONF = "/work/shared/conformance/data";

describe("savetxt: NumPy's text", () => {
  for (const [name, c] of Object.entries(io.savetxt)) {
    it(name, async () => {
      const a = decodeArray(c.array);
      const run = nio.savetxt(null, a, camel(c.kwargs));
      if ("error" in c) {
        await expect(run).rejects.toThrow(expect.objectContaining({ name: c.error, message: c.message }));
        return;
      }
      expect(await run).toBe(c.text);
    });
  }
  it("writes a path, and the conformance table", async () => {
    await nio.savetxt(join(tmp, "t.csv"), np.array([[1.5, 2, 3], [4, 5, 6.25]]), { delimiter: "," });
    expect(readFileSync(join(tmp, "t.csv"), "utf8")).toBe(io.savetxt.csv && "text" in io.savetxt.csv ? io.savetxt.csv.text : "");
    try { expect(readFileSync(join(tmp, "t.csv"), "utf8")).toBe(readFileSync(join(CONF, "table.csv"), "utf8")); } catch (e) { if ((e as { code?: string }).code !== "ENOENT") throw e; }
  });
  it("takes fmt positionally, and latin-1 encoding", async () => {
    expect(await nio.savetxt(null, np.array([1, 2]), "%d", ",")).toBe("1\n2\n");
    await nio.savetxt(join(tmp, "l.txt"), np.array(["é"]), { fmt: "%s", encoding: "latin1" });
    expect([...readFileSync(join(tmp, "l.txt"))]).toEqual([0xe9, 0x0a]);
  });
});

const loaders = { loadtxt: nio.loadtxt, genfromtxt: nio.genfromtxt } as const;
for (const kind of ["loadtxt", "genfromtxt"] as const) {
  describe(`${kind}: NumPy's arrays`, () => {
    const check = checkSection(io[kind]);
    for (const [name, c] of Object.entries(io[kind])) {
      it(name, async () => {
        const opts = camel(c.kwargs);
        // dtype=None infers int32 where NumPy infers its int64 (numfuse's default integer, SPEC 3)
        check(name, await settled(loaders[kind](c.lines, opts)), { tol: 0, intp: name === "dtype_none_int" });
        // the same text as one string, and as bytes
        if (!("error" in c) && c.lines.length) {
          const text = c.lines.join("\n") + "\n";
          check(name, await settled(loaders[kind](text, opts)), { tol: 0, intp: name === "dtype_none_int" });
          check(name, await settled(loaders[kind](new TextEncoder().encode(text), opts)), { tol: 0, intp: name === "dtype_none_int" });
        }
      });
    }
  });
}

describe("loadtxt and genfromtxt: the rest of the API", () => {
  it("reads a path, as the conformance cases do", async () => {
    await nio.savetxt(join(tmp, "a.csv"), np.array([[1.5, 2, 3], [4, 5, 6.25]]), { delimiter: "," });
    expect((await nio.loadtxt(join(tmp, "a.csv"), { delimiter: "," })).tolist()).toEqual([[1.5, 2, 3], [4, 5, 6.25]]);
    await nio.savetxt(join(tmp, "m.csv"), np.array([[1, 2], [3, 4]]), { fmt: "%d", delimiter: ",", header: "a,b", comments: "" });
    expect((await nio.genfromtxt(join(tmp, "m.csv"), { delimiter: ",", skipHeader: 1 })).tolist()).toEqual([[1, 2], [3, 4]]);
  });
  it("converters: a function per column, or one for all", async () => {
    const a = await nio.loadtxt(["1 2", "3 4"], { converters: { 0: (s: string) => Number(s) * 10 } });
    expect(a.tolist()).toEqual([[10, 2], [30, 4]]);
    const b = await nio.loadtxt(["1,2", "3,4"], { delimiter: ",", converters: (s: string) => Number(s) + 0.5 });
    expect(b.tolist()).toEqual([[1.5, 2.5], [3.5, 4.5]]);
    const g = await nio.genfromtxt(["1,2", "3,x"], { delimiter: ",", converters: { 1: (s: string) => (s === "x" ? -7 : Number(s)) } });
    expect(g.tolist()).toEqual([[1, 2], [3, -7]]);
  });
  it("positional arguments in NumPy's order", async () => {
    const a = await nio.loadtxt(["1;2", "3;4"], "int32", "#", ";");
    expect(String(a.dtype)).toBe("int32");
    expect(a.tolist()).toEqual([[1, 2], [3, 4]]);
  });
  it("unpack destructures into columns", async () => {
    const [x, y] = await nio.loadtxt(["1 2", "3 4", "5 6"], { unpack: true });
    expect((x as np.NDArray).tolist()).toEqual([1, 3, 5]);
    expect((y as np.NDArray).tolist()).toEqual([2, 4, 6]);
  });
  it("round-trips a savetxt table", async () => {
    const a = np.linspace(-1, 1, 12).reshape(3, 4).mul(1e3);
    const text = (await nio.savetxt(null, a))!;
    expect((await nio.loadtxt(text)).tolist()).toEqual(a.tolist());
  });
});
