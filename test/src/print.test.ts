// Checks src/print.ts against NumPy 1.24 output recorded by
// test/fixtures/gen_print.py (run with /usr/bin/python3) in print.json.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  array2string,
  arrayRepr,
  arrayStr,
  formatScalar,
  getPrintoptions,
  printoptions,
  setPrintoptions,
  type Array2StringOptions,
  type PrintKind,
  type PrintOptions,
  type PrintValue,
  type Printable,
} from "../../src/print";

type EncFloat = number | "nan" | "inf" | "-inf" | "-0";
type Outcome = string | { error: string; message: string };

interface Case {
  name: string;
  shape: number[];
  dtype: string;
  kind: PrintKind;
  itemsize: number;
  values: unknown[];
  printed: { opts: Partial<PrintOptions>; str: Outcome; repr: Outcome }[];
  array2string: { opts: Record<string, unknown>; out: Outcome }[];
  array_repr?: { opts: Array2StringOptions; out: Outcome };
  array_str?: { opts: Array2StringOptions; out: Outcome };
}

interface ScalarCase {
  kind: PrintKind;
  itemsize: number;
  value: unknown;
  str: string;
  legacy?: "1.13";
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, "../fixtures/print.json"), "utf8")) as {
  numpy: string;
  cases: Case[];
  scalars: ScalarCase[];
};

function decodeFloat(v: EncFloat): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "-0") return -0;
  return v;
}

function decodeValue(kind: PrintKind, itemsize: number, v: unknown): PrintValue {
  switch (kind) {
    case "b":
      return v as boolean;
    case "i":
    case "u":
      return itemsize === 8 ? BigInt(v as string) : (v as number);
    case "f":
      return decodeFloat(v as EncFloat);
    case "c": {
      const [re, im] = v as [EncFloat, EncFloat];
      return { re: decodeFloat(re), im: decodeFloat(im) };
    }
    case "U":
    case "V":
      return v as string;
  }
}

function printable(c: Case): Printable {
  const values = c.values.map((v) => decodeValue(c.kind, c.itemsize, v));
  return { shape: c.shape, dtypeName: c.dtype, kind: c.kind, itemsize: c.itemsize, at: (i) => values[i] };
}

/** JS versions of the Python formatter callables in gen_print.py. */
function formatters(name: string, c: Case): Array2StringOptions["formatter"] {
  switch (name) {
    case "int_hex":
      return {
        int: (x: number | bigint) => {
          const b = BigInt(x);
          return b < 0n ? "-0x" + (-b).toString(16) : "0x" + b.toString(16);
        },
      };
    case "float_angle":
      return { float: (x: number) => "<" + formatScalar(x, "f", c.itemsize) + ">" };
    case "bool_tf":
      return { bool: (x: boolean) => (x ? "T" : "F") };
    case "str_upper":
      return { numpystr: (x: string) => "<" + x.toUpperCase() + ">" };
    case "all_x":
      return { all: () => "x" };
    case "float_kind_len":
      return {
        float_kind: (x: number) => (Number.isFinite(x) ? "f".repeat(1 + (Math.trunc(Math.abs(x)) % 5)) : "nf"),
      };
    case "int_kind_sq":
      return { int_kind: (x: number | bigint) => "[" + String(x) + "]" };
    case "complex_kind":
      return { complex_kind: () => "c" };
    case "str_kind":
      return { str_kind: (x: string) => String([...x].length) };
  }
  throw new Error("unknown formatter " + name);
}

function check(outcome: Outcome, run: () => string): void {
  if (typeof outcome === "string") {
    expect(run()).toBe(outcome);
  } else {
    let err: unknown;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe(outcome.error);
    expect((err as Error).message).toBe(outcome.message);
  }
}

const defaults = getPrintoptions();
afterEach(() => {
  setPrintoptions(defaults);
});

describe(`print fixtures (NumPy ${fixture.numpy})`, () => {
  it("has a substantial fixture set", () => {
    expect(fixture.cases.length).toBeGreaterThan(500);
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      const a = printable(c);
      c.printed.forEach((p, k) => {
        it(`str/repr ${k} ${JSON.stringify(p.opts)}`, () => {
          printoptions(p.opts, () => {
            check(p.str, () => arrayStr(a));
            check(p.repr, () => arrayRepr(a));
          });
        });
      });
      const { array_repr: ar, array_str: as } = c;
      if (ar && as) {
        it(`array_repr/array_str ${JSON.stringify(ar.opts)}`, () => {
          check(ar.out, () => arrayRepr(a, ar.opts));
          check(as.out, () => arrayStr(a, as.opts));
        });
      }
      c.array2string.forEach((t, k) => {
        it(`array2string ${k} ${JSON.stringify(t.opts)}`, () => {
          const { formatter, ...rest } = t.opts;
          const opts: Array2StringOptions = { ...(rest as Array2StringOptions) };
          if (typeof formatter === "string") opts.formatter = formatters(formatter, c);
          check(t.out, () => array2string(a, opts));
        });
      });
    });
  }
});

describe("scalar str() fixtures", () => {
  it("matches NumPy for every scalar", () => {
    const bad: string[] = [];
    for (const s of fixture.scalars) {
      const got = printoptions({ legacy: s.legacy ?? false }, () =>
        formatScalar(decodeValue(s.kind, s.itemsize, s.value), s.kind, s.itemsize),
      );
      if (got !== s.str) bad.push(`${s.kind}${s.itemsize} ${JSON.stringify(s.value)}: got ${got} want ${s.str}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("print options", () => {
  it("defaults match NumPy", () => {
    expect(getPrintoptions()).toEqual({
      precision: 8,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 75,
      suppress: false,
      nanstr: "nan",
      infstr: "inf",
      sign: "-",
      floatmode: "maxprec",
      legacy: false,
      formatter: null,
    });
  });

  it("setPrintoptions updates and printoptions restores", () => {
    const a: Printable = { shape: [2], dtypeName: "float64", kind: "f", itemsize: 8, at: (i) => [1 / 3, 2][i] };
    expect(arrayStr(a)).toBe("[0.33333333 2.        ]");
    const inner = printoptions({ precision: 2 }, () => {
      expect(getPrintoptions().precision).toBe(2);
      return arrayStr(a);
    });
    expect(inner).toBe("[0.33 2.  ]");
    expect(getPrintoptions().precision).toBe(8);
    setPrintoptions({ precision: 3 });
    expect(arrayRepr(a)).toBe("array([0.333, 2.   ])");
  });

  it("printoptions restores after a throw", () => {
    expect(() =>
      printoptions({ precision: 1 }, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(getPrintoptions().precision).toBe(8);
  });

  it("legacy 1.13 resets sign", () => {
    setPrintoptions({ sign: "+", legacy: "1.13" });
    expect(getPrintoptions().sign).toBe("-");
    expect(getPrintoptions().legacy).toBe("1.13");
  });

  const errorCases: [Record<string, unknown>, string, string][] = [
    [{ floatmode: "bogus" }, "ValueError", 'floatmode option must be one of "fixed", "unique", "maxprec", "maxprec_equal"'],
    [{ sign: "x" }, "ValueError", "sign option must be one of ' ', '+', or '-'"],
    [{ threshold: "10" }, "TypeError", "threshold must be numeric"],
    [{ threshold: NaN }, "ValueError", "threshold must be non-NAN, try sys.maxsize for untruncated representation"],
    [{ precision: 1.5 }, "TypeError", "precision must be an integer"],
  ];
  for (const [opts, name, message] of errorCases) {
    it(`rejects ${JSON.stringify(opts)}`, () => {
      let err: unknown;
      try {
        setPrintoptions(opts as Partial<PrintOptions>);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toBe(name);
      expect((err as Error).message).toBe(message);
      expect(getPrintoptions()).toEqual(defaults);
    });
  }

  it("negative precision fails when floats are formatted", () => {
    const a: Printable = { shape: [1], dtypeName: "float64", kind: "f", itemsize: 8, at: () => 1.5 };
    expect(() => array2string(a, { precision: -1 })).toThrow("precision must be >= 0");
  });
});
