"""softmax_cross_entropy: Chainer's documented results, stability, bad labels, backends."""

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import Variable
from flexgrad.backends import Backend, get_backend, get_device
from flexgrad.errors import InvalidTypeError, InvalidValueError

RNG = np.random.default_rng(0)


def reference(x, t, class_weight=None, ignore_label=-1):
    """Chainer's per-instance loss for 2-d ``x``, written directly in NumPy."""
    log_y = x - x.max(axis=1, keepdims=True)
    log_y = log_y - np.log(np.exp(log_y).sum(axis=1, keepdims=True))
    valid = t != ignore_label
    safe = np.where(valid, t, 0)
    picked = np.take_along_axis(log_y, safe[:, None], axis=1)[:, 0]
    w = 1.0 if class_weight is None else class_weight[safe]
    return -picked * w * valid


def loss_and_grad(x, t, **kw):
    v = Variable(x)
    loss = F.softmax_cross_entropy(v, t, **kw)
    F.sum(loss).backward()
    return loss.array, v.grad


@pytest.mark.parametrize("kw", [{}, {"normalize": False}, {"reduce": "no"},
                                {"ignore_label": 2}, {"class_weight": np.array([1.0, 3, .5])}])
def test_matches_chainers_definition(kw):
    x = RNG.normal(size=(5, 3, 2))
    t = np.array([[0, 1], [2, -1], [-1, -1], [1, 1], [2, 0]])
    ignore = kw.get("ignore_label", -1)
    if ignore != -1:
        t = np.where(t < 0, 0, t)
    per = reference(np.moveaxis(x, 1, -1).reshape(-1, 3), t.reshape(-1),
                    kw.get("class_weight"), ignore).reshape(t.shape)
    if kw.get("reduce") == "no":
        expected = per
    else:  # normalized by the labels not ignored, or by N
        count = np.sum(t != ignore) if kw.get("normalize", True) else len(x)
        expected = per.sum() / count
    got = F.softmax_cross_entropy(x, t, **kw).array
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_gradient_is_softmax_minus_onehot_over_the_count():
    x = RNG.normal(size=(4, 3))
    t = np.array([0, 2, -1, 1])
    _, g = loss_and_grad(x, t)
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    expected = (y - np.eye(3)[np.where(t < 0, 0, t)]) * (t >= 0)[:, None] / 3
    np.testing.assert_allclose(g, expected, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stable_for_logits_of_1e4(dtype):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, g = loss_and_grad(x, np.array([1, 1]), reduce="no")
    assert loss.dtype == dtype and g.dtype == dtype
    np.testing.assert_array_equal(loss, np.array([2e4, 0.0], dtype=dtype))
    np.testing.assert_array_equal(g, np.array([[1, -1, 0], [0, 0, 0]], dtype=dtype))


@pytest.mark.parametrize("backend", ["numpy", "dask", "array_api_strict"])
def test_a_batch_of_ignored_labels_gives_zero_loss_and_zero_gradient(backend):
    device = get_device("@" + backend)
    x = Variable(device.send(RNG.normal(size=(3, 4)).astype(np.float32)))
    t = device.send(np.full(3, -1))
    loss = F.softmax_cross_entropy(x, t)
    loss.backward()
    be = device.backend
    assert float(be.to_numpy(loss.array)) == 0.0
    np.testing.assert_array_equal(be.to_numpy(x.grad), np.zeros((3, 4), np.float32))


@pytest.mark.parametrize("backend", ["numpy", "array_api_strict"])
@pytest.mark.parametrize("labels", [[0, 3], [-2, 1], [5, -1]])
def test_labels_out_of_range_raise_and_on_a_gpu_give_nan_outside_debug_mode(
        backend, labels, monkeypatch):
    device = get_device("@" + backend)
    x, t = device.send(np.zeros((2, 3))), device.send(np.array(labels))
    match = r"softmax_cross_entropy: argument 't'.*\[0, 3\)"
    with pytest.raises(InvalidValueError, match=match):
        F.softmax_cross_entropy(x, t)
    monkeypatch.setattr(flexgrad.backends.Backend, "reads_are_free", lambda self, a: False)
    with flexgrad.using_config("debug", True), pytest.raises(InvalidValueError, match=match):
        F.softmax_cross_entropy(x, t)
    loss = device.backend.to_numpy(F.softmax_cross_entropy(x, t, reduce="no").array)
    # -1 is the ignore_label
    assert np.isnan(loss).tolist() == [label not in (-1, 0, 1, 2) for label in labels]


def test_labels_out_of_range_raise_on_dask_when_computed_not_before():
    x = Variable(da.from_array(RNG.normal(size=(3, 2)), chunks=2))
    t = da.from_array(np.array([0, 7, 1]), chunks=2)
    with dask.config.set(scheduler=lambda *a, **k: pytest.fail("computed in forward")):
        loss = F.softmax_cross_entropy(x, t, reduce="no")
        F.sum(loss).backward()
    for result in (loss.array, x.grad):
        with pytest.raises(InvalidValueError, match=r"argument 't'.*got labels from 0 to 7"):
            np.asarray(result)


def test_class_weight_from_another_backend_follows_x():
    x = RNG.normal(size=(4, 3))
    t = np.array([0, 1, 2, 1])
    w = np.array([2.0, 0.5, 1.0])
    expected = reference(x, t, class_weight=w).mean()
    lazy = F.softmax_cross_entropy(da.from_array(x, chunks=2), t=da.from_array(t), class_weight=w)
    assert isinstance(lazy.array, da.Array)
    np.testing.assert_allclose(np.asarray(lazy.array), expected, rtol=1e-12)


def test_cache_score_off_gives_the_same_gradient():
    x = RNG.normal(size=(4, 5))
    t = np.array([4, 0, -1, 2])
    _, cached = loss_and_grad(x, t)
    _, recomputed = loss_and_grad(x, t, cache_score=False)
    np.testing.assert_allclose(recomputed, cached, rtol=1e-14)


def test_double_backprop_always_works():
    x = Variable(RNG.normal(size=(3, 4)))
    t = np.array([1, 0, 3])
    loss = F.softmax_cross_entropy(x, t, enable_double_backprop=False)
    (gx,) = flexgrad.grad([loss], [x], enable_double_backprop=True)
    F.sum(gx * gx).backward()
    # d/dx sum((y - onehot)^2) / n^2, with y = softmax(x): J^T 2 (y - onehot) / n^2
    y = np.exp(x.array) / np.exp(x.array).sum(axis=1, keepdims=True)
    r = 2 * (y - np.eye(4)[t]) / 9
    expected = y * (r - (r * y).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(x.grad, expected, rtol=1e-10)


@pytest.mark.parametrize("backend", ["numpy", "dask", "array_api_strict"])
@pytest.mark.parametrize("kw", [{}, {"reduce": "no", "class_weight": np.array([1.0, .5, 2])},
                                {"cache_score": False, "normalize": False}])
def test_the_array_fast_path_matches_the_differentiable_gradient(backend, kw):
    send = get_device("@" + backend).send
    x = Variable(send(RNG.normal(size=(4, 3, 2))))
    t = send(np.array([[0, 2], [-1, 1], [1, 1], [2, -1]]))
    gy = send(RNG.normal(size=(4, 2))) if kw.get("reduce") == "no" else None
    grads = [flexgrad.grad([F.softmax_cross_entropy(x, t, **kw)], [x], None if gy is None
                           else [gy], enable_double_backprop=double)[0]
             for double in (False, True)]
    fast, graph = (np.asarray(get_device("@" + backend).backend.to_numpy(g.array))
                   for g in grads)
    assert grads[0].creator is None and grads[1].creator is not None
    np.testing.assert_allclose(fast, graph, rtol=1e-12, atol=1e-15)


def test_soft_targets_match_the_labels_they_encode():
    x = RNG.normal(size=(4, 3))
    t = np.array([2, 0, 1, 1])
    hard = loss_and_grad(x, t)
    soft = loss_and_grad(x, np.eye(3)[t])
    kl = loss_and_grad(x, np.eye(3)[t], soft_target_loss="kl-divergence")
    for loss, grad in (soft, kl):
        np.testing.assert_allclose(loss, hard[0], rtol=1e-6)
        np.testing.assert_allclose(grad, hard[1], rtol=1e-12)


def test_the_standard_only_gather_agrees_with_numpys_take_along_axis(monkeypatch):
    x = RNG.normal(size=(5, 4, 2))
    t = np.array([[0, 3], [1, -1], [2, 2], [3, 0], [-1, 1]])
    fast = loss_and_grad(x, t, reduce="no")
    numpy_backend = get_backend("numpy")
    monkeypatch.setattr(numpy_backend, "take_along_axis",
                        lambda *a, **k: Backend.take_along_axis(numpy_backend, *a, **k))
    monkeypatch.delattr(numpy_backend.xp, "take_along_axis")
    slow = loss_and_grad(x, t, reduce="no")
    np.testing.assert_allclose(slow[0], fast[0], rtol=1e-14)
    np.testing.assert_allclose(slow[1], fast[1], rtol=1e-14)


def bad_calls():
    x, t = np.zeros((2, 3)), np.array([0, 1])
    return [
        (lambda: F.softmax_cross_entropy(np.zeros((2, 3), int), t), InvalidTypeError, "'x'"),
        (lambda: F.softmax_cross_entropy(np.zeros(3), t), InvalidValueError, "'x'"),
        (lambda: F.softmax_cross_entropy(x, np.array([0, 1, 2])), InvalidValueError, "'t'"),
        (lambda: F.softmax_cross_entropy(x, "labels"), InvalidTypeError, "'t'"),
        (lambda: F.softmax_cross_entropy(x, t, reduce="sum"), InvalidValueError, "'reduce'"),
        (lambda: F.softmax_cross_entropy(x, t, ignore_label=None), InvalidTypeError,
         "'ignore_label'"),
        (lambda: F.softmax_cross_entropy(x, t, class_weight=Variable(np.ones(3))),
         InvalidTypeError, "'class_weight'"),
        (lambda: F.softmax_cross_entropy(x, t, class_weight=np.ones(2)), InvalidValueError,
         "'class_weight'"),
        (lambda: F.softmax_cross_entropy(x, t, class_weight=np.ones((1, 3))),
         InvalidValueError, "'class_weight'"),
        (lambda: F.softmax_cross_entropy(x, np.ones((2, 3), np.float32)), InvalidTypeError,
         "'t'"),
        (lambda: F.softmax_cross_entropy(x, np.array([0.0, 1.0])), InvalidValueError,
         "'t' expected integer labels of shape \\(2,\\) or float soft targets"),
        (lambda: F.softmax_cross_entropy(x, x, soft_target_loss="kl"), InvalidValueError,
         "'soft_target_loss'"),
        (lambda: F.softmax_cross_entropy(x, x, class_weight=np.ones(3)), InvalidValueError,
         "'class_weight'"),
    ]


@pytest.mark.parametrize("call,error,arg", bad_calls())
def test_bad_input_names_the_function_and_the_argument(call, error, arg):
    with pytest.raises(error, match=f"softmax_cross_entropy: argument {arg}"):
        call()
