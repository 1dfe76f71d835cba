"""The hypothesis strategies draw what they promise, on every backend."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import flexgrad
from flexgrad.testing import strategies as fst


@given(st.data())
def test_arrays_belong_to_the_backend_with_dtype_and_shape(data):
    backend = data.draw(st.sampled_from(["numpy", "dask", "array_api_strict"]))
    shape = data.draw(fst.shapes(max_dims=3))
    a = data.draw(fst.arrays(backend, "float32", shape, elements={"min_value": -1,
                                                                   "max_value": 1}))
    owner = flexgrad.backends.backend_of(a)
    assert owner.name == backend
    assert a.dtype == owner.dtype("float32")
    assert tuple(a.shape) == shape
    host = owner.to_numpy(a)
    assert ((host >= -1) & (host <= 1)).all()


@given(fst.shapes(min_side=0).flatmap(lambda s: st.tuples(st.just(s), fst.dask_chunks(s))))
def test_dask_chunks_partition_each_axis(drawn):
    shape, chunks = drawn
    assert len(chunks) == len(shape)
    for n, blocks in zip(shape, chunks, strict=True):
        assert sum(blocks) == n
        assert all(b > 0 for b in blocks) or blocks == (0,)


@given(fst.arrays("dask", "float64", (5, 4)))
def test_dask_arrays_come_with_drawn_chunks(a):
    assert sum(a.chunks[0]) == 5 and sum(a.chunks[1]) == 4


@given(fst.broadcastable_shapes(3))
def test_broadcastable_shapes_broadcast(shapes):
    np.broadcast_shapes(*shapes)


@given(fst.float_arrays((20,), -1.0, 3.0, avoid=(0.0, 1.0), margin=0.1, dtype="float32"))
def test_float_arrays_stay_in_range_and_off_the_kinks(a):
    assert a.dtype == np.float32
    assert ((a >= -1) & (a <= 3)).all()
    assert (np.abs(a) >= 0.1).all() and (np.abs(a - 1) >= 0.1).all()


@given(fst.float_arrays((4, 4), grid=0.01, unique=True))
def test_unique_grid_values_keep_apart(a):
    gaps = np.diff(np.sort(a.ravel()))
    assert (gaps >= 0.01 - 1e-12).all()


def test_importing_the_kit_imports_neither_hypothesis_nor_dask():
    code = ("import sys, flexgrad.testing; "
            "print('hypothesis' in sys.modules, 'dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
