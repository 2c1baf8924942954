import { describe, expect, it } from "vitest";
import * as np from "../../src/index.js";

// Expected strings from /usr/bin/python3 (NumPy 1.24), the printing numfuse follows.
describe("setPrintoptions({ formatter }) as NumPy 1.24", () => {
  it("a global formatter applies to str, repr and array2string, a per-call one wins, and any set resets it", () => {
    const pct = (x: number) => `F${(Math.round(x * 10) / 10).toFixed(1)}`; // '%.1f' on these values
    try {
      np.setPrintoptions({ formatter: { float: pct } });
      expect(String(np.array([1.5, 2.75]))).toBe("[F1.5 F2.8]");
      expect(np.array([1.5]).repr()).toBe("array([F1.5])");
      expect(String(np.array([1, 2]))).toBe("[1 2]");
      expect(np.array2string(np.array([1.5]), { formatter: { float: () => "G" } })).toBe("[G]");
      expect(np.getPrintoptions().formatter).not.toBeNull();
      np.setPrintoptions({ precision: 3 });
      expect(String(np.array([1.5, 2.25]))).toBe("[1.5  2.25]");
      expect(np.getPrintoptions().formatter).toBeNull();
      expect(np.printoptions({ formatter: { all: () => "A" } }, () => String(np.array([1, 2])))).toBe("[A A]");
      expect(String(np.array([1, 2]))).toBe("[1 2]");
    } finally {
      np.setPrintoptions({ precision: 8 });
    }
  });
});
