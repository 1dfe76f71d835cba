"""negative_sampling, black_out, crf1d and argmax_crf1d against NumPy references written
here: a brute-force enumeration of every label path for the CRF, the formulas for the
sampled losses; and a skip-gram model that learns with NegativeSampling."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of
from flexgrad import optimizers
from flexgrad.errors import InvalidTypeError, InvalidValueError

DEVICES = [flexgrad.get_device(s) for s in ("@numpy", "@dask", "@array_api_strict")]
ON_EVERY_BACKEND = pytest.mark.parametrize("device", DEVICES, ids=str)
RNG = np.random.default_rng(0)


# -- crf1d: brute force over every path -----------------------------------------------------
N_LABEL, LENGTHS = 3, (4, 2, 2, 1)  # four sequences sorted by decreasing length
COST = RNG.standard_normal((N_LABEL, N_LABEL))
SEQS = [RNG.standard_normal((n, N_LABEL)) for n in LENGTHS]  # batch-major
LABELS = [RNG.integers(0, N_LABEL, n) for n in LENGTHS]


def time_major(seqs):
    return [np.stack([s[t] for s in seqs if len(s) > t]) for t in range(len(seqs[0]))]


def path_score(x, path):
    return sum(x[t, p] for t, p in enumerate(path)) + sum(
        COST[a, b] for a, b in itertools.pairwise(path))


def all_paths(x):
    return {path: path_score(x, path) for path in
            itertools.product(range(N_LABEL), repeat=len(x))}


@ON_EVERY_BACKEND
def test_crf1d_is_the_log_partition_minus_the_path_score(device):
    expected = []
    for x, y in zip(SEQS, LABELS, strict=True):
        scores = np.array(list(all_paths(x).values()))
        expected.append(np.log(np.exp(scores).sum()) - path_score(x, tuple(y)))
    xs = [device.send(x) for x in time_major(SEQS)]
    ys = [device.send(y) for y in time_major(LABELS)]
    cost = flexgrad.Variable(device.send(COST))
    loss = F.crf1d(cost, xs, ys, reduce="no")
    np.testing.assert_allclose(numpy_of(loss), expected, rtol=1e-10)
    mean = F.crf1d(cost, xs, ys)
    np.testing.assert_allclose(numpy_of(mean), np.sum(expected) / len(LENGTHS), rtol=1e-10)
    mean.backward()
    assert cost.grad.shape == COST.shape


@ON_EVERY_BACKEND
def test_argmax_crf1d_finds_the_best_path_and_its_score(device):
    best = [max(all_paths(x).items(), key=lambda item: item[1]) for x in SEQS]
    xs = [device.send(x) for x in time_major(SEQS)]
    score, path = F.argmax_crf1d(device.send(COST), xs)
    np.testing.assert_allclose(numpy_of(score), [s for _, s in best], rtol=1e-10)
    assert all(numpy_of(p).dtype == np.int32 for p in path)
    assert [numpy_of(p).tolist() for p in path] == [p.tolist() for p in
                                                     time_major([np.array(b) for b, _ in best])]


def test_crf1d_names_the_step_that_breaks_the_order():
    xs = [np.zeros((1, 2)), np.zeros((2, 2))]
    with pytest.raises(InvalidValueError, match=r"crf1d: argument 'xs\[1\]'.*decreasing"):
        F.crf1d(np.zeros((2, 2)), xs, [np.zeros(1, int), np.zeros(2, int)])
    with pytest.raises(InvalidValueError, match="crf1d: argument 'ys' expected 2 label"):
        F.crf1d(np.zeros((2, 2)), xs[:1] * 2, [np.zeros(1, int)])
    with pytest.raises(InvalidTypeError, match=r"argmax_crf1d: argument 'xs\[0\]'"):
        F.argmax_crf1d(np.zeros((2, 2)), [np.zeros((1, 2), np.float32)])


# -- the sampled losses -----------------------------------------------------------------------
X = RNG.standard_normal((4, 3))
W = RNG.standard_normal((6, 3))
T = np.array([1, -1, 5, 0])
DRAWN = RNG.integers(0, 6, (4, 3)).astype(np.int32)


def log_sigmoid(z):
    return -np.logaddexp(0.0, -z)


@ON_EVERY_BACKEND
def test_negative_sampling_matches_its_formula(device):
    samples = np.concatenate([T[:, None], DRAWN[:, 1:]], axis=1)
    scores = np.einsum("bsu,bu->bs", W[samples], X)
    expected = -(log_sigmoid(scores[:, 0]) + log_sigmoid(-scores[:, 1:]).sum(axis=1))
    expected[T == -1] = 0.0
    x = flexgrad.Variable(device.send(X))
    loss, used = F.negative_sampling(x, device.send(T), device.send(W),
                                     lambda shape: DRAWN, 2, reduce="no", return_samples=True)
    np.testing.assert_allclose(numpy_of(loss), expected, rtol=1e-10)
    assert np.array_equal(numpy_of(used)[T != -1], samples[T != -1])
    F.sum(loss).backward()
    assert not numpy_of(x.grad)[1].any()  # the ignored row passes no gradient


@ON_EVERY_BACKEND
def test_black_out_matches_its_formula(device):
    t = np.abs(T)
    scores = np.einsum("bsu,bu->bs", W[np.concatenate([t[:, None], DRAWN], axis=1)], X)
    p = np.exp(scores - np.log(np.exp(scores).sum(axis=1, keepdims=True)))
    expected = -np.log(p[:, 0]) - np.log(1 - p[:, 1:]).sum(axis=1)
    args = [device.send(a) for a in (X, t, W, DRAWN)]
    np.testing.assert_allclose(numpy_of(F.black_out(*args, reduce="no")), expected,
                               rtol=1e-10)
    np.testing.assert_allclose(numpy_of(F.black_out(*args)), expected.mean(), rtol=1e-10)


def test_sampled_losses_name_the_argument_at_fault():
    with pytest.raises(InvalidValueError, match="negative_sampling: argument 'sampler'"):
        F.negative_sampling(X, T, W, lambda shape: np.zeros((1,), np.int32), 2)
    with pytest.raises(InvalidValueError, match=r"negative_sampling: argument .W.*n_vocab, 3"):
        F.negative_sampling(X, T, W.T, lambda shape: DRAWN, 2)
    with pytest.raises(InvalidValueError, match="black_out: argument 'samples'"):
        F.black_out(X, np.abs(T), W, DRAWN[:2])


# -- word2vec ---------------------------------------------------------------------------------
CORPUS = np.array([0, 1, 2, 3, 0, 1, 4, 5, 0, 1, 2, 3, 6, 7, 4, 5] * 4)


class SkipGram(flexgrad.Chain):
    """word2vec's skip-gram: predict each context word from the centre word's vector."""

    def __init__(self, n_vocab: int, n_units: int, counts) -> None:
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(n_vocab, n_units, initialW=flexgrad.initializers.Uniform(
                1.0 / n_units))
            self.loss_func = L.NegativeSampling(n_units, counts, sample_size=3)

    def forward(self, centre, context):
        return self.loss_func(self.embed(centre), context)


def test_skip_gram_learns_a_tiny_corpus():
    flexgrad.set_seed(0)
    counts = np.bincount(CORPUS)
    model = SkipGram(len(counts), 8, counts)
    optimizer = optimizers.Adam(alpha=0.05).setup(model)
    centre = np.concatenate([CORPUS[1:-1], CORPUS[1:-1]])
    context = np.concatenate([CORPUS[:-2], CORPUS[2:]])
    losses = []
    for _ in range(60):
        loss = model(centre, context)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        losses.append(float(loss.array))
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5])  # ~0.53 for seeds 0-2
