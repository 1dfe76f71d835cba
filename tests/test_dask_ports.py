"""Chainer scripts' patterns on Dask as on NumPy (issue 13, "On Dask"): one-sequence RNN
batches, batches in few chunks, in-place target-network updates, and printing results."""

from __future__ import annotations

import copy

import dask
import numpy as np
import pytest
from dask.array import PerformanceWarning

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import optimizers
from flexgrad.backends import _dask_writes
from flexgrad.dataset import concat_examples, to_device
from flexgrad.errors import InvalidTypeError

DEVICES = ("@numpy", "@dask")


def values(x):
    """A Variable's or array's values on the host."""
    return flexgrad.cuda.to_cpu(getattr(x, "array", x))


def task_count(*arrays) -> int:
    return len({key for a in arrays for key in dict(a.__dask_graph__())})


# -- 1. transpose_sequence of a single sequence ----------------------------------------------
@pytest.mark.parametrize("spec", DEVICES)
def test_one_sequence_transposes_to_steps_of_one_row(spec):
    x = to_device(spec, np.arange(12.0, dtype=np.float32).reshape(4, 3))
    steps = F.transpose_sequence([x])
    assert [s.shape for s in steps] == [(1, 3)] * 4
    assert [values(s).shape for s in steps] == [(1, 3)] * 4
    np.testing.assert_array_equal(np.concatenate([values(s) for s in steps]), values(x))


def test_n_step_lstm_runs_one_sequence_on_dask_as_on_numpy():
    results = []
    for spec in DEVICES:
        flexgrad.set_seed(0)
        lstm = L.NStepLSTM(1, 3, 4, 0.0)
        lstm.to_device(spec)
        x = to_device(spec, np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3))
        hx, cx = (to_device(spec, np.full((1, 1, 4), v, np.float32)) for v in (0.5, -0.5))
        hy, cy, ys = lstm(hx, cx, [x])
        assert hy.shape == (1, 1, 4) and ys[0].shape == (5, 4)
        results.append([values(v) for v in (hy, cy, ys[0])])
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


# -- 2. batches arrive as few chunks -----------------------------------------------------------
def sentences(n: int = 16, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n`` (word ids, tags) pairs of 2 to 5 words, as a POS tagger's dataset holds."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2, 6, n)
    return [(rng.integers(0, 20, t).astype(np.int32), rng.integers(0, 4, t).astype(np.int32))
            for t in lengths]


def test_concat_of_per_sentence_arrays_is_one_chunk():
    xs = [to_device("@dask", x) for x, _ in sentences(64)]
    joined = F.concat(xs, axis=0)
    assert joined.array.npartitions == 1
    np.testing.assert_array_equal(values(joined), np.concatenate([values(x) for x in xs]))


def test_stack_and_pad_sequence_of_per_sentence_arrays_are_one_chunk():
    xs = [to_device("@dask", x) for x, _ in sentences(64)]
    padded = F.pad_sequence(xs, padding=0)
    assert padded.array.npartitions == 1
    np.testing.assert_array_equal(values(padded), F.pad_sequence([values(x) for x in xs]).array)
    columns = F.stack([x[:1] for x in xs], axis=1)
    assert columns.array.npartitions == 1


@pytest.mark.parametrize("on_host", [True, False], ids=["host-examples", "dask-examples"])
def test_concat_examples_with_padding_gives_one_chunk(on_host):
    words = [x for x, _ in sentences(32)]
    batch = words if on_host else [to_device("@dask", x) for x in words]
    padded = concat_examples(batch, "@dask", padding=-1)
    assert padded.npartitions == 1
    np.testing.assert_array_equal(values(padded), concat_examples(words, padding=-1))


def test_a_split_converter_batch_is_one_chunk():
    """seq2seq's converter: join on the host, send once, cut into sentences there."""
    words = [x for x, _ in sentences(32)]
    sent = to_device("@dask", np.concatenate(words))
    ends = np.cumsum([len(x) for x in words])
    pieces = [sent[end - len(x):end] for x, end in zip(words, ends, strict=True)]
    assert F.concat(pieces, axis=0).array.npartitions == 1


class Tagger(flexgrad.Chain):
    """A POS tagger's shape of model: embed each word, an LSTM over each sentence, a
    linear layer on every output, all sentences of a batch in lists."""

    def __init__(self) -> None:
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(20, 6)
            self.lstm = L.NStepLSTM(1, 6, 6, 0.0)
            self.out = L.Linear(6, 4)

    def forward(self, xs, ts):
        sections = np.cumsum([len(x) for x in xs[:-1]])
        embedded = F.split_axis(self.embed(F.concat(xs, axis=0)), sections, 0)
        _, _, hs = self.lstm(None, None, embedded)
        return F.softmax_cross_entropy(self.out(F.concat(hs, axis=0)), F.concat(ts, axis=0))


def test_a_tagger_update_on_per_sentence_arrays_is_a_bounded_graph():
    """16 sentences sent one by one (as Chainer's converters do): 1,422 tasks for the loss
    and every gradient; over 4,500 when each join kept its inputs' chunks. (64 sentences
    of up to 11 words: 31k tasks before, 3.8k now.)"""
    results = []
    for spec in DEVICES:
        flexgrad.set_seed(0)
        model = Tagger()
        model.to_device(spec)
        batch = sentences(16)
        loss = model([to_device(spec, x) for x, _ in batch],
                     [to_device(spec, t) for _, t in batch])
        loss.backward()
        grads = [p.grad for _, p in sorted(model.namedparams())]
        if spec == "@dask":
            assert task_count(loss.array, *grads) < 2000
        results.append([values(loss), *map(values, grads)])
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


# -- 3. in-place writes no optimizer persists --------------------------------------------------
def soft_update(target, source, tau: float) -> None:
    """DDPG's soft target update, as Chainer scripts write it."""
    for (_, p), (_, q) in zip(sorted(target.namedparams()), sorted(source.namedparams()),
                              strict=True):
        p.array[:] += tau * (q.array - p.array)


@pytest.fixture
def warn_again(monkeypatch):
    """The pile-up warning comes once a process: let this test see it."""
    monkeypatch.setattr(_dask_writes, "_warned", False)


def test_soft_updates_warn_once_naming_materialize(warn_again, monkeypatch):
    monkeypatch.setattr(_dask_writes, "CHAIN_LIMIT", 3)
    flexgrad.set_seed(0)
    model = L.Linear(3, 2)
    model.to_device("@dask")
    target = copy.deepcopy(model)
    optimizer = optimizers.SGD(lr=0.1)
    optimizer.setup(model)
    x = to_device("@dask", np.ones((4, 3), np.float32))
    with pytest.warns(PerformanceWarning, match=r"flexgrad\.materialize\(link\)") as seen:
        for _ in range(6):
            model.cleargrads()
            F.sum(target(x) * model(x)).backward()
            optimizer.update()
            soft_update(target, model, 0.1)
    assert len([w for w in seen if issubclass(w.category, PerformanceWarning)]) == 1


@pytest.mark.parametrize("spec", DEVICES)
def test_materialize_after_soft_updates_keeps_the_graph_bounded(spec, warn_again):
    flexgrad.set_seed(0)
    source, target = L.Linear(3, 2), L.Linear(3, 2)
    for link in (source, target):
        link.to_device(spec)
    for _ in range(100):
        soft_update(target, source, 0.05)
        flexgrad.materialize(target)
    if spec == "@dask":
        assert task_count(target.W.array, target.b.array) == 2
    flexgrad.set_seed(0)
    s0, t0 = (values(L.Linear(3, 2).W) for _ in range(2))
    np.testing.assert_allclose(values(target.W), s0 + (t0 - s0) * 0.95 ** 100, rtol=1e-5)


def test_materialize_names_a_bad_argument():
    with pytest.raises(InvalidTypeError, match=r"materialize: argument 'objects\[1\]'"):
        flexgrad.materialize(L.Linear(2, 2), np.zeros(2))


# -- 4. printing a lazy result -----------------------------------------------------------------
def test_printing_a_variable_shows_its_values_on_dask_as_on_numpy():
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    shown = []
    for spec in DEVICES:
        flexgrad.set_seed(0)
        model = L.Linear(3, 5)
        model.to_device(spec)
        y = model(to_device(spec, x))
        shown.append((repr(y), str(y), str(F.argmax(y, axis=1)), repr(y[0])))
    assert shown[0] == shown[1]
    assert "dask" not in "".join(shown[1])
    assert shown[1][1].startswith("variable([[") and shown[1][2].startswith("variable([")


def test_a_large_lazy_variable_prints_a_summary_without_computing():
    big = flexgrad.Variable(dask.array.zeros((2000, 3), chunks=500))
    with dask.config.set(scheduler=_refuse):
        text = repr(big)
    assert "(2000, 3)" in text and ".array.compute()" in text


def _refuse(*args, **kwargs):
    raise AssertionError("printing computed a large lazy array")
