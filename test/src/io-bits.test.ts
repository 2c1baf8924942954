// packbits / unpackbits against NumPy 2.x (test/fixtures/io.json, from gen_io.py).
import { describe, expect, it } from "vitest";
import * as np from "../../src/index";
import * as nio from "../../src/io/index";
import { decodeArray } from "./fixtures";
import { io, camel, checkSection } from "./io-fixtures";

describe("packbits / unpackbits: NumPy's results", () => {
  const check = checkSection(io.bits);
  for (const [name, c] of Object.entries(io.bits)) {
    it(name, () => {
      const fn = c.fn === "packbits" ? nio.packbits : nio.unpackbits;
      check(name, () => fn(decodeArray(c.input), camel(c.kwargs)), { tol: 0 });
    });
  }
  it("positional arguments, and a round trip along an axis", () => {
    const a = np.array([[1, 0, 1, 1, 0, 0, 1, 0, 1], [0, 1, 1, 0, 0, 0, 0, 1, 1]]).astype("bool");
    const p = nio.packbits(a, 1, "little");
    expect(p.shape).toEqual([2, 2]);
    const u = nio.unpackbits(p, 1, 9, "little");
    expect(u.astype("bool").tolist()).toEqual(a.tolist());
  });
});
