"""The patterns Chainer scripts rely on, exercised as a ported script would use them."""

from __future__ import annotations

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.links as L
from flexgrad import Variable


# -- xp is the user's library ---------------------------------------------------------------
def test_xp_is_numpy_and_takes_numpys_positional_dtypes():
    model = L.Linear(2, 3)
    for xp in (model.xp, model.device.xp, flexgrad.get_array_module(np.ones(2)),
               flexgrad.backend.get_array_module(Variable(np.ones(2))),
               flexgrad.cuda.get_array_module(np.ones(2)), Variable(np.ones(2)).xp):
        assert xp is np
    xp = model.xp
    assert xp.full(3, 1, np.int32).dtype == np.int32
    assert xp.zeros((2, 3), np.float32).dtype == np.float32
    assert xp.arange(0, 5, 1, np.int32).tolist() == [0, 1, 2, 3, 4]


def test_xp_is_dask_array_on_dask_and_the_model_still_trains():
    model = L.Linear(2, 3).to_device("@dask")
    xp = model.xp
    assert xp is flexgrad.get_device("@dask").xp
    assert xp.concatenate is da.concatenate and xp.cumsum is da.cumsum and xp.random is da.random
    x = xp.asarray(np.ones((4, 2), np.float32))
    assert flexgrad.get_array_module(x) is xp
    loss = flexgrad.functions.sum(model(x))
    model.cleargrads()
    loss.backward()
    assert flexgrad.get_array_module(model.W.grad) is xp


def test_xp_split_on_dask_splits_a_batch_sent_as_one_array_as_numpy_does():
    """A converter sends a batch joined into one array and splits it on the device."""
    device = flexgrad.get_device("@dask")
    sentences = [np.arange(n, dtype=np.int32) for n in (3, 1, 4)]
    joined = device.send(np.concatenate(sentences))
    sections = np.cumsum([len(s) for s in sentences[:-1]], dtype=np.int32)
    parts = device.xp.split(joined, sections)
    assert [type(p) for p in parts] == [da.Array] * 3
    for part, sentence in zip(parts, sentences, strict=True):
        np.testing.assert_array_equal(part.compute(), sentence)
    host = np.arange(12).reshape(3, 4)
    grid = device.send(host)
    for ours, numpys in ((device.xp.split(grid, 2, axis=1), np.split(host, 2, axis=1)),
                         (device.xp.array_split(grid, 3, axis=-1),
                          np.array_split(host, 3, axis=-1))):
        assert [p.compute().tolist() for p in ours] == [p.tolist() for p in numpys]
    with pytest.raises(ValueError, match="equal sections"):
        device.xp.split(grid, 3, axis=1)


@pytest.mark.parametrize("spec", ["@array_api_strict", "@torch"])
def test_libraries_without_a_numpy_like_module_give_the_standard_namespace(spec):
    device = flexgrad.get_device(spec)
    assert device.xp is device.backend.xp
    assert device.xp.zeros((2,), dtype=device.xp.float32).shape == (2,)


# -- Chainer's habits in Link constructors ----------------------------------------------------
class EarlyChain(flexgrad.Chain):
    def __init__(self):
        self.n_units = 3  # before super().__init__(), as Chainer scripts do
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(2, self.n_units)


class EarlyList(flexgrad.ChainList):
    def __init__(self):
        self.depth = 2
        super().__init__(*(L.Linear(2, 2) for _ in range(self.depth)))


class EarlyLink(flexgrad.Link):
    def __init__(self):
        self.scale = 0.5
        super().__init__(W=(2,))


def test_attributes_assigned_before_super_init_are_kept():
    chain, chain_list, link = EarlyChain(), EarlyList(), EarlyLink()
    assert chain.n_units == 3 and [p for p, _ in chain.namedparams()] == ["/l1/W", "/l1/b"]
    assert chain_list.depth == 2 and len(chain_list) == 2
    assert link.scale == 0.5 and [p for p, _ in link.namedparams()] == ["/W"]


# -- CRF1d(transpose=True) on sequences in any order of lengths --------------------------------
def _host(v):
    return flexgrad.cuda.to_cpu(getattr(v, "array", v))


@pytest.mark.parametrize("spec", ["@numpy", "@dask"])
def test_crf1d_sorts_by_length_and_answers_in_the_callers_order(spec):
    rng = np.random.default_rng(0)
    lengths = (2, 4, 1, 3)
    xs = [rng.standard_normal((n, 3)).astype(np.float32) for n in lengths]
    ys = [rng.integers(0, 3, n).astype(np.int32) for n in lengths]
    crf = L.CRF1d(3, transpose=True)
    crf.cost.array = rng.standard_normal((3, 3)).astype(np.float32)
    alone = [float(crf(xs[i:i + 1], ys[i:i + 1], reduce="no").array[0]) for i in range(4)]
    best = [crf.argmax(xs[i:i + 1]) for i in range(4)]
    device = flexgrad.get_device(spec)
    crf.to_device(device)
    xs, ys = [device.send(x) for x in xs], [device.send(y) for y in ys]
    np.testing.assert_allclose(_host(crf(xs, ys, reduce="no")), alone, rtol=1e-5)
    mean = crf(xs, ys)
    np.testing.assert_allclose(float(_host(mean)), sum(alone) / 4, rtol=1e-5)
    mean.backward()
    assert crf.cost.grad.shape == (3, 3)
    scores, paths = crf.argmax(xs)
    assert [_host(p).tolist() for p in paths] == [p[0].tolist() for _, p in best]
    np.testing.assert_allclose(_host(scores), [s.array[0] for s, _ in best], rtol=1e-5)


# -- F.copy: to another device, the gradient back ---------------------------------------------
@pytest.mark.parametrize("dst", ["@dask", flexgrad.get_device("@dask"), "@torch", -1, "-1"])
def test_copy_moves_forward_and_sends_the_gradient_back(dst):
    x = Variable(np.array([1.0, 2.0, 3.0]))
    y = flexgrad.functions.copy(x, dst)
    assert y.device == flexgrad.get_device(dst)
    flexgrad.functions.sum(y * y).backward()
    assert type(x.grad) is np.ndarray and x.grad.tolist() == [2.0, 4.0, 6.0]


def test_copy_names_a_bad_destination():
    with pytest.raises(ValueError, match=r"copy: argument 'dst' expected a device.*'gpu'"):
        flexgrad.functions.copy(np.ones(2), "gpu")


# -- ParallelUpdater: the batch split across devices, one step on the main model ---------------
def _regression_setup(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((12, 3)).astype(np.float32)
    t = rng.standard_normal((12, 2)).astype(np.float32)
    dataset = flexgrad.datasets.TupleDataset(x, t)
    model = SummedLoss(L.Linear(3, 4), L.Linear(4, 2))
    model.l1.W.array = rng.standard_normal((4, 3)).astype(np.float32)
    model.l2.W.array = rng.standard_normal((2, 4)).astype(np.float32)
    optimizer = flexgrad.optimizers.MomentumSGD(lr=0.01)
    optimizer.setup(model)
    iterator = flexgrad.iterators.SerialIterator(dataset, 6, shuffle=False)
    return model, optimizer, iterator


class SummedLoss(flexgrad.Chain):
    """A regression whose loss sums over examples: split parts add up to the whole."""

    def __init__(self, l1, l2):
        super().__init__()
        with self.init_scope():
            self.l1, self.l2 = l1, l2

    def forward(self, x, t):
        y = self.l2(flexgrad.functions.relu(self.l1(x)))
        loss = flexgrad.functions.sum((y - t) * (y - t))
        flexgrad.report({"loss": loss}, self)
        return loss


def _params_after(updater, model, steps=3):
    for _ in range(steps):
        updater.update()
    return {path: flexgrad.cuda.to_cpu(p.array) for path, p in model.namedparams()}


@pytest.mark.parametrize("devices", [
    {"main": "@numpy", "second": "@numpy"},
    {"main": "@numpy", "second": "@dask", "third": -1},
])
def test_parallel_updater_equals_the_standard_updater_on_the_whole_batch(devices):
    model, optimizer, iterator = _regression_setup()
    expected = _params_after(flexgrad.training.updaters.StandardUpdater(iterator, optimizer),
                             model)
    model, optimizer, iterator = _regression_setup()
    updater = flexgrad.training.updaters.ParallelUpdater(iterator, optimizer, devices=devices)
    assert updater._models["second"].device == flexgrad.get_device(devices["second"])
    got = _params_after(updater, model)
    for path, value in expected.items():
        np.testing.assert_allclose(got[path], value, rtol=1e-5, atol=1e-6, err_msg=path)
    for name, copy in updater._models.items():  # every copy holds the main model's values
        for path, param in copy.namedparams():
            np.testing.assert_allclose(flexgrad.cuda.to_cpu(param.array), got[path],
                                       rtol=1e-6, err_msg=f"{name}{path}")


def test_parallel_updater_takes_models_and_reports_each_under_its_name(tmp_path):
    model, optimizer, iterator = _regression_setup()
    second = model.copy("copy").to_device("@dask")
    updater = flexgrad.training.ParallelUpdater(iterator, optimizer,
                                                models={"main": model, "second": second})
    trainer = flexgrad.training.Trainer(updater, (2, "iteration"), out=str(tmp_path))
    seen = []
    trainer.extend(lambda tr: seen.append(sorted(tr.observation)), trigger=(1, "iteration"))
    trainer.run()
    assert seen[-1] == ["main/loss", "second/loss"]
    with pytest.raises(TypeError, match="'models' expected a dict whose 'main' entry"):
        flexgrad.training.ParallelUpdater(iterator, optimizer, models={"main": second})
    with pytest.raises(ValueError, match="'devices' expected a dict of devices with a 'main'"):
        flexgrad.training.ParallelUpdater(iterator, optimizer, devices={"second": "@numpy"})
    with pytest.raises(TypeError, match="'devices' expected a dict of devices"):
        flexgrad.training.ParallelUpdater(iterator, optimizer, devices=["@numpy"])


def _lazy_setup():
    flexgrad.set_seed(0)
    model, optimizer, iterator = _regression_setup()
    del model.l1
    with model.init_scope():
        model.l1 = L.Linear(None, 4)  # drawn when the first input comes
    return model, optimizer, iterator


def test_parallel_updater_copies_start_from_the_main_models_lazy_draw():
    model, optimizer, iterator = _lazy_setup()
    updater = flexgrad.training.updaters.StandardUpdater(iterator, optimizer)
    expected = _params_after(updater, model, steps=1)
    model, optimizer, iterator = _lazy_setup()
    updater = flexgrad.training.ParallelUpdater(
        iterator, optimizer, devices={"main": "@numpy", "second": "@numpy"})
    got = _params_after(updater, model, steps=1)
    for path, value in expected.items():
        np.testing.assert_allclose(got[path], value, rtol=1e-5, atol=1e-6, err_msg=path)


# -- L.InceptionBN --------------------------------------------------------------------------
def test_inception_bn_has_chainers_children_and_output_channels():
    block = L.InceptionBN(3, 2, 2, 3, 1, 2, "max", proj_pool=None, stride=2)
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 5)).astype(np.float32)
    y = block(x)
    assert y.shape == (2, 2 + 3 + 2 + 3, 3, 3)  # the pooled input passes with its 3 channels
    assert sorted(name for name, _ in block.namedlinks(skipself=True)) == sorted(
        "/" + n for n in ("conv1", "conv1n", "proj3", "proj3n", "conv3", "conv3n", "proj33",
                          "proj33n", "conv33a", "conv33an", "conv33b", "conv33bn"))
    assert all(link.b is None for link in (block.conv1, block.conv3, block.conv33b))
    pooled = flexgrad.functions.max_pooling_2d(x, 3, stride=2, pad=1, cover_all=False)
    np.testing.assert_array_equal(y.array[:, -3:], pooled.array)
    with flexgrad.using_config("train", False):
        one = block.conv1n(block.conv1(x))
        np.testing.assert_allclose(block(x).array[:, :2],
                                   np.maximum(one.array, 0), rtol=1e-6)
    flexgrad.functions.sum(y).backward()
    assert block.conv33a.W.grad is not None


def test_inception_bn_without_the_1x1_branch_and_with_average_pooling():
    block = L.InceptionBN(None, 0, 2, 3, 1, 2, "avg", proj_pool=4)
    assert not hasattr(block, "conv1")
    assert block(np.ones((1, 3, 4, 4), np.float32)).shape == (1, 3 + 2 + 4, 4, 4)
    with pytest.raises(ValueError, match="pooltype must be 'max' or 'avg', got 'sum'"):
        L.InceptionBN(3, 1, 1, 1, 1, 1, "sum")


def test_a_resumed_parallel_updater_steps_as_an_unbroken_one(tmp_path):
    devices = {"main": "@numpy", "second": "@dask"}
    model, optimizer, iterator = _regression_setup()
    unbroken = _params_after(flexgrad.training.ParallelUpdater(iterator, optimizer,
                                                               devices=devices), model, 4)
    model, optimizer, iterator = _regression_setup()
    first = flexgrad.training.ParallelUpdater(iterator, optimizer, devices=devices)
    _params_after(first, model, 2)
    flexgrad.serializers.save_npz(str(tmp_path / "snapshot.npz"), first)
    model, optimizer, iterator = _regression_setup()
    resumed = flexgrad.training.ParallelUpdater(iterator, optimizer, devices=devices)
    flexgrad.serializers.load_npz(str(tmp_path / "snapshot.npz"), resumed)
    got = _params_after(resumed, model, 2)
    for path, value in unbroken.items():
        np.testing.assert_allclose(got[path], value, rtol=1e-5, atol=1e-6, err_msg=path)
