// npm run demo: one fused expression on 4e6 float64 elements, fused vs unfused.
import * as np from "../dist/index.js";

const N = 4_000_000;
const a = np.linspace(0, 10, N);
const b = np.linspace(-5, 5, N);
const c = np.linspace(-1, 1, N).evalSync();
a.evalSync(); b.evalSync();

// sin(a)**2 + cos(b)**2 + a*b/(1+abs(c)), built lazily: nothing runs until eval.
const expr = () => np.sin(a).pow(2).add(np.cos(b).pow(2)).add(a.mul(b).div(np.abs(c).add(1)));

// NumPy's way: every operation is its own pass writing its own temporary.
async function unfused() {
  await new Promise((r) => setImmediate(r)); // the same one-macrotask yield as eval()
  const t1 = np.sin(a).evalSync();
  const t2 = t1.pow(2).evalSync();
  const t3 = np.cos(b).evalSync();
  const t4 = t3.pow(2).evalSync();
  const t5 = t2.add(t4).evalSync();
  const t6 = a.mul(b).evalSync();
  const t7 = np.abs(c).evalSync();
  const t8 = t7.add(1).evalSync();
  const t9 = t6.div(t8).evalSync();
  return t5.add(t9).evalSync();
}
const fused = () => expr().eval();

async function median(fn, reps) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: compile kernels, fill the buffer pool
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((x, y) => x - y);
  return ts[reps >> 1];
}

const e = expr();
console.log(`e = sin(a)**2 + cos(b)**2 + a*b/(1+abs(c))   with a, b, c float64 of ${N.toExponential(0)} elements\n`);
console.log("e.shape =", e.shape, " e.dtype =", String(e.dtype), " pending:", e.isPending);
console.log(e.repr()); // reading data evaluates implicitly
const ref = await unfused();
console.log("fused == unfused (bitwise):", np.arrayEqual(e, ref).item(), "\n");

const tf = await median(fused, 9);
const tu = await median(unfused, 9);
console.log(`fused   (1 kernel, 1 pass)        ${tf.toFixed(1).padStart(7)} ms`);
console.log(`unfused (10 ops, 10 temporaries)  ${tu.toFixed(1).padStart(7)} ms`);
console.log(`speedup                           ${(tu / tf).toFixed(2).padStart(7)}x   (median of 9, single thread)\n`);

console.log("e.explain():");
console.log(expr().explain());
