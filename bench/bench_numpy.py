"""NumPy / numexpr side of `npm run bench` and `npm run bench:pool` (bench/run.mjs and
bench/pool.mjs start it once, with /usr/bin/python3).

Protocol, one JSON object per line: on start it prints the versions
  {"numpy": "1.24.2", "numexpr": "2.8.4" | null, "numexpr_default_threads": 2, ...}
(or {"error": "..."} when NumPy is missing), then for each request read from stdin
  {"workload": "a*b + 2*a", "n": 1000000, "reps": 9, "min_sample_s": 0.01}
it replies with median seconds per call for each engine and a checksum of the result
  {"numpy": s, "numexpr1": s, "numexprN": s, "checksum": float}
Optional request fields (bench/pool.mjs, bench/reductions.mjs):
  "shape": [r, c]       a, b, c reshaped to this shape (reductions along an axis, products)
  "dtype": "float32"    a, b, c cast to this dtype
  "threads": [1, 2]     numexpr at these thread counts instead of 1 and its default: the
                        reply then has "numexpr_threads": {"1": s, "2": s} (and no numexpr1/N)
  "skip_numpy": true    no NumPy timing (the reply still has the checksum)
and one other request: {"fresh": n} times np.ones(n) (a fresh float64 buffer, every page
touched) with NumPy's transparent-huge-page advice on and off (median of 5 each):
  {"hugepage": s, "no_hugepage": s}   (or {"error": ...} when NumPy cannot switch it)
Interleaving requests with numfuse's own measurements keeps the comparison fair on a
busy machine. Inputs match bench/run.mjs:
  a = linspace(-3, 3, n), b = linspace(1, -2, n), c = linspace(-1, 1, n).
"""
import json
import os
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import numpy as np
except ImportError as exc:
    reply({"error": "numpy is not installed: %s" % exc})
    sys.exit(0)

try:
    import numexpr as ne
except ImportError:  # numexpr is optional
    ne = None

# The workloads as a NumPy user writes them; numexpr gets the same text.
NUMPY_FNS = {
    "a*b + 2*a": lambda a, b, c: a * b + 2 * a,
    "sin(a)**2 + cos(b)**2 + a*b/(1+abs(c))":
        lambda a, b, c: np.sin(a) ** 2 + np.cos(b) ** 2 + a * b / (1 + np.abs(c)),
    # reductions (bench/reductions.mjs): a, b reshaped to the request's "shape"
    "sum(a)": lambda a, b, c: np.sum(a),
    "sum((a-b)**2, axis=1)": lambda a, b, c: np.sum((a - b) ** 2, axis=1),
    "std(a, axis=0)": lambda a, b, c: np.std(a, axis=0),
    "sum(a, axis=0)": lambda a, b, c: np.sum(a, axis=0),
    "max(a)": lambda a, b, c: np.max(a),
    "(a - mean(a)) / std(a)": lambda a, b, c: (a - a.mean()) / a.std(),
    # products (bench/matmul.mjs)
    "a @ b": lambda a, b, c: a @ b,
    "einsum('bij,bjk->bik', a, b)": lambda a, b, c: np.einsum("bij,bjk->bik", a, b),
    "einsum('ij,jk,kl->il', a, b, c, optimize=True)": lambda a, b, c: np.einsum("ij,jk,kl->il", a, b, c, optimize=True),
    # linalg (bench/linalg.mjs): M = a + n*I is well conditioned; S = M + M.T symmetric
    "solve(M, b[:, 0])": lambda a, b, c: np.linalg.solve(well(a), b[:, 0]),
    "inv(M)": lambda a, b, c: np.linalg.inv(well(a)),
    "det(M)": lambda a, b, c: np.linalg.det(well(a) / a.shape[0]),
    "eigh(S)": lambda a, b, c: np.linalg.eigh(well(a) + well(a).T)[0],
    "svd(M)": lambda a, b, c: np.linalg.svd(well(a))[1],
    # sorting, FFT, histograms (bench/sortfft.mjs): u = noise in [0, 1) (see noise())
    "sort(u)": lambda a, b, c: np.sort(noise(a)),
    "unique(floor(u * 1000))": lambda a, b, c: np.unique(np.floor(noise(a) * 1000).astype(np.int32)),
    "fft(u + i*v)": lambda a, b, c: np.fft.fft(noise(a) + 1j * noise(b)),
    "histogram(u, 100)": lambda a, b, c: np.histogram(noise(a), 100)[0],
    # random (bench/random.mjs): n = a.size draws; the streams numfuse reproduces
    "rand(n)": lambda a, b, c: np.random.rand(a.size),
    "randn(n)": lambda a, b, c: np.random.randn(a.size),
    "randint(0, 1000, n)": lambda a, b, c: np.random.randint(0, 1000, a.size),
    "rng.random(n)": lambda a, b, c: _rng.random(a.size),
    "rng.standard_normal(n)": lambda a, b, c: _rng.standard_normal(a.size),
    "rng.integers(0, 1000, n)": lambda a, b, c: _rng.integers(0, 1000, a.size),
}

_rng = np.random.default_rng(0)


_noise = {}


def noise(x):
    """A uniform-looking sequence in [0, 1) from x's length and first value (cached: built once, not timed)."""
    key = (x.size, float(x.flat[0]))
    if key not in _noise:
        t = np.sin(np.arange(x.size, dtype=np.float64) * 12.9898 + float(x.flat[0])) * 43758.5453
        _noise[key] = t - np.floor(t)
    return _noise[key]


def well(a):
    return a + a.shape[0] * np.eye(a.shape[0])
# numexpr's form where it has one (its reductions are sum/prod/min/max, outermost only)
NUMEXPR_EXPRS = {"sum(a)": "sum(a)", "sum((a-b)**2, axis=1)": "sum((a-b)**2, axis=1)", "sum(a, axis=0)": "sum(a, axis=0)", "max(a)": "max(a)"}


def median_time(fn, reps, min_sample):
    """Median seconds per call: warm up, then batch calls so one sample takes >= min_sample."""
    t0 = time.perf_counter()
    fn()
    fn()
    one = max((time.perf_counter() - t0) / 2, 1e-7)
    k = max(1, int(min_sample / one + 0.999))
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(k):
            fn()
        samples.append((time.perf_counter() - t) / k)
    samples.sort()
    return samples[len(samples) // 2]


def fresh_times(n):
    """np.ones(n) with and without NumPy's madvise(MADV_HUGEPAGE) on large allocations."""
    from numpy.core import multiarray
    if not hasattr(multiarray, "_set_madvise_hugepage"):
        return {"error": "this NumPy cannot switch its huge-page advice"}
    out = {}
    before = multiarray._set_madvise_hugepage(True)  # returns the previous setting
    for key, on in (("hugepage", True), ("no_hugepage", False)):
        multiarray._set_madvise_hugepage(on)
        ts = []
        for _ in range(6):
            t = time.perf_counter()
            np.ones(n)
            ts.append(time.perf_counter() - t)
        ts = sorted(ts[1:])
        out[key] = ts[len(ts) // 2]
    multiarray._set_madvise_hugepage(before)
    return out


def blas_name():
    """Which BLAS NumPy's matmul calls (Debian: reference BLAS unless OpenBLAS is installed)."""
    try:
        import ctypes, re
        maps = open("/proc/self/maps").read()
        for lib in ("libopenblas", "libblis", "libmkl", "libblas"):
            if lib in maps:
                m = re.search(r"(/\S*%s\S*)" % lib, maps)
                return os.path.realpath(m.group(1)) if m else lib
    except OSError:
        pass
    return None


default_threads = None
if ne is not None:
    default_threads = ne.detect_number_of_cores()
    if "NUMEXPR_NUM_THREADS" in os.environ:
        default_threads = int(os.environ["NUMEXPR_NUM_THREADS"])
reply({
    "numpy": np.__version__,
    "numexpr": ne.__version__ if ne is not None else None,
    "numexpr_default_threads": default_threads,
    "python": sys.version.split()[0],
    "blas": blas_name(),
})

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    if "fresh" in req:
        reply(fresh_times(int(req["fresh"])))
        continue
    name, n = req["workload"], int(req["n"])
    reps, min_sample = int(req["reps"]), float(req["min_sample_s"])
    fn = NUMPY_FNS[name]
    a = np.linspace(-3, 3, n)
    b = np.linspace(1, -2, n)
    c = np.linspace(-1, 1, n)
    if req.get("shape"):
        a, b, c = (x.reshape(req["shape"]) for x in (a, b, c))
    if req.get("dtype"):
        a, b, c = (x.astype(req["dtype"]) for x in (a, b, c))
    expr = NUMEXPR_EXPRS.get(name, name) if name in NUMEXPR_EXPRS or name in ("a*b + 2*a", "sin(a)**2 + cos(b)**2 + a*b/(1+abs(c))") else None
    out = {"checksum": float(np.real(np.sum(fn(a, b, c))))}
    if not req.get("skip_numpy"):
        out["numpy"] = median_time(lambda: fn(a, b, c), reps, min_sample)
    if ne is not None and expr is not None and req.get("threads"):
        env = {"a": a, "b": b, "c": c}
        out["numexpr_threads"] = {}
        for t in req["threads"]:
            ne.set_num_threads(int(t))
            out["numexpr_threads"][str(t)] = median_time(lambda: ne.evaluate(expr, local_dict=env), reps, min_sample)
        ne.set_num_threads(default_threads)
    elif ne is not None and expr is not None:
        env = {"a": a, "b": b, "c": c}
        ne.set_num_threads(1)
        out["numexpr1"] = median_time(lambda: ne.evaluate(expr, local_dict=env), reps, min_sample)
        ne.set_num_threads(default_threads)
        out["numexprN"] = median_time(lambda: ne.evaluate(expr, local_dict=env), reps, min_sample)
    reply(out)
