"""The prepared GPU check: everything that needs a GPU, in one time-boxed run.

    python3 dev.py gpu                 # on the GPU machine, from the repository root
    python3 dev.py gpu --cpu-dry-run   # the same steps on NumPy (the test suite runs it)

It installs the carried wheels (``gpu-wheels/``, made by ``dev.py gpu-pack``) and flexgrad
into a temporary folder put on PYTHONPATH, prints the GPU and the library versions, then
runs each step below in its own process under a time limit: a step that fails or runs
out of time is recorded and the next one runs. The log and a JSON summary go to ``$OUT``
when set, else ``gpu-results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / "gpu-wheels"
BUDGET_S = 450  # every step together; with the install it ends within 8 minutes

PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short"]
# (name, argv, seconds) on the GPU, and the same step on the CPU for the dry run
GPU_STEPS = [
    ("gpu_tests", PYTEST + ["-m", "gpu", "--maxfail=20", "tests"], 150),
    ("op_table_cupy", PYTEST + ["--maxfail=20", "tests/functions/test_op_table.py",
                                "-k", "cupy"], 110),
    ("torch_cuda_and_jax_gpu", [sys.executable, "benchmarks/gpu_steps.py", "other-gpus"], 40),
    ("trainer_cupy", [sys.executable, "examples/mnist/train_mnist.py", "--subset", "600",
                      "--epoch", "1", "--device", "@cupy:0", "--noplot", "--out", "{tmp}"], 60),
    ("save_cupy_load_numpy", [sys.executable, "benchmarks/gpu_steps.py", "roundtrip",
                              "@cupy:0"], 30),
    ("benchmarks", [sys.executable, "benchmarks/gpu_bench.py", "--out", "{out}/bench.json"],
     150),
]
CPU_STEPS = [
    ("gpu_tests", PYTEST + ["tests/test_host_syncs.py"], 60),
    ("trainer_numpy", [sys.executable, "examples/mnist/train_mnist.py", "--subset", "60",
                       "--epoch", "1", "--unit", "20", "--device", "@numpy", "--noplot",
                       "--out", "{tmp}"], 60),
    ("torch_cuda_and_jax_gpu", [sys.executable, "benchmarks/gpu_steps.py", "other-gpus"], 40),
    ("save_torch_load_numpy", [sys.executable, "benchmarks/gpu_steps.py", "roundtrip",
                               "@torch"], 30),
    ("benchmarks", [sys.executable, "benchmarks/gpu_bench.py", "--cpu-dry-run", "--only",
                    "mlp_b100", "lstm_whole", "--out", "{out}/bench.json"], 60),
]


def _install(target: Path, log) -> str:
    """Carried wheels and flexgrad (no dependencies) into ``target``; what went wrong."""
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps",
           "--no-compile", "--disable-pip-version-check", "--target", str(target)]
    wheels = sorted(str(w) for w in WHEELS.glob("*.whl"))
    problems = []
    if not wheels:
        problems.append(f"no wheels in {WHEELS} (run python3 dev.py gpu-pack here first)")
    elif subprocess.call(pip + wheels, stdout=log, stderr=log):
        problems.append("installing the carried wheels failed")
    if subprocess.call(pip + ["--no-build-isolation", str(ROOT)], stdout=log, stderr=log):
        problems.append("installing flexgrad failed; using src/ instead")
    return "; ".join(problems)


def _versions(gpu: bool) -> dict:
    """The GPU, CUDA and library versions, each read in a try of its own."""
    code = (
        "import importlib, json, platform\n"
        "out = {'python': platform.python_version()}\n"
        "for name in ('flexgrad', 'numpy', 'cupy', 'torch', 'jax', 'dask', "
        "'array_api_compat', 'array_api_strict', 'hypothesis', 'pytest'):\n"
        "    try: out[name] = importlib.import_module(name).__version__\n"
        "    except Exception as exc: out[name] = f'missing ({type(exc).__name__})'\n"
        "try:\n"
        "    import cupy\n"
        "    rt = cupy.cuda.runtime\n"
        "    out['cuda_runtime'], out['cuda_driver'] = rt.runtimeGetVersion(), "
        "rt.driverGetVersion()\n"
        "    out['gpus'] = [rt.getDeviceProperties(i)['name'].decode() "
        "for i in range(rt.getDeviceCount())]\n"
        "except Exception as exc: out['cuda'] = f'unavailable ({type(exc).__name__}: {exc})'\n"
        "print(json.dumps(out))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120, cwd=ROOT)
    try:
        versions = json.loads(found.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        versions = {"error": (found.stderr or found.stdout)[-2000:]}
    if gpu:
        smi = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,memory.total",
                              "--format=csv,noheader"], capture_output=True, text=True)
        versions["nvidia_smi"] = smi.stdout.strip() or smi.stderr.strip()
    return versions


def _run_step(name: str, argv: list[str], limit: float, log, paths: dict) -> dict:
    """One step in its own process, killed at ``limit`` seconds; its outcome."""
    argv = [a.format(**paths) for a in argv]
    log.write(f"\n===== {name}: {' '.join(argv)} (limit {limit:.0f} s)\n")
    log.flush()
    start = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=limit)
        rc, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        rc = "timeout"
        output = "".join(p.decode() if isinstance(p, bytes) else (p or "")
                         for p in (exc.stdout, exc.stderr))
    log.write(output)
    seconds = round(time.monotonic() - start, 1)
    print(f"gpu-check: {name}: {'ok' if rc == 0 else f'FAILED ({rc})'} in {seconds} s",
          flush=True)
    return {"name": name, "ok": rc == 0, "rc": rc, "seconds": seconds,
            "tail": output[-3000:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-dry-run", action="store_true",
                        help="the same steps on NumPy and torch CPU, in this environment")
    args = parser.parse_args(argv)
    gpu = not args.cpu_dry_run
    out = Path(os.environ.get("OUT") or ROOT / "gpu-results")
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary: dict = {"mode": "gpu" if gpu else "cpu-dry-run", "steps": []}
    with open(out / "gpu-check.log", "w") as log, tempfile.TemporaryDirectory() as tmp:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            ([str(Path(tmp) / "site")] if gpu else []) + [str(ROOT / "src"),
                                                          os.environ.get("PYTHONPATH", "")])
        if gpu:
            summary["install"] = _install(Path(tmp) / "site", log) or "ok"
        summary["versions"] = _versions(gpu)
        print("gpu-check: " + json.dumps(summary["versions"]), flush=True)
        paths = {"tmp": tmp, "out": str(out)}
        for name, step_argv, limit in GPU_STEPS if gpu else CPU_STEPS:
            left = BUDGET_S - (time.monotonic() - started)
            if left < 10:
                summary["steps"].append({"name": name, "ok": False, "rc": "no time left"})
                continue
            summary["steps"].append(_run_step(name, step_argv, min(limit, left), log, paths))
    bench = out / "bench.json"
    if bench.exists():
        summary["benchmarks"] = json.loads(bench.read_text())
    summary["seconds"] = round(time.monotonic() - started, 1)
    (out / "gpu-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    failed = [s["name"] for s in summary["steps"] if not s["ok"]]
    print(f"gpu-check: {len(summary['steps']) - len(failed)} steps ok, failed: {failed}; "
          f"summary in {out / 'gpu-summary.json'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
