"""embed_id's gradient keeps the rows its IDs picked (row-sparse) until something asks for
the dense array; SGD updates those rows alone, bit for bit as the dense step, and the lazy
rules (MomentumSGD, Adam with lazy_rows=True) update only them, as documented."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad._row_sparse import RowSparse


class Bag(flexgrad.Chain):
    """Embedding, then a sum over the bag and a small output layer."""

    def __init__(self, vocab: int = 50, units: int = 4) -> None:
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(vocab, units, ignore_label=-1)
            self.out = L.Linear(units, 2)

    def forward(self, ids):
        return F.sum(self.out(F.sum(self.embed(ids), axis=1)) ** 2)


def _ids(step: int, vocab: int = 50) -> np.ndarray:
    """Batches with repeated IDs and an ignored one."""
    ids = np.random.default_rng(step).integers(0, vocab // 5, (3, 4))
    ids[0, 0] = ids[1, 1]
    ids[2, 3] = -1
    return ids


def test_the_gradient_is_row_sparse_and_equals_the_dense_one():
    model = Bag()
    W = model.embed.W
    loss = model(_ids(0)) + model(_ids(1))  # two uses: the rows of both are kept
    (dense,) = flexgrad.grad([loss], [W], enable_double_backprop=True)
    loss.backward()
    assert type(W._grad_var._data) is RowSparse
    assert W.grad.tobytes() == dense.array.tobytes()
    assert type(W._grad_var._data) is np.ndarray  # made dense once, when read


def _train(make_optimizer, read_grad: bool, steps: int = 5, device: str = "@numpy"):
    flexgrad.set_seed(0)
    model = Bag().to_device(device)
    optimizer = make_optimizer().setup(model)
    for step in range(steps):
        model.cleargrads()
        model(flexgrad.get_device(device).send(_ids(step))).backward()
        assert type(model.embed.W._grad_var._data) is RowSparse
        if read_grad:  # the dense gradient, asked for: the dense update
            assert model.embed.W.grad is not None
        optimizer.update()
    return model


@pytest.mark.parametrize("make", [lambda: flexgrad.optimizers.SGD(0.1),
                                  lambda: flexgrad.optimizers.MomentumSGD(0.1),
                                  lambda: flexgrad.optimizers.Adam(0.01)])
def test_the_row_update_equals_the_dense_update(make):
    """SGD always updates the rows alone; MomentumSGD and Adam only with lazy_rows, so by
    default they equal the dense path too."""
    sparse, dense = _train(make, False), _train(make, True)
    for p, q in zip(sparse.params(), dense.params(), strict=True):
        np.testing.assert_array_equal(p.array, q.array)


def test_on_torch_tensors_too():
    pytest.importorskip("torch")
    make = lambda: flexgrad.optimizers.SGD(0.1)  # noqa: E731
    sparse, dense = _train(make, False, 3, "@torch"), _train(make, True, 3, "@torch")
    for p, q in zip(sparse.params(), dense.params(), strict=True):
        np.testing.assert_array_equal(np.asarray(p.array), np.asarray(q.array))


def _rows_after(make, batches):
    """The embedding before, and after one step per batch."""
    flexgrad.set_seed(0)
    model = Bag()
    optimizer = make().setup(model)
    before = model.embed.W.array.copy()
    for ids in batches:
        model.cleargrads()
        model(np.array(ids)).backward()
        optimizer.update()
    return before, model.embed.W.array


@pytest.mark.parametrize("rule", [flexgrad.optimizers.MomentumSGD, flexgrad.optimizers.Adam])
def test_lazy_rows_move_only_the_touched_rows(rule):
    """Row 3 is touched by the first step only: the dense rule moves it again at the
    second (momentum, Adam's moments); the lazy one leaves it, and every untouched row."""
    both, first = [[1, 3]], [[1, 1]]
    before, lazy = _rows_after(lambda: rule(0.1, lazy_rows=True), [both, first])
    _, lazy_once = _rows_after(lambda: rule(0.1, lazy_rows=True), [both])
    _, dense = _rows_after(lambda: rule(0.1), [both, first])
    untouched = [r for r in range(before.shape[0]) if r not in (1, 3)]
    np.testing.assert_array_equal(lazy[untouched], before[untouched])
    np.testing.assert_array_equal(lazy[3], lazy_once[3])
    assert not np.array_equal(dense[3], lazy_once[3])
    assert not np.array_equal(lazy[1], lazy_once[1])


def test_a_gradient_hook_sees_the_dense_gradient():
    """GradientClipping reads every gradient: the embedding's is made dense for it, and the
    step equals the dense path's."""
    models = []
    for read in (False, True):
        flexgrad.set_seed(0)
        model = Bag()
        optimizer = flexgrad.optimizers.SGD(0.5).setup(model)
        optimizer.add_hook(flexgrad.optimizer_hooks.GradientClipping(0.01))
        for step in range(3):
            model.cleargrads()
            model(_ids(step)).backward()
            if read:
                assert model.embed.W.grad is not None
            optimizer.update()
        models.append(model)
    for p, q in zip(*(m.params() for m in models), strict=True):
        np.testing.assert_array_equal(p.array, q.array)


def _peak_bytes(read_grad: bool) -> int:
    """Peak traced allocation of one step (forward, backward, SGD) on a 200000 x 16
    embedding (12.8 MB) with 8 IDs."""
    flexgrad.set_seed(0)
    model = Bag(vocab=200_000, units=16)
    optimizer = flexgrad.optimizers.SGD(0.1).setup(model)
    ids = np.arange(8).reshape(2, 4)
    model(ids).backward()  # a first step: everything lazily made is made
    optimizer.update()
    tracemalloc.start()
    try:
        model.cleargrads()
        model(ids).backward()
        if read_grad:
            assert model.embed.W.grad is not None
        optimizer.update()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_no_dense_vocabulary_array_is_made_per_step():
    dense_bytes = 200_000 * 16 * 4
    assert _peak_bytes(read_grad=False) < dense_bytes / 100
    assert _peak_bytes(read_grad=True) >= dense_bytes  # the dense path, for contrast


def test_debug_mode_checks_the_rows_and_keeps_them():
    """Debug mode checks the values of a row-sparse gradient for NaN/Inf, not a dense copy."""
    flexgrad.set_seed(0)
    model = Bag()
    with flexgrad.using_config("debug", True):
        model(_ids(0)).backward()
    assert type(model.embed.W._grad_var._data) is RowSparse
