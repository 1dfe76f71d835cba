"""A training step makes no host read (on a GPU: no device-to-host sync) outside debug
mode; debug mode's value checks do read, which shows the hook sees them."""

import contextlib

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import optimizers
from flexgrad.backends import get_device
from host_reads import WatchedArray, counting, watch

VOCAB, WORDS, BATCH = 20, 3, 8


class Net(flexgrad.Chain):
    """Embedding, dropout and a linear layer: the ops whose labels and IDs were checked."""

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(VOCAB, 4)
            self.out = L.Linear(WORDS * 4, 5)

    def forward(self, x):
        h = F.dropout(self.embed(x), 0.2)
        return self.out(F.reshape(h, (x.shape[0], WORDS * 4)))


def step_reads(spec, array_type, debug, around=contextlib.nullcontext):
    """Host reads of the second training step (the first sets up the optimizer state)."""
    rng = np.random.default_rng(0)
    device = get_device(spec)
    model = L.Classifier(Net())
    model.to_device(device)
    for param in model.params():
        param.array = watch(param.array)
    optimizer = optimizers.Adam()
    optimizer.setup(model)
    x = watch(device.send(rng.integers(0, VOCAB, (BATCH, WORDS))))
    t = watch(device.send(rng.integers(0, 5, BATCH)))
    optimizer.update(model, x, t)
    with flexgrad.using_config("debug", debug), around(), counting(array_type) as reads:
        optimizer.update(model, x, t)
    return reads


def _library(name):
    if name == "numpy":
        return "@numpy", WatchedArray
    library = pytest.importorskip(name)
    return "@" + name, type(library.asarray([0.0]))


@pytest.mark.parametrize("name", ["numpy", "array_api_strict", "torch"])
def test_a_training_step_reads_nothing_on_the_host_outside_debug_mode(name, as_if_on_a_gpu):
    spec, array_type = _library(name)
    reads = step_reads(spec, array_type, debug=False)
    assert reads.count == 0, reads.where
    assert step_reads(spec, array_type, debug=True).count > 0


@pytest.mark.gpu
def test_a_training_step_on_cupy_never_synchronizes_outside_debug_mode():
    import cupy
    import cupyx

    if not hasattr(cupyx, "allow_synchronize"):
        pytest.skip("this CuPy has no cupyx.allow_synchronize")
    # CuPy raises cupyx.DeviceSynchronized at the first sync inside the step
    reads = step_reads("@cupy:0", cupy.ndarray, debug=False,
                       around=lambda: cupyx.allow_synchronize(False))
    assert reads.count == 0, reads.where
