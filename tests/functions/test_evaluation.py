"""accuracy, binary_accuracy and r2_score: Chainer's results, no gradient, bad input."""

import numpy as np
import pytest

import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.backends import get_device
from flexgrad.errors import InvalidTypeError, InvalidValueError

BACKENDS = ["numpy", "dask", "array_api_strict"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_accuracy_with_ignored_labels(backend):
    send = get_device("@" + backend).send
    y = send(np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]], np.float32))
    t = send(np.array([0, 0, -1, 1]))
    acc = F.accuracy(y, t, ignore_label=-1)
    assert acc.dtype == get_device("@" + backend).backend.dtype("float32")
    assert float(np.asarray(acc.array)) == pytest.approx(2 / 3)
    none = F.accuracy(y, send(np.full(4, -1)), ignore_label=-1)
    assert float(np.asarray(none.array)) == 0.0  # all ignored: Chainer's 0


def test_accuracy_over_extra_axes_and_trailing_ones():
    y = np.zeros((2, 3, 4, 1))
    y[:, 1] = 1.0
    t = np.array([[1, 1, 0, 1], [1, 2, 1, 1]])
    assert F.accuracy(y, t).array == pytest.approx(6 / 8)


def test_metrics_need_no_gradient():
    y = Variable(np.array([[0.2, 0.8], [0.6, 0.4]]))
    for out in (F.accuracy(y, np.array([1, 1])), F.binary_accuracy(y, np.array([[0, 1], [1, 0]])),
                F.r2_score(y, Variable(np.array([[0.1, 0.9], [0.7, 0.2]])))):
        assert out.creator is None and not out.requires_grad


@pytest.mark.parametrize("backend", BACKENDS)
def test_binary_accuracy_ignores_minus_one(backend):
    send = get_device("@" + backend).send
    y = send(np.array([[2.0, -1.0], [0.0, -3.0]]))
    acc = F.binary_accuracy(y, send(np.array([[1, 1], [1, -1]])))
    assert float(np.asarray(acc.array)) == pytest.approx(2 / 3)
    none = F.binary_accuracy(y, send(np.full((2, 2), -1)))
    assert float(np.asarray(none.array)) == 0.0


def test_r2_score_per_output_and_constant_columns():
    true = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]])
    pred = np.array([[1.0, 1.0], [2.0, 2.0], [4.0, 3.0]])
    raw = F.r2_score(pred, true, multioutput="raw_values").array
    np.testing.assert_allclose(raw, [0.5, 0.0])  # a constant column scores 0, as in Chainer
    assert F.r2_score(pred, true).array == pytest.approx(0.25)


@pytest.mark.parametrize("call,error,match", [
    (lambda: F.accuracy(np.zeros((2, 3)), np.zeros(3, int)), InvalidValueError,
     "accuracy: argument 't'"),
    (lambda: F.accuracy(np.zeros((2, 3, 2)), np.zeros(2, int)), InvalidValueError,
     "accuracy: argument 't'"),
    (lambda: F.accuracy(np.zeros((2, 3)), np.zeros(2)), InvalidTypeError,
     "accuracy: argument 't' expected an integer dtype"),
    (lambda: F.accuracy(np.zeros((2, 3)), np.zeros(2, int), ignore_label=0.5),
     InvalidTypeError, "accuracy: argument 'ignore_label'"),
    (lambda: F.binary_accuracy(np.zeros(3, int), np.zeros(3, int)), InvalidTypeError,
     "binary_accuracy: argument 'y'"),
    (lambda: F.r2_score(np.zeros(3), np.zeros(4)), InvalidValueError,
     "r2_score: argument 'true'"),
    (lambda: F.r2_score(np.zeros(3), np.zeros(3), multioutput="variance_weighted"),
     InvalidValueError, "r2_score: argument 'multioutput'"),
    (lambda: F.r2_score(np.zeros(3), np.zeros(3), sample_weight=np.ones(3)),
     NotImplementedError, "sample_weight"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
