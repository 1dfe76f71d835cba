"""flexgrad on CuPy against a hand-written CuPy floor and PyTorch CUDA, in one process.

    python benchmarks/gpu_bench.py --out results.json            # on a GPU machine
    python benchmarks/gpu_bench.py --cpu-dry-run --out r.json    # the same on NumPy, tiny

It reuses the CPU benchmarks (mlp.py, convnet.py, lstm.py): each module is loaded afresh
with its ``np`` bound to CuPy, so its hand-written NumPy floor runs as a CuPy floor, its
flexgrad step gets CuPy arrays and its PyTorch step CUDA tensors. Each step is timed
between ``cupy.cuda`` events (the CPU dry run: ``time.perf_counter``) in interleaved rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import types
from pathlib import Path
from typing import Any

import numpy

HERE = Path(__file__).resolve().parent
# name -> (module file, globals to set; the dry run shrinks them further)
CASES = {
    "mlp_b100": ("mlp", {"BATCH": 100}),
    "mlp_b10000": ("mlp", {"BATCH": 10000}),
    "convnet": ("convnet", {}),
    "lstm_stepped": ("lstm", {}),
    "lstm_whole": ("lstm", {}),
}
DRY = {"mlp_b10000": {"BATCH": 300}, "convnet": {"BATCH": 4, "SIDE": 10},
       "lstm_stepped": {"VOCAB": 100, "UNITS": 16, "STEPS": 3},
       "lstm_whole": {"VOCAB": 100, "UNITS": 16, "STEPS": 3}}


class _Ufunc:
    """A CuPy ufunc with NumPy's ``.at`` (the LSTM floor's ``np.add.at``) where CuPy lacks it."""

    def __init__(self, ufunc: Any, at: Any) -> None:
        self._ufunc, self.at = ufunc, at

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._ufunc(*args, **kwargs)


def _cupy_as_numpy() -> Any:
    """A stand-in for ``numpy`` that makes CuPy arrays; random draws come from NumPy's
    generator, so the data equal the CPU benchmarks'."""
    import cupy
    import cupyx

    class Rng:
        def __init__(self, seed: int) -> None:
            self._rng = numpy.random.default_rng(seed)

        def __getattr__(self, name: str) -> Any:
            draw = getattr(self._rng, name)
            return lambda *a, **k: cupy.asarray(draw(*a, **k))

    class Shim(types.ModuleType):
        def __getattr__(self, name: str) -> Any:
            return getattr(cupy, name)

    module = Shim("cupy_as_numpy")
    module.random = types.SimpleNamespace(default_rng=Rng)
    module.add = cupy.add if hasattr(cupy.add, "at") else _Ufunc(cupy.add, cupyx.scatter_add)
    module.testing = numpy.testing
    return module


def _load(name: str, file: str, np_module: Any, settings: dict) -> Any:
    """A fresh copy of ``benchmarks/<file>.py`` computing with ``np_module``."""
    spec = importlib.util.spec_from_file_location(f"_gpu_{name}", HERE / f"{file}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.np = np_module
    for key, value in settings.items():
        setattr(module, key, value)
    return module


def _contenders(name: str, module: Any, torch: Any, asarray: Any) -> dict[str, Any]:
    """The floor, flexgrad and torch steps of one case, built by the CPU module."""
    if name.startswith("lstm"):
        out = getattr(module, "STEPPED" if name == "lstm_stepped" else "WHOLE").contenders(torch)
        out["floor"] = out.pop("numpy")
        return out
    rng = numpy.random.default_rng(0)
    if name == "convnet":
        out = module.contenders(torch)
        out["floor"] = out.pop("numpy")
        return out
    batch, sizes = module.BATCH, module.SIZES
    x = asarray(rng.standard_normal((batch, sizes[0]), dtype=numpy.float32))
    onehot = asarray(numpy.eye(sizes[-1], dtype=numpy.float32)[rng.integers(0, sizes[-1], batch)])
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params.append(asarray(rng.standard_normal((n_in, n_out), dtype=numpy.float32)
                              / n_in**0.5))
        params.append(asarray(numpy.zeros((n_out,), numpy.float32)))
    out = {"floor": lambda: module._numpy_step(x, onehot, params),
           "flexgrad": module._flexgrad_step(x, onehot, params, asarray)}
    if torch is not None:
        out["torch"] = module._torch_step(torch, x, onehot, params)
    return out


def _timer(gpu: bool) -> Any:
    """Seconds per call of ``fn`` over ``n`` calls: CUDA events around them on a GPU."""
    if not gpu:
        def cpu(fn: Any, n: int) -> float:
            start = time.perf_counter()
            for _ in range(n):
                fn()
            return (time.perf_counter() - start) / n
        return cpu
    import cupy

    def events(fn: Any, n: int) -> float:
        start, stop = cupy.cuda.Event(), cupy.cuda.Event()
        start.record()
        for _ in range(n):
            fn()
        stop.record()
        stop.synchronize()
        return cupy.cuda.get_elapsed_time(start, stop) / 1e3 / n

    return events


def run_case(name: str, gpu: bool, torch: Any, rounds: int, calls: int) -> dict:
    """Median ms per step of each contender, and flexgrad's ratios to the floor and torch."""
    file, settings = CASES[name]
    settings = {**settings, **({} if gpu else DRY.get(name, {}))}
    np_module = _cupy_as_numpy() if gpu else numpy
    module = _load(name, file, np_module, settings)
    asarray = np_module.asarray
    contenders = _contenders(name, module, torch, asarray)
    timed = _timer(gpu)
    for fn in contenders.values():  # warm-up: kernels compiled, memory pools filled
        timed(fn, 2)
    samples: dict[str, list[float]] = {who: [] for who in contenders}
    for _ in range(rounds):
        for who, fn in contenders.items():
            samples[who].append(timed(fn, calls) * 1e3)
    ms = {who: statistics.median(s) for who, s in samples.items()}
    ratios = {f"flexgrad/{den}": ms["flexgrad"] / ms[den] for den in ("floor", "torch")
              if den in ms}
    return {"ms_per_step": ms, "ratios": ratios}


def _torch(gpu: bool) -> Any:
    """torch made to build its tensors on the GPU from CuPy arrays, or None if missing."""
    try:
        import torch
    except ImportError:
        return None
    if not gpu:
        return torch
    torch.set_default_device("cuda")
    proxy = types.ModuleType("torch_on_cuda")
    proxy.__dict__.update({k: getattr(torch, k) for k in dir(torch) if not k.startswith("__")})
    proxy.from_numpy = torch.as_tensor  # CuPy arrays through __cuda_array_interface__
    return proxy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-dry-run", action="store_true", help="NumPy, tiny sizes")
    parser.add_argument("--out", type=Path, required=True, help="where the JSON goes")
    parser.add_argument("--only", nargs="*", choices=CASES, default=list(CASES))
    args = parser.parse_args(argv)
    gpu = not args.cpu_dry_run
    sys.path.insert(0, str(HERE))
    torch = _torch(gpu)
    rounds, calls = (5, 10) if gpu else (1, 1)
    results: dict[str, Any] = {}
    for name in args.only:
        print(f"gpu_bench: {name} ...", flush=True)
        try:
            results[name] = run_case(name, gpu, torch, rounds, calls)
        except Exception as exc:  # recorded; the next case still runs
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        print(f"gpu_bench: {name}: {json.dumps(results[name])}", flush=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
