"""Shared by the optimizer and hook tests: a Chain of bare parameters and array helpers."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad

BACKENDS = ["@numpy", "@dask", "@array_api_strict", "@torch", "@jax"]
# every backend, CuPy included where a GPU is (for tests that compare with a reference)
ALL_SPECS = [*BACKENDS, pytest.param("@cupy:0", marks=pytest.mark.gpu)]


class Model(flexgrad.Chain):
    """A Chain whose parameters ``p0, p1, ...`` hold ``arrays``; ``ps`` lists them."""

    def __init__(self, *arrays):
        super().__init__()
        with self.init_scope():
            for i, array in enumerate(arrays):
                setattr(self, f"p{i}", flexgrad.Parameter(array))
        self.ps = [getattr(self, f"p{i}") for i in range(len(arrays))]


def to_numpy(array):
    return flexgrad.backends.backend_of(array).to_numpy(array)


def send(array, spec):
    return flexgrad.get_device(spec).send(np.asarray(array))
