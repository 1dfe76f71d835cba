"""Run flexgrad's benchmarks against the hand-written NumPy floor and PyTorch (CPU).

    python benchmarks/run.py            # 9 interleaved rounds, ~0.4 s per sample
    python benchmarks/run.py --quick    # 5 rounds, ~0.1 s per sample
    python benchmarks/breakdown.py      # unit costs behind the per-op overhead

Every contender runs in this one process. NumPy's BLAS and PyTorch get the same number of
threads (``--threads``, default ``os.cpu_count()``): the BLAS through the OMP/OpenBLAS/MKL
environment variables, set here before NumPy is imported, and PyTorch through
``torch.set_num_threads``. Results go to ``benchmarks/results/latest.json`` (a run with
``--only NAME`` to ``NAME.json``).

Run it on a quiet machine: another busy process makes multi-threaded BLAS stall for whole
scheduler ticks (the MLP step then takes 10x longer); the load average at the start is
printed and saved to flag such runs, and ``--threads 1`` sidesteps the stalls.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
# (benchmark, numerator, denominator, target or None)
RATIOS = (
    ("tiny_ops", "flexgrad", "torch", 0.75),
    ("tiny_ops", "flexgrad_static", "torch", 0.4),
    ("tiny_ops", "flexgrad_static", "numpy", None),
    ("tiny_ops", "flexgrad", "numpy", None),
    ("tiny_ops", "flexgrad_torch", "torch", None),
    ("mlp", "flexgrad", "numpy", 1.05),
    ("mlp", "torch", "numpy", None),
    ("mlp", "flexgrad_torch", "torch", None),
    ("convnet", "flexgrad", "torch", 1.2),
    ("convnet", "flexgrad", "numpy", None),
    ("convnet", "torch", "numpy", None),
    ("lstm_stepped", "flexgrad", "numpy", 1.10),
    ("lstm_stepped", "flexgrad_static", "numpy", 1.02),
    ("lstm_stepped", "torch", "numpy", None),
    ("lstm_whole", "flexgrad", "numpy", 1.10),
    ("lstm_whole", "torch", "numpy", None),
)
BENCHMARKS = ("tiny_ops", "mlp", "convnet", "lstm_stepped", "lstm_whole")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds of short samples")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (at least 5)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=BENCHMARKS, help="run one benchmark")
    args = parser.parse_args()
    args.rounds = max(5, args.rounds or (5 if args.quick else 9))
    args.min_time = 0.1 if args.quick else 0.4
    return args


def _set_threads(n: int):
    """Pin NumPy's BLAS and PyTorch to ``n`` threads; returns torch, or None if missing."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(n)
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: skipped (pip install 'flexgrad[bench]' adds it)")
        return None
    torch.set_num_threads(n)
    return torch


def main() -> None:
    args = _parse()
    torch = _set_threads(args.threads)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import convnet
    import lstm
    import mlp
    import numpy
    import tiny_ops
    from _timing import compete

    import flexgrad

    modules = {"tiny_ops": tiny_ops, "mlp": mlp, "convnet": convnet,
               "lstm_stepped": lstm.STEPPED, "lstm_whole": lstm.WHOLE}
    if args.only:
        modules = {args.only: modules[args.only]}
    results = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "threads": args.threads,
        "rounds": args.rounds,
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "versions": {
            "flexgrad": flexgrad.__version__,
            "numpy": numpy.__version__,
            "torch": torch.__version__ if torch else None,
        },
        "benchmarks": {},
        "ratios": {},
    }
    for name, module in modules.items():
        print(f"running {name} ({args.rounds} rounds) ...", flush=True)
        timings = compete(module.contenders(torch), args.rounds, args.min_time)
        for t in timings.values():
            for key in ("median", "min"):
                t[key] = module.per_call_to_unit(t[key])
            t["samples"] = [module.per_call_to_unit(s) for s in t["samples"]]
        results["benchmarks"][name] = {"unit": module.UNIT, "contenders": timings}
    for bench, num, den, target in RATIOS:
        timed = results["benchmarks"].get(bench, {}).get("contenders", {})
        if num in timed and den in timed:
            results["ratios"][f"{bench}: {num}/{den}"] = {
                "median": timed[num]["median"] / timed[den]["median"],
                "min": timed[num]["min"] / timed[den]["min"],
                "target": target,
            }
    _print(results)
    # a partial run (--only) must not overwrite the full run's figures
    path = RESULTS.with_name(f"{args.only}.json") if args.only else RESULTS
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {path}")


def _print(results: dict) -> None:
    print(f"\n{results['machine']} (load {results['load_average_at_start']}), "
          f"{results['threads']} threads, {results['rounds']} rounds; "
          + ", ".join(f"{k} {v}" for k, v in results["versions"].items() if v))
    for name, bench in results["benchmarks"].items():
        print(f"\n{name}: {bench['unit']}")
        print(f"  {'contender':<14} {'median':>10} {'min':>10}")
        for who, t in bench["contenders"].items():
            print(f"  {who:<14} {t['median']:>10.3f} {t['min']:>10.3f}")
    print(f"\n  {'ratio':<34} {'median':>8} {'min':>8}  target")
    for name, r in results["ratios"].items():
        target = "" if r["target"] is None else f"<= {r['target']}"
        ok = "" if r["target"] is None else (" ok" if r["median"] <= r["target"] else " MISSED")
        print(f"  {name:<34} {r['median']:>8.2f} {r['min']:>8.2f}  {target}{ok}")
    busy = results["load_average_at_start"] >= 0.5
    if busy and results["threads"] > 1 and "mlp" in results["benchmarks"]:
        print("\nwarning: the machine was busy at the start; threaded BLAS may have stalled "
              "(rerun when idle, or with --threads 1)")


if __name__ == "__main__":
    main()
