"""NumPy / numexpr side of `npm run bench` (bench/run.mjs starts it once, with /usr/bin/python3).

Protocol, one JSON object per line: on start it prints the versions
  {"numpy": "1.24.2", "numexpr": "2.8.4" | null, "numexpr_default_threads": 2, ...}
(or {"error": "..."} when NumPy is missing), then for each request read from stdin
  {"workload": "a*b + 2*a", "n": 1000000, "reps": 9, "min_sample_s": 0.01}
it replies with median seconds per call for each engine and a checksum of the result
  {"numpy": s, "numexpr1": s, "numexprN": s, "checksum": float}
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
}


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
})

for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    name, n = req["workload"], int(req["n"])
    reps, min_sample = int(req["reps"]), float(req["min_sample_s"])
    fn = NUMPY_FNS[name]
    a = np.linspace(-3, 3, n)
    b = np.linspace(1, -2, n)
    c = np.linspace(-1, 1, n)
    out = {"numpy": median_time(lambda: fn(a, b, c), reps, min_sample),
           "checksum": float(fn(a, b, c).sum())}
    if ne is not None:
        env = {"a": a, "b": b, "c": c}
        ne.set_num_threads(1)
        out["numexpr1"] = median_time(lambda: ne.evaluate(name, local_dict=env), reps, min_sample)
        ne.set_num_threads(default_threads)
        out["numexprN"] = median_time(lambda: ne.evaluate(name, local_dict=env), reps, min_sample)
    reply(out)
