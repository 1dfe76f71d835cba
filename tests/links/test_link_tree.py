"""Define-by-run on trees: a TreeLSTM sentiment model whose graph follows each sample's
parse tree, built by a plain recursive Python function (ChildSumTreeLSTM, NaryTreeLSTM).

A tree is a word id (a leaf) or a tuple of subtrees. Each sample has its own shape, so
each forward pass records a different graph; backward needs nothing more.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from conftest import numpy_of
from flexgrad import optimizers, serializers

VOCAB, EMBED, UNITS = 6, 4, 3
TREES = [((0, 1), 2), (3, (4, (5, 1))), (2,)]  # three samples, three shapes
LABELS = [1, 0, 1]


class TreeSentiment(flexgrad.Chain):
    """Embed the leaves' words, merge children up the tree with ``cell``, classify the
    root's output."""

    def __init__(self, cell: flexgrad.Link) -> None:
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(VOCAB, EMBED)
            self.cell = cell
            self.out = L.Linear(UNITS, 2)

    def encode(self, tree):
        """``(c, h)`` of a (sub)tree: a leaf reads its word, a node its children."""
        if isinstance(tree, int):
            children, x = [], self.embed(self.device.send(np.array([tree], np.int32)))
        else:
            children, x = [self.encode(child) for child in tree], None
        missing = getattr(self.cell, "n_ary", len(children)) - len(children)
        cs = [c for c, _ in children] + [None] * missing  # None: a missing child
        hs = [h for _, h in children] + [None] * missing
        return self.cell(*cs, *hs, x)

    def forward(self, tree):
        return self.out(self.encode(tree)[1])


def loss_of(model, trees, labels):
    losses = [F.softmax_cross_entropy(model(tree), model.device.send(np.array([t], np.int32)))
              for tree, t in zip(trees, labels, strict=True)]
    return sum(losses[1:], losses[0]) / len(losses)


# -- NumPy references of the two cells ----------------------------------------------------
def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def affine(link, x):
    return x @ numpy_of(link.W).T + (0 if link.b is None else numpy_of(link.b))


def lstm_out(a, i, o, fcs):
    c = np.tanh(a) * sigmoid(i) + sum(sigmoid(f) * c for f, c in fcs)
    return c, sigmoid(o) * np.tanh(c)


def child_sum_cell(cell, children, x):
    aio, f = np.split(affine(cell.W_x, x), [3 * UNITS], axis=1)
    if children:
        aio = aio + affine(cell.W_h_aio, sum(h for _, h in children))
    fcs = [(f + affine(cell.W_h_f, h), c) for c, h in children]
    return lstm_out(*np.split(aio, 3, axis=1), fcs)


def nary_cell(cell, children, x):
    z = affine(cell.W_x, x)
    for k, (_, h) in enumerate(children, start=1):
        z = z + affine(getattr(cell, f"W_h{k}"), h)
    a, i, o, *fs = np.split(z, 3 + cell.n_ary, axis=1)
    return lstm_out(a, i, o, [(f, c) for f, (c, _) in zip(fs, children, strict=False)])


def numpy_encode(model, tree):
    if isinstance(tree, int):
        children, x = [], numpy_of(model.embed.W)[[tree]]
    else:
        children, x = [numpy_encode(model, child) for child in tree], np.zeros((1, EMBED))
    step = nary_cell if isinstance(model.cell, L.NaryTreeLSTM) else child_sum_cell
    return step(model.cell, children, x)


CELLS = {"ChildSumTreeLSTM": lambda: L.ChildSumTreeLSTM(EMBED, UNITS),
         "NaryTreeLSTM": lambda: L.NaryTreeLSTM(EMBED, UNITS, n_ary=2)}
ON_EVERY_CELL = pytest.mark.parametrize("make", CELLS.values(), ids=CELLS.keys())


@ON_EVERY_CELL
@pytest.mark.parametrize("device, trees", [("@numpy", TREES), ("@array_api_strict", TREES),
                                           ("@dask", TREES[:1])],  # ~1 s per tree on Dask
                         ids=["numpy", "array_api_strict", "dask"])
def test_each_tree_gets_its_own_graph_and_every_weight_a_gradient(make, device, trees):
    flexgrad.set_seed(0)
    model = TreeSentiment(make()).to_device(device)
    roots = [model.encode(tree)[1].array for tree in trees]
    loss_of(model, trees, LABELS[:len(trees)]).backward()
    names, grads = zip(*((name, p.grad) for name, p in model.namedparams()), strict=True)
    computed = model.device.backend.materialize([*roots, *grads])  # one Dask run
    roots, grads = computed[:len(roots)], computed[len(roots):]
    for tree, h in zip(trees, roots, strict=True):
        np.testing.assert_allclose(numpy_of(h), numpy_encode(model, tree)[1], rtol=1e-5,
                                   atol=1e-6)
    for name, grad in zip(names, grads, strict=True):
        assert np.any(numpy_of(grad) != 0), name


@ON_EVERY_CELL
def test_a_few_steps_fit_three_trees(make):
    flexgrad.set_seed(1)
    model = TreeSentiment(make())
    optimizer = optimizers.Adam(alpha=0.05)
    optimizer.setup(model)
    first = float(loss_of(model, TREES, LABELS).array)
    for _ in range(15):
        optimizer.update(loss_of, model, TREES, LABELS)
    assert float(loss_of(model, TREES, LABELS).array) < first / 2


def test_child_sum_ignores_the_order_of_children_and_nary_does_not():
    flexgrad.set_seed(2)
    rng = np.random.default_rng(2)
    c1, c2, h1, h2 = (rng.standard_normal((2, UNITS)).astype(np.float32) for _ in range(4))
    x = rng.standard_normal((2, EMBED)).astype(np.float32)
    child_sum, nary = CELLS["ChildSumTreeLSTM"](), CELLS["NaryTreeLSTM"]()
    np.testing.assert_allclose(child_sum(c1, c2, h1, h2, x)[1].array,
                               child_sum(c2, c1, h2, h1, x)[1].array, rtol=1e-6)
    assert not np.allclose(nary(c1, c2, h1, h2, x)[1].array, nary(c2, c1, h2, h1, x)[1].array)


@pytest.mark.parametrize("make, keys", [
    (CELLS["ChildSumTreeLSTM"], ["W_h_aio/W", "W_h_f/W", "W_x/W", "W_x/b"]),
    (CELLS["NaryTreeLSTM"], ["W_h1/W", "W_h2/W", "W_x/W", "W_x/b"]),
])
def test_saved_under_chainers_names(make, keys):
    cell, fresh = make(), make()
    buffer = io.BytesIO()
    serializers.save_npz(buffer, cell)
    serializers.load_npz(io.BytesIO(buffer.getvalue()), fresh)
    assert sorted(np.load(io.BytesIO(buffer.getvalue())).files) == keys
    for (_, p), (_, q) in zip(cell.namedparams(), fresh.namedparams(), strict=True):
        np.testing.assert_array_equal(p.array, q.array)


def test_lazy_in_size_and_clear_errors():
    cell = L.ChildSumTreeLSTM(None, UNITS)
    with pytest.raises(flexgrad.errors.InvalidValueError, match="in_size is taken from"):
        cell(np.ones((1, UNITS), np.float32), np.ones((1, UNITS), np.float32), None)
    c, h = cell(np.ones((1, 5), np.float32))
    assert cell.W_x.W.shape == (4 * UNITS, 5)
    assert cell(c, h, None)[1].shape == (1, UNITS)  # an inner node without input
    with pytest.raises(flexgrad.errors.InvalidTypeError, match="NaryTreeLSTM: argument"):
        L.NaryTreeLSTM(2, 3)(None, np.ones((1, 2), np.float32))
    with pytest.raises(flexgrad.errors.InvalidValueError, match="all None"):
        L.ChildSumTreeLSTM(2, 3)(None, None, None)
