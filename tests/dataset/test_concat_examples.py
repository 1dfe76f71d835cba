"""concat_examples and to_device: Chainer's batching on NumPy, Dask and array_api_strict."""

from __future__ import annotations

import array_api_strict as xps
import dask.array as da
import numpy as np
import pytest

import flexgrad
from flexgrad.backends import backend_of
from flexgrad.dataset import concat_examples, converter, to_device
from flexgrad.dataset.convert import concat_examples as convert_concat
from flexgrad.errors import InvalidTypeError, InvalidValueError

BACKENDS = {
    "numpy": np.asarray,
    "dask": lambda a: da.from_array(np.asarray(a), chunks=1),
    "array_api_strict": xps.asarray,
}


def _np(x):
    return backend_of(x).to_numpy(x)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_arrays_tuples_and_dicts_stack_on_their_backend(name):
    make = BACKENDS[name]
    xs = [make(np.full((2,), i, dtype=np.float32)) for i in range(3)]
    ts = [make(np.asarray(i, dtype=np.int32)) for i in range(3)]
    out = concat_examples(xs)
    assert backend_of(out).name == backend_of(xs[0]).name
    np.testing.assert_array_equal(_np(out), np.repeat(np.arange(3.0), 2).reshape(3, 2))
    x, t = concat_examples(list(zip(xs, ts, strict=True)))
    assert x.shape == (3, 2) and t.shape == (3,)
    np.testing.assert_array_equal(_np(t), [0, 1, 2])
    d = concat_examples([{"x": a, "t": b} for a, b in zip(xs, ts, strict=True)])
    assert set(d) == {"x", "t"} and d["x"].shape == (3, 2)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_padding_pads_ragged_arrays_to_the_largest_shape(name):
    make = BACKENDS[name]
    batch = [(make(np.ones((2, 1), np.float32)), make(np.arange(3))),
             (make(np.ones((1, 3), np.float32) * 2), make(np.arange(1)))]
    x, t = concat_examples(batch, padding=(0, -1))
    np.testing.assert_array_equal(_np(x), [[[1, 0, 0], [1, 0, 0]], [[2, 2, 2], [0, 0, 0]]])
    np.testing.assert_array_equal(_np(t), [[0, 1, 2], [0, -1, -1]])
    d = concat_examples([{"a": make(np.arange(2))}, {"a": make(np.arange(4))}], padding=9)
    np.testing.assert_array_equal(_np(d["a"]), [[0, 1, 9, 9], [0, 1, 2, 3]])


def test_dask_stays_lazy():
    xs = [da.ones((2,), chunks=1) for _ in range(3)]
    assert isinstance(concat_examples(xs, padding=0), da.Array)


@pytest.mark.parametrize("spec", ["@numpy", "@dask", "@array_api_strict", -1])
def test_device_sends_the_batch(spec):
    out = concat_examples([(np.zeros(2), 1), (np.ones(2), 2)], device=spec)
    expected = flexgrad.get_device(spec).backend
    assert all(backend_of(a) is expected for a in out)
    assert to_device(None, out[0]) is out[0] and to_device(spec, None) is None


def test_python_numbers_and_lists_become_numpy():
    out = concat_examples([(1, [1.0, 2.0]), (2, [3.0, 4.0])])
    assert isinstance(out[0], np.ndarray) and out[1].shape == (2, 2)
    assert convert_concat is concat_examples


def test_bad_input_errors_name_the_argument():
    with pytest.raises(InvalidValueError, match="concat_examples: argument 'batch' expected a "
                                                "non-empty"):
        concat_examples([])
    with pytest.raises(InvalidValueError, match=r"arrays of one shape \(2,\).*entry 1: "
                                                r"float64 array of shape \(3,\)"):
        concat_examples([np.zeros(2), np.zeros(3)])
    with pytest.raises(InvalidTypeError, match="arrays of one backend"):
        concat_examples([np.zeros(2), xps.zeros(2)])
    with pytest.raises(InvalidValueError, match="batch\\[1\\]"):
        concat_examples([(np.zeros(2), 1), (np.zeros(2),)])
    with pytest.raises(InvalidValueError, match="argument 'padding' expected a tuple of 2"):
        concat_examples([(np.zeros(2), 1)], padding=(0,))
    with pytest.raises(InvalidValueError, match="3 dimensions"):
        concat_examples([np.zeros((1, 1, 1)), np.zeros((1, 1))], padding=0)
    with pytest.raises(InvalidTypeError, match="concat_examples: argument 'batch'"):
        concat_examples(None)
    with pytest.raises(InvalidValueError, match="to_device: argument 'device'"):
        to_device("numpy", np.zeros(1))
    with pytest.raises(InvalidTypeError, match="to_device: argument 'x'"):
        to_device("@numpy", "text")


def test_converter_decorator():
    @converter()
    def double(batch, device=None):
        return concat_examples(batch, device) * 2

    np.testing.assert_array_equal(double([np.ones(1), np.ones(1)]), [[2], [2]])
    assert double.__name__ == "double"


@pytest.mark.gpu
@pytest.mark.parametrize("spec", ["@cupy:0", 0])
def test_device_sends_the_batch_to_the_gpu(spec):
    x, t = concat_examples([(np.zeros(2), 1), (np.ones(3), 2)], device=spec, padding=0)
    assert backend_of(x).name == "cupy" and backend_of(t).name == "cupy"
    back = concat_examples([x[0], x[1][:2]], padding=5)
    assert backend_of(back).name == "cupy"
    np.testing.assert_array_equal(_np(back), [[0, 0, 0], [1, 1, 5]])
