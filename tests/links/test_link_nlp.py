"""NegativeSampling, BlackOut and CRF1d: shapes, Chainer's parameter names, NumPy
references, save/load and device moves (the samplers follow their inputs)."""

from __future__ import annotations

import io

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of
from flexgrad import serializers

ON_EVERY_BACKEND = pytest.mark.parametrize(
    "device", [flexgrad.get_device(s)
               for s in ("@numpy", "@dask", "@array_api_strict", "@torch", "@jax")],
    ids=str)
RNG = np.random.default_rng(0)
COUNTS = [5, 0, 2, 9, 1]
X = RNG.standard_normal((4, 3)).astype(np.float32)
T = np.array([0, 3, 2, 4])


def names(link):
    return [name for name, _ in link.namedparams()]


def reloaded(link, fresh):
    buffer = io.BytesIO()
    serializers.save_npz(buffer, link)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), fresh)
    return fresh


def randomized(link, name):
    param = getattr(link, name)
    param.array = RNG.standard_normal(param.shape).astype(np.float32)
    return link


def test_negative_sampling_starts_at_zero_and_samples_counts_to_the_power():
    link = L.NegativeSampling(3, COUNTS, sample_size=4, power=0.5)
    assert names(link) == ["/W"] and link.W.shape == (5, 3) and not link.W.array.any()
    assert link.W.dtype == np.float32
    assert L.NegativeSampling(3, COUNTS, 4, dtype=np.float64).W.dtype == np.float64
    flexgrad.set_seed(0)
    freq = np.bincount(link.sampler.sample((20000,)), minlength=5) / 20000
    weights = np.array(COUNTS) ** 0.5
    np.testing.assert_allclose(freq, weights / weights.sum(), atol=0.015)


@ON_EVERY_BACKEND
def test_negative_sampling_link_matches_a_numpy_reference(device):
    link = randomized(L.NegativeSampling(3, COUNTS, sample_size=2), "W").to_device(device)
    loss, samples = link(device.send(X), device.send(T), reduce="no", return_samples=True)
    samples, W = numpy_of(samples), numpy_of(link.W)
    assert samples.shape == (4, 3) and np.array_equal(samples[:, 0], T)
    assert link.sampler.device == device and not (samples[:, 1:] == 1).any()
    scores = np.einsum("bsu,bu->bs", W[samples], X)
    expected = np.logaddexp(0, -scores[:, 0]) + np.logaddexp(0, scores[:, 1:]).sum(axis=1)
    np.testing.assert_allclose(numpy_of(loss), expected, rtol=1e-5)


def test_sampler_follows_a_parent_moved_to_another_device():
    model = flexgrad.Chain()
    with model.init_scope():
        model.loss = L.NegativeSampling(3, COUNTS, sample_size=2)
    model.to_device("@dask")
    dask = flexgrad.get_device("@dask")
    loss = model.loss(dask.send(X), dask.send(T))
    assert loss.device == dask and model.loss.sampler.device == dask


def test_black_out_uses_sample_data_and_matches_a_numpy_reference():
    link = L.BlackOut(3, COUNTS, sample_size=2)
    assert names(link) == ["/W"] and link.W.shape == (5, 3)
    assert np.isfinite(link.W.array).all()
    link.sample_data = RNG.integers(0, 5, (4, 2))
    ids = np.concatenate([T[:, None], link.sample_data], axis=1)
    scores = np.einsum("bsu,bu->bs", link.W.array[ids], X)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    expected = np.mean(-np.log(p[:, 0]) - np.log(1 - p[:, 1:]).sum(axis=1))
    np.testing.assert_allclose(link(X, T).array, expected, rtol=1e-5)


@ON_EVERY_BACKEND
def test_black_out_draws_on_its_device(device):
    link = L.BlackOut(3, COUNTS, sample_size=3).to_device(device)
    loss = link(device.send(X), device.send(T))
    assert loss.shape == () and loss.device == device and link.sampler.device == device
    loss.backward()
    assert link.W.grad.shape == (5, 3)


# -- CRF1d ------------------------------------------------------------------------------------
LENGTHS = (3, 2, 2)
SEQS = [RNG.standard_normal((n, 4)).astype(np.float32) for n in LENGTHS]  # batch-major
LABELS = [RNG.integers(0, 4, n) for n in LENGTHS]


def test_crf1d_has_a_cost_of_zeros_or_the_given_one():
    crf = L.CRF1d(4)
    assert names(crf) == ["/cost"] and crf.cost.shape == (4, 4) and not crf.cost.array.any()
    initial = np.arange(16, dtype=np.float32).reshape(4, 4)
    assert np.array_equal(L.CRF1d(4, initial_cost=initial).cost.array, initial)


@ON_EVERY_BACKEND
def test_crf1d_link_transposes_batch_major_input(device):
    crf = randomized(L.CRF1d(4, transpose=True), "cost")
    expected = F.crf1d(crf.cost.array, F.transpose_sequence(SEQS),
                       F.transpose_sequence(LABELS), reduce="no").array
    _, time_major_path = F.argmax_crf1d(crf.cost.array, F.transpose_sequence(SEQS))
    crf.to_device(device)
    xs, ys = [device.send(x) for x in SEQS], [device.send(y) for y in LABELS]
    np.testing.assert_allclose(numpy_of(crf(xs, ys, reduce="no")), expected, rtol=1e-5)
    score, path = crf.argmax(xs)
    assert score.shape == (3,) and [p.shape for p in path] == [(n,) for n in LENGTHS]
    back = [p.array.tolist() for p in F.transpose_sequence(time_major_path)]
    assert [numpy_of(p).tolist() for p in path] == back


def test_crf1d_and_the_sampled_losses_save_and_load_under_chainer_names():
    for make, name in ((lambda: L.CRF1d(4), "cost"),
                       (lambda: L.NegativeSampling(3, COUNTS, 2), "W"),
                       (lambda: L.BlackOut(3, COUNTS, 2), "W")):
        link = randomized(make(), name)
        buffer = io.BytesIO()
        serializers.save_npz(buffer, link)
        assert list(np.load(io.BytesIO(buffer.getvalue())).keys()) == [name]
        fresh = reloaded(link, make())
        assert np.array_equal(getattr(fresh, name).array, getattr(link, name).array)


HSM_COUNTS = {0: 8, 1: 5, 2: 6, 3: 4, 4: 10, 5: 1, 6: 32, 7: 21}


def test_huffman_tree_is_chainers():
    tree = L.BinaryHierarchicalSoftmax.create_huffman_tree({0: 8, 1: 5, 2: 6, 3: 4})
    assert tree == ((3, 1), (2, 0))
    with pytest.raises(ValueError, match="empty vocabulary"):
        L.BinaryHierarchicalSoftmax.create_huffman_tree({})
    with pytest.raises(ValueError, match="two children"):
        L.BinaryHierarchicalSoftmax(3, ((0, 1, 2), 3))


@ON_EVERY_BACKEND
def test_hierarchical_softmax_is_a_distribution_and_matches_a_numpy_reference(device):
    tree = L.BinaryHierarchicalSoftmax.create_huffman_tree(HSM_COUNTS)
    link = L.BinaryHierarchicalSoftmax(3, tree)
    assert names(link) == ["/W"] and link.W.shape == (7, 3)  # n - 1 internal nodes
    link = randomized(link, "W").to_device(device)
    x = device.send(X)
    # exp(-loss) of each word is its probability: they sum to one for every row
    probs = np.array([[np.exp(-float(numpy_of(link(x[i:i + 1, :], device.send(
        np.array([w], np.int32)))))) for w in range(8)] for i in range(4)])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    # the summed loss: -log sigmoid(code * x . W[node]) along each word's path
    W = numpy_of(link.W)
    expected = sum(_reference_loss(tree, word, row, W) for row, word in zip(X, T, strict=True))
    np.testing.assert_allclose(numpy_of(link(x, device.send(T))), expected, rtol=1e-5)


def _reference_loss(tree, word, x, W):
    """-log P(word | x), numbering internal nodes depth first, left first (Chainer's)."""
    counter = [0]

    def walk(node, loss):
        if not isinstance(node, tuple):
            return loss if node == word else None
        score = W[counter[0]] @ x
        counter[0] += 1
        left = walk(node[0], loss + np.logaddexp(0, -score))
        right = walk(node[1], loss + np.logaddexp(0, score))
        return left if left is not None else right

    return walk(tree, 0.0)


def test_hierarchical_softmax_gradients_match_finite_differences():
    tree = L.BinaryHierarchicalSoftmax.create_huffman_tree(HSM_COUNTS)
    link = randomized(L.BinaryHierarchicalSoftmax(3, tree), "W")
    link.W.array = link.W.array.astype(np.float64)
    flexgrad.gradient_check.check_backward(lambda x: link(x, T), X.astype(np.float64),
                                           params=link.W)
