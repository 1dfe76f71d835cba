"""Two steps of the prepared GPU check (``gpu_check.py``) that have no test of their own.

    python benchmarks/gpu_steps.py roundtrip @cupy:0   # save on a GPU, load on NumPy, back
    python benchmarks/gpu_steps.py other-gpus          # one training step on torch CUDA, JAX
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import serializers
from flexgrad.backends import get_device


def _model(seed: int) -> flexgrad.Chain:
    flexgrad.set_seed(seed)
    return L.Classifier(flexgrad.Sequential(L.Linear(6, 5), F.relu, L.Linear(5, 3)))


def _params(model: flexgrad.Chain) -> dict:
    return {p.name + str(i): p.device.backend.to_numpy(p.array)
            for i, p in enumerate(model.params())}


def roundtrip(spec: str) -> None:
    """A model trained a step on ``spec``, saved, loaded on NumPy, saved and loaded back."""
    model = _model(0).to_device(spec)
    optimizer = flexgrad.optimizers.Adam()
    optimizer.setup(model)
    x = get_device(spec).send(numpy.ones((4, 6), numpy.float32))
    t = get_device(spec).send(numpy.array([0, 1, 2, 0]))
    optimizer.update(model, x, t)
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a.npz", Path(tmp) / "b.npz"
        serializers.save_npz(first, model)
        on_numpy = _model(1)
        serializers.load_npz(first, on_numpy)
        serializers.save_npz(second, on_numpy)
        back = _model(2).to_device(spec)
        serializers.load_npz(second, back)
    for name, want in _params(model).items():
        for other in (on_numpy, back):
            numpy.testing.assert_array_equal(_params(other)[name], want)
    kinds = {type(p.array).__module__ for p in back.params()}
    print(f"roundtrip {spec} -> @numpy -> {spec}: equal; arrays back on {kinds}")


def other_gpus() -> None:
    """A training step on each other GPU library present, against NumPy's."""
    specs = []
    try:
        import torch

        if torch.cuda.is_available():
            specs.append("@torch:cuda:0")
    except ImportError:
        pass
    try:
        import jax

        specs += [f"@jax:{d}" for d in jax.devices() if d.platform == "gpu"][:1]
    except ImportError:
        pass
    if not specs:
        print("other-gpus: neither torch CUDA nor a JAX GPU here")
    x = numpy.linspace(-1, 1, 24, dtype=numpy.float32).reshape(4, 6)
    t = numpy.array([0, 1, 2, 0])
    reference = None
    for spec in ["@numpy"] + specs:
        model = _model(0).to_device(spec)
        loss = model(get_device(spec).send(x), get_device(spec).send(t))
        loss.backward()
        grads = {p.name + str(i): p.device.backend.to_numpy(p.grad)
                 for i, p in enumerate(model.params())}
        if reference is None:
            reference = grads
        for name, want in reference.items():
            numpy.testing.assert_allclose(grads[name], want, rtol=1e-4, atol=1e-6)
        print(f"other-gpus: {spec}: loss {float(loss.device.backend.to_numpy(loss.array)):.6f}, "
              "gradients agree with NumPy")


if __name__ == "__main__":
    if sys.argv[1:2] == ["roundtrip"]:
        roundtrip(sys.argv[2])
    elif sys.argv[1:2] == ["other-gpus"]:
        other_gpus()
    else:
        sys.exit(__doc__)
