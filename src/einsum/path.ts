// Contraction paths as NumPy 1.24's einsum_path finds and reports them (opt_einsum's
// algorithms): FLOP counts with the inner-product factor, the exhaustive "optimal" search
// and the "greedy" one under a memory limit, the list of pairwise steps that einsum then
// runs, and the report table. Sizes and costs are BigInts, exact as Python's integers,
// so ties and limits fall exactly where NumPy's do.

import { IndexError, OverflowError, RuntimeError, TypeError, ValueError } from "../../runtime/errors.js";
import { pyExp, pyFixed, pyRatio } from "./report.js";

type Labels = ReadonlySet<string>;
type Sizes = ReadonlyMap<string, number>;

/** A path as einsum_path returns it: "einsum_path", then the positions each step contracts. */
export type EinsumPath = ["einsum_path", ...number[][]];

function sizeBy(labels: Iterable<string>, sizes: Sizes): bigint {
  let n = 1n;
  for (const l of labels) n *= BigInt(sizes.get(l)!);
  return n;
}

/** NumPy's _flop_count: the iteration space's size times (terms - 1, at least 1, +1 with an inner product). */
function flopCount(idx: Labels, inner: boolean, terms: number, sizes: Sizes): bigint {
  return sizeBy(idx, sizes) * BigInt(Math.max(1, terms - 1) + (inner ? 1 : 0));
}

const union = (a: Iterable<string>, b: Iterable<string>) => new Set([...a, ...b]);

interface Contraction {
  /** The labels the new term keeps. */
  result: Set<string>;
  /** The terms left, the new one last. */
  remaining: Labels[];
  /** Labels summed away for good. */
  removed: Set<string>;
  /** Every label of the contracted terms. */
  idx: Set<string>;
}

/** NumPy's _find_contraction. */
function findContraction(positions: readonly number[], inputs: readonly Labels[], output: Labels): Contraction {
  let idx = new Set<string>(), keep = new Set(output);
  const remaining: Labels[] = [];
  inputs.forEach((s, i) => {
    if (positions.includes(i)) idx = union(idx, s);
    else { remaining.push(s); keep = union(keep, s); }
  });
  const result = new Set([...keep].filter((l) => idx.has(l)));
  const removed = new Set([...idx].filter((l) => !result.has(l)));
  remaining.push(result);
  return { result, remaining, removed, idx };
}

function* pairs(n: number): Generator<[number, number]> {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield [i, j];
}

/** The first entry with the least key, as Python's min(). */
function minBy<T>(list: readonly T[], less: (a: T, b: T) => boolean): T {
  let best = list[0];
  for (const x of list) if (less(x, best)) best = x;
  return best;
}

/** NumPy's _optimal_path: every order of pairwise contractions whose intermediates fit `limit`; the cheapest. */
export function optimalPath(inputs: readonly Labels[], output: Labels, sizes: Sizes, limit: bigint): number[][] {
  type Partial = { cost: bigint; path: number[][]; remaining: readonly Labels[] };
  let full: Partial[] = [{ cost: 0n, path: [], remaining: inputs }];
  const cheaper = (a: Partial, b: Partial) => a.cost < b.cost;
  for (let it = 0; it < inputs.length - 1; it++) {
    const next: Partial[] = [];
    for (const cur of full) {
      for (const con of pairs(inputs.length - it)) {
        const c = findContraction(con, cur.remaining, output);
        if (sizeBy(c.result, sizes) > limit) continue;
        next.push({ cost: cur.cost + flopCount(c.idx, c.removed.size > 0, 2, sizes), path: [...cur.path, con], remaining: c.remaining });
      }
    }
    if (next.length === 0) {
      // nothing fits: the best so far, then everything left in one step
      return [...minBy(full, cheaper).path, [...Array(inputs.length - it).keys()]];
    }
    full = next;
  }
  return minBy(full, cheaper).path;
}

/** A candidate step of the greedy search: (-size removed, cost), positions, the terms after it. */
interface Candidate { removedSize: bigint; cost: bigint; pos: [number, number]; sets: Labels[] }

/** NumPy's _parse_possible_contraction: null when over the memory limit or the naive cost. */
function candidate(pos: [number, number], inputs: readonly Labels[], output: Labels, sizes: Sizes, limit: bigint, pathCost: bigint, naive: bigint): Candidate | null {
  const c = findContraction(pos, inputs, output);
  const newSize = sizeBy(c.result, sizes);
  if (newSize > limit) return null;
  const removedSize = sizeBy(inputs[pos[0]], sizes) + sizeBy(inputs[pos[1]], sizes) - newSize;
  const cost = flopCount(c.idx, c.removed.size > 0, 2, sizes);
  if (pathCost + cost > naive) return null;
  return { removedSize, cost, pos, sets: c.remaining };
}

/** NumPy's _update_other_results: the candidates untouched by `best`, renumbered, with best's result among their terms. */
function updateOthers(results: readonly Candidate[], best: Candidate): Candidate[] {
  const [bx, by] = best.pos;
  const out: Candidate[] = [];
  for (const r of results) {
    const [x, y] = r.pos;
    if (x === bx || x === by || y === bx || y === by) continue;
    const sets = [...r.sets];
    sets.splice(by - +(by > x) - +(by > y), 1);
    sets.splice(bx - +(bx > x) - +(bx > y), 1);
    sets.splice(sets.length - 1, 0, best.sets[best.sets.length - 1]);
    out.push({ ...r, pos: [x - +(x > bx) - +(x > by), y - +(y > bx) - +(y > by)], sets });
  }
  return out;
}

/**
 * NumPy's _greedy_path: each step contracts the pair that removes the most elements (then
 * costs least), preferring pairs that share a label; outer products only when no other pair is left.
 */
export function greedyPath(inputs: readonly Labels[], output: Labels, sizes: Sizes, limit: bigint): number[][] {
  if (inputs.length === 1) return [[0]];
  if (inputs.length === 2) return [[0, 1]];
  const all = findContraction([...inputs.keys()], inputs, output);
  const naive = flopCount(all.idx, all.removed.size > 0, inputs.length, sizes);
  let sets: Labels[] = [...inputs];
  let known: Candidate[] = [];
  let scan: Iterable<[number, number]> = pairs(sets.length);
  let pathCost = 0n;
  const path: number[][] = [];
  const better = (a: Candidate, b: Candidate) => -a.removedSize < -b.removedSize || (a.removedSize === b.removedSize && a.cost < b.cost);
  const n0 = sets.length;
  for (let it = 0; it < n0 - 1; it++) {
    for (const pos of scan) {
      const [i, j] = pos;
      if ([...sets[i]].every((l) => !sets[j].has(l))) continue; // outer products later
      const c = candidate(pos, sets, output, sizes, limit, pathCost, naive);
      if (c) known.push(c);
    }
    if (known.length === 0) {
      for (const pos of pairs(sets.length)) {
        const c = candidate(pos, sets, output, sizes, limit, pathCost, naive);
        if (c) known.push(c);
      }
      if (known.length === 0) {
        path.push([...sets.keys()]);
        break;
      }
    }
    const best = minBy(known, better);
    known = updateOthers(known, best);
    sets = best.sets;
    const last = sets.length - 1;
    scan = Array.from({ length: last }, (_, i): [number, number] => [i, last]);
    path.push([...best.pos]);
    pathCost += best.cost;
  }
  return path;
}

/** NumPy's _can_dot: would NumPy run this step with tensordot (BLAS)? */
export function canDot(inputs: readonly string[], result: string, removed: Labels): boolean {
  if (removed.size === 0 || inputs.length !== 2) return false;
  const [left, right] = inputs;
  for (const c of new Set(left + right)) {
    const nl = left.split(c).length - 1, nr = right.split(c).length - 1;
    if (nl > 1 || nr > 1 || nl + nr > 2) return false;
    if (nl + nr - 1 === +result.includes(c)) return false;
  }
  const setL = new Set(left), setR = new Set(right);
  const keepL = [...setL].filter((c) => !removed.has(c)), keepR = [...setR].filter((c) => !removed.has(c));
  const rs = removed.size;
  if (left === right) return true;
  if (setL.size === setR.size && [...setL].every((c) => setR.has(c))) return false;
  const head = (s: string) => s.slice(0, rs), tail = (s: string) => s.slice(Math.max(0, s.length - rs)); // Python's s[:rs], s[-rs:]
  if (tail(left) === head(right) || head(left) === tail(right) || tail(left) === tail(right) || head(left) === head(right)) return true;
  if (keepL.length === 0 || keepR.length === 0) return false;
  return true;
}

/** One step of a path: which terms, what it computes, and how NumPy would run it. */
export interface Step {
  /** Positions in the current list of terms, largest first (popped in this order). */
  readonly inds: readonly number[];
  /** Labels summed away in this step. */
  readonly removed: ReadonlySet<string>;
  /** `terms->result` of this step. */
  readonly einsumStr: string;
  /** The terms after this step. */
  readonly remaining: readonly string[];
  /** NumPy would use tensordot. */
  readonly blas: boolean;
}

/** How `optimize` selects a path. */
export type PathChoice = { kind: "none" } | { kind: "explicit"; steps: readonly unknown[] } | { kind: "named"; name: string; limit: bigint | null };

/** Python's str() of a JS value, for einsum_path's "Did not understand the path" message. */
export function pyStr(v: unknown, inner = false): string {
  if (typeof v === "string") return inner ? `'${v}'` : v;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null || v === undefined) return "None";
  if (Array.isArray(v)) return `[${v.map((x) => pyStr(x, true)).join(", ")}]`;
  return String(v);
}

/** Python's int() of a number. */
function pyInt(x: number): bigint {
  if (Number.isNaN(x)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new OverflowError("cannot convert float infinity to integer");
  return BigInt(Math.trunc(x));
}

/** einsum_path's reading of its `optimize` argument (before it parses anything). */
export function pathChoice(optimize: unknown): PathChoice {
  if (optimize === true) return { kind: "named", name: "greedy", limit: null };
  if (optimize === false || optimize === null || optimize === undefined) return { kind: "none" };
  if (typeof optimize === "string") return { kind: "named", name: optimize, limit: null };
  if (typeof optimize === "number" || typeof optimize === "bigint") throw new TypeError(`object of type '${Number.isInteger(Number(optimize)) ? "int" : "float"}' has no len()`);
  if (Array.isArray(optimize)) {
    if (optimize.length && optimize[0] === "einsum_path") return { kind: "explicit", steps: optimize.slice(1) };
    if (optimize.length === 2 && typeof optimize[0] === "string" && typeof optimize[1] === "number")
      return { kind: "named", name: optimize[0], limit: pyInt(optimize[1]) };
  }
  throw new TypeError(`Did not understand the path: ${pyStr(optimize)}`);
}

/** The path einsum_path computes and its steps, before the report. */
export interface Plan {
  readonly path: unknown[];
  readonly steps: readonly Step[];
  readonly costs: readonly bigint[];
  readonly scales: readonly number[];
  readonly sizes: readonly bigint[];
  readonly naiveCost: bigint;
  readonly nLabels: number;
}

/** Python's list.pop(i) of a step's position. */
function pop<T>(list: T[], i: number): T {
  if (!(i >= -list.length && i < list.length)) throw new IndexError("pop index out of range");
  return list.splice(i < 0 ? i + list.length : i, 1)[0];
}

/** The positions a step of an explicit path lists, as Python's sorted(list(x), reverse=True). */
function stepPositions(x: unknown): number[] {
  if (typeof x === "number") throw new TypeError(`'${Number.isInteger(x) ? "int" : "float"}' object is not iterable`);
  if (!Array.isArray(x) || x.some((i) => typeof i !== "number" || !Number.isInteger(i))) throw new TypeError(`Did not understand the path step: ${pyStr(x)}`);
  return [...(x as number[])].sort((a, b) => b - a);
}

/**
 * einsum_path after the parse: the path (searched, or as given) and its steps.
 * `terms`/`output` are letters; `ones` the labels of extent 1 in each term.
 */
export function planPath(choice: PathChoice, terms: readonly string[], output: string, sizes: Sizes, ones: readonly ReadonlySet<string>[]): Plan {
  const inputSets0: Labels[] = terms.map((t) => new Set(t));
  const outputSet = new Set(output);
  const indices = new Set(terms.join(""));
  const limit = choice.kind === "named" && choice.limit !== null ? choice.limit
    : [...terms, output].map((t) => sizeBy(t, sizes)).reduce((a, b) => (b > a ? b : a), 0n);
  const inner = terms.reduce((n, t) => n + new Set(t).size, 0) - indices.size > 0;
  const naiveCost = flopCount(indices, inner, terms.length, sizes);

  let path: unknown[];
  if (choice.kind === "explicit") path = [...choice.steps];
  else if (choice.kind === "none" || terms.length <= 2 || (indices.size === outputSet.size && [...indices].every((l) => outputSet.has(l))))
    path = [[...terms.keys()]];
  else if (choice.name === "greedy") path = greedyPath(inputSets0, outputSet, sizes, limit);
  else if (choice.name === "optimal") path = optimalPath(inputSets0, outputSet, sizes, limit);
  else throw new ValueError(`('Path name %s not found', '${choice.name}')`); // NumPy: a KeyError

  const costs: bigint[] = [], scales: number[] = [], stepSizes: bigint[] = [], steps: Step[] = [];
  let inputSets = inputSets0;
  const list = [...terms];
  const bcast = ones.map((s) => new Set(s));
  path.forEach((raw, n) => {
    const inds = stepPositions(raw);
    const c = findContraction(inds, inputSets, outputSet);
    inputSets = c.remaining;
    costs.push(flopCount(c.idx, c.removed.size > 0, inds.length, sizes));
    scales.push(c.idx.size);
    stepSizes.push(sizeBy(c.result, sizes));
    const tmp: string[] = [];
    let b = new Set<string>();
    for (const x of inds) {
      tmp.push(pop(list, x));
      b = union(b, pop(bcast, x));
    }
    const newBcast = new Set([...b].filter((l) => !c.removed.has(l)));
    const blas = [...c.removed].some((l) => b.has(l)) ? false : canDot(tmp, [...c.result].join(""), c.removed);
    // the last step writes the output's order; intermediates sort by (extent, label)
    const result = n === path.length - 1 ? output
      : [...c.result].sort((x, y) => sizes.get(x)! - sizes.get(y)! || (x < y ? -1 : x > y ? 1 : 0)).join("");
    list.push(result);
    bcast.push(newBcast);
    steps.push({ inds, removed: c.removed, einsumStr: `${tmp.join(",")}->${result}`, remaining: [...list], blas });
  });
  if (list.length !== 1) throw new RuntimeError(`Invalid einsum_path is specified: ${list.length - 1} more operands has to be contracted.`);
  return { path, steps, costs, scales, sizes: stepSizes, naiveCost, nLabels: indices.size };
}

/** einsum_path's printable report of a plan. */
export function report(plan: Plan, inputs: string, output: string): string {
  if (plan.steps.length === 0) throw new ValueError("max() arg is an empty sequence");
  const opt = plan.costs.reduce((a, b) => a + b, 0n) + 1n;
  const maxSize = plan.sizes.reduce((a, b) => (b > a ? b : a));
  const lines = [
    `  Complete contraction:  ${inputs}->${output}`,
    `         Naive scaling:  ${plan.nLabels}`,
    `     Optimized scaling:  ${Math.max(...plan.scales)}`,
    `      Naive FLOP count:  ${pyExp(Number(plan.naiveCost), 3)}`,
    `  Optimized FLOP count:  ${pyExp(Number(opt), 3)}`,
    `   Theoretical speedup:  ${pyFixed(pyRatio(plan.naiveCost, opt), 3)}`,
    `  Largest intermediate:  ${pyExp(Number(maxSize), 3)} elements`,
    "-".repeat(74),
    `${"scaling".padStart(6)} ${"current".padStart(24)} ${"remaining".padStart(40)}`,
    "-".repeat(74),
  ];
  let s = lines.join("\n");
  plan.steps.forEach((st, n) => {
    const remaining = `${st.remaining.join(",")}->${output}`;
    s += `\n${String(plan.scales[n]).padStart(4)}    ${st.einsumStr.padStart(24)} ${remaining.padStart(40)}`;
  });
  return s;
}
