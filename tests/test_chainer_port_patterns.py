"""Patterns that Chainer's example scripts rely on and that broke when one was ported by
changing its imports, each written here as a test of our own."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L


def _host(array):
    return flexgrad.cuda.to_cpu(array)


# -- one embedding matrix both looked up and multiplied (tied weights) -------------------------
# A memory network's answer layer is F.linear(u, embed.W) over the embedding its memories
# look words up in (language models tie input and output embeddings the same way): W's
# gradient is a row-sparse lookup gradient plus a dense one.
@pytest.mark.parametrize("spec", ["@numpy", "@torch", "@dask"])
@pytest.mark.parametrize("lookup_first", [True, False])
def test_tied_embedding_gradient_adds_lookup_rows_to_the_dense_gradient(spec, lookup_first):
    rng = np.random.default_rng(0)
    vocab, units = 6, 3
    ids = np.array([1, 4, 1, 0], np.int32)
    u = rng.standard_normal((2, units)).astype(np.float32)
    g_lookup = rng.standard_normal((4, units)).astype(np.float32)
    g_linear = rng.standard_normal((2, vocab)).astype(np.float32)
    device = flexgrad.get_device(spec)
    embed = L.EmbedID(vocab, units).to_device(device)
    lookup = F.sum(embed(device.send(ids)) * device.send(g_lookup))
    answer = F.sum(F.linear(device.send(u), embed.W) * device.send(g_linear))
    loss = lookup + answer if lookup_first else answer + lookup
    embed.cleargrads()
    loss.backward()

    expected = g_linear.T @ u
    np.add.at(expected, ids, g_lookup)
    grad = _host(embed.W.grad)
    assert grad.dtype == np.float32
    np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-6)


def test_adam_steps_a_tied_embedding():
    embed = L.EmbedID(5, 2)
    optimizer = flexgrad.optimizers.Adam().setup(embed)
    before = embed.W.array.copy()
    ids = np.array([0, 3], np.int32)
    u = np.ones((1, 2), np.float32)
    optimizer.update(lambda: F.sum(F.linear(u, embed.W)) + F.sum(embed(ids)))
    assert embed.W.array.dtype == np.float32
    assert np.isfinite(embed.W.array).all() and not np.array_equal(embed.W.array, before)


# -- MultiprocessParallelUpdater: one iterator per device ----------------------------------------
class _SquaredError(flexgrad.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.fc = L.Linear(3, 2)

    def forward(self, x, t):
        return F.sum((self.fc(x) - t) ** 2)


def _examples(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 3)).astype(np.float32)
    return x, rng.standard_normal((n, 2)).astype(np.float32)


@pytest.mark.parametrize("devices", [("@numpy", "@numpy"), ("@numpy", "@dask"),
                                     {"main": "@numpy", "second": "@array_api_strict"}])
def test_multiprocess_parallel_updater_steps_on_every_devices_batch(devices):
    parts = [_examples(1, 2), _examples(2, 2)]
    datasets = [flexgrad.datasets.TupleDataset(*part) for part in parts]
    model = _SquaredError()
    reference = model.copy("copy")
    optimizer = flexgrad.optimizers.SGD(lr=0.1).setup(model)
    iterators = [flexgrad.iterators.SerialIterator(d, 2, shuffle=False) for d in datasets]
    updater = flexgrad.training.updaters.MultiprocessParallelUpdater(
        iterators, optimizer, devices=devices)
    updater.update()

    x, t = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    reference.cleargrads()
    reference(x, t).backward()
    for (name, got), (_, want) in zip(sorted(model.namedparams()),
                                      sorted(reference.namedparams()), strict=True):
        np.testing.assert_allclose(_host(got.array), want.array - 0.1 * want.grad,
                                   rtol=1e-5, atol=1e-6, err_msg=name)
    assert flexgrad.training.updaters.MultiprocessParallelUpdater.available()


def test_multiprocess_parallel_updater_wants_an_iterator_per_device():
    optimizer = flexgrad.optimizers.SGD().setup(_SquaredError())
    iterator = flexgrad.iterators.SerialIterator(
        flexgrad.datasets.TupleDataset(*_examples(0, 2)), 2)
    with pytest.raises(flexgrad.errors.InvalidValueError, match="'iterators' expected 2"):
        flexgrad.training.updaters.MultiprocessParallelUpdater(
            [iterator], optimizer, devices=["@numpy", "@numpy"])
    with pytest.raises(flexgrad.errors.InvalidTypeError, match="'devices' expected a list"):
        flexgrad.training.updaters.MultiprocessParallelUpdater([iterator], optimizer)


# -- an updater with several optimizers walks one forward pass once per player -----------------
class _TwoPlayerUpdater(flexgrad.training.StandardUpdater):
    """A generator and a critic learn from one forward pass, as image-to-image GAN scripts
    write their update_core: the critic's loss is walked after the generator's."""

    def __init__(self, iterator, optimizers, gen, critic):
        super().__init__(iterator, optimizers)
        self.gen, self.critic = gen, critic

    def update_core(self):
        x = np.stack(self.get_iterator("main").next())
        fake = self.gen(x)
        score = self.critic(fake)
        self.get_optimizer("gen").update(lambda: F.mean(F.softplus(-score)))
        fake.unchain_backward()
        self.get_optimizer("critic").update(lambda: F.mean(F.softplus(score)))


def test_an_updater_with_two_optimizers_walks_their_shared_graph_twice():
    gen, critic = L.Linear(3, 3), L.Linear(3, 1)
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    expected_critic = critic.copy("copy")
    optimizers = {"gen": flexgrad.optimizers.SGD(lr=0.1).setup(gen),
                  "critic": flexgrad.optimizers.SGD(lr=0.1).setup(critic)}
    iterator = flexgrad.iterators.SerialIterator(list(x), 4, shuffle=False)
    fake_before_step = gen(x).array
    _TwoPlayerUpdater(iterator, optimizers, gen, critic).update()

    # the critic's step used the graph the generator's backward had walked first
    expected_critic.cleargrads()
    F.mean(F.softplus(expected_critic(fake_before_step))).backward()
    np.testing.assert_allclose(critic.W.array, expected_critic.W.array
                               - 0.1 * expected_critic.W.grad, rtol=1e-6)
    assert not flexgrad.config.retain_graph  # kept for the step only


# -- Chainer's integer device ids on a machine without a GPU ------------------------------------
def test_a_negative_device_id_is_the_cpu_as_chainers_dummy_device():
    device = flexgrad.backends.cuda.get_device_from_id(-1)
    device.use()
    assert device == flexgrad.get_device("@numpy")
    assert flexgrad.cuda.get_device_from_id(-1) == device


# -- converters written for Chainer's integer device ids ----------------------------------------
def _legacy_sequence_converter(batch, device=None):
    """Chainer's older converters branch on an integer id: None keeps the batch, a negative
    one is the CPU (each array sent with to_device), else a GPU."""
    def to_device_batch(arrays):
        if device is None:
            return arrays
        elif device < 0:
            return [flexgrad.dataset.to_device(device, a) for a in arrays]
        raise AssertionError("the GPU branch needs a CUDA device")
    return {"xs": to_device_batch([x for x, _ in batch]),
            "ys": to_device_batch([y for _, y in batch])}


class _SequenceSum(flexgrad.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(5, 2)

    def forward(self, xs, ys):
        return sum(F.sum(self.embed(x)) * float(y[0]) for x, y in zip(xs, ys, strict=True))


@pytest.mark.parametrize("device", [-1, "@numpy", "@dask", "@array_api_strict"])
def test_a_converter_comparing_the_device_with_zero_takes_the_cpu_branch(device):
    examples = [(np.array([1, 2], np.int32), np.array([1], np.int32)),
                (np.array([3], np.int32), np.array([2], np.int32))]
    model = _SequenceSum()
    model.to_device(device)
    optimizer = flexgrad.optimizers.SGD(lr=0.1).setup(model)
    iterator = flexgrad.iterators.SerialIterator(examples, 2, shuffle=False)
    flexgrad.training.StandardUpdater(iterator, optimizer, converter=_legacy_sequence_converter,
                                      device=device).update()
    expected = np.zeros((5, 2), np.float32)
    expected[[1, 2]] += 1.0
    expected[3] += 2.0
    assert flexgrad.get_device(device) < 0 and flexgrad.get_device(device) <= -1
    assert not flexgrad.get_device(device) >= 0 and not flexgrad.get_device(device) > -1
    np.testing.assert_allclose(_host(model.embed.W.grad), expected)
