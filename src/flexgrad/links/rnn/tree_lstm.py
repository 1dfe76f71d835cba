"""ChildSumTreeLSTM and NaryTreeLSTM: TreeLSTM layers that merge child nodes' states."""

from __future__ import annotations

import functools
import operator
from typing import Any

from ... import backends
from ...errors import fail
from ...functions.array.concat import concat
from ...functions.array.split_axis import split_axis
from ...functions.rnn.tree_lstm import tree_lstm
from ...link import Chain
from ...variable import Variable
from .. import _params
from ..connection.linear import Linear

States = tuple[Variable, Variable]


class TreeLSTMBase(Chain):
    """What both TreeLSTMs do with their arguments ``(*cs, *hs, x)``: a None child state
    is zeros, and a None ``x`` is zeros of ``in_size``."""

    def __init__(self, in_size: int | None, out_size: int) -> None:
        super().__init__()
        in_size = _params.size(self, "in_size", in_size, lazy=True)
        out_size = _params.size(self, "out_size", out_size)
        self.in_size, self.state_size = in_size, out_size

    def _split(self, name: str, cshsx: tuple[Any, ...],
               n: int) -> tuple[list[Any], tuple[Any, ...], Any, Any]:
        """``cs`` (None as zeros), ``hs`` and ``x`` of ``n`` children's arguments, and a
        zero state."""
        if len(cshsx) != 2 * n + 1:
            fail(name, "cshsx", f"{2 * n + 1} arguments (c_1..c_{n}, h_1..h_{n}, x)",
                 f"{len(cshsx)} arguments", kind="type")
        present = [v for v in cshsx if v is not None]
        if not present:
            fail(name, "cshsx", "at least one argument that is not None", "all None")
        x = cshsx[-1]
        base = present[0] if x is None else x
        if x is None:
            if not self.W_x.W.is_initialized:
                fail(name, "x", "an input (in_size is taken from the first one)", "None")
            x = backends.zeros((base.shape[0], self.W_x.W.shape[1]), base)
        elif not self.W_x.W.is_initialized:
            _params.adopt_device(self, x)  # the children's layers follow the input too
        zeros = backends.zeros((base.shape[0], self.state_size), base)
        return [zeros if c is None else c for c in cshsx[:n]], cshsx[n:-1], x, zeros


class ChildSumTreeLSTM(TreeLSTMBase):
    """Child-Sum TreeLSTM (Tai et al.): any number of children, in any order.

    ``layer(c_1, ..., c_N, h_1, ..., h_N, x)`` returns the parent's ``(c, h)``; ``N`` may
    differ from call to call (0 for a leaf: ``layer(x)``). The gates ``a, i, o`` read
    ``x`` and the sum of the children's ``h``; each child's forget gate reads ``x`` and
    its own ``h``. A None state counts as zeros; a None ``x`` as zeros of ``in_size``.

    Args:
        in_size: input features, or None to take them from the first input.
        out_size: the number of units.

    Its layers, Chainer's names: ``W_x`` (in_size to 4 out_size, with bias), ``W_h_aio``
    (out_size to 3 out_size) and ``W_h_f`` (out_size to out_size), both without bias.

    >>> import numpy as np, flexgrad.links as L
    >>> cell = L.ChildSumTreeLSTM(2, 3)
    >>> c1, h1 = cell(np.ones((1, 2), np.float32))
    >>> c, h = cell(c1, c1, h1, h1, np.zeros((1, 2), np.float32))
    >>> c.shape, h.shape
    ((1, 3), (1, 3))
    """

    def __init__(self, in_size: int | None, out_size: int) -> None:
        super().__init__(in_size, out_size)
        with self.init_scope():
            self.W_x = Linear(in_size, 4 * out_size)
            self.W_h_aio = Linear(out_size, 3 * out_size, nobias=True)
            self.W_h_f = Linear(out_size, out_size, nobias=True)

    def forward(self, *cshsx: Variable | Any) -> States:
        """The parent's ``(c, h)`` from ``c_1..c_N, h_1..h_N, x``."""
        n = len(cshsx) // 2
        cs, hs, x, zeros = self._split("ChildSumTreeLSTM", cshsx, n)
        aio, f = split_axis(self.W_x(x), [3 * self.state_size], axis=1)
        if n == 0:
            return tree_lstm(aio)
        hs = [zeros if h is None else h for h in hs]
        aio = aio + self.W_h_aio(functools.reduce(operator.add, hs))
        per_child = split_axis(self.W_h_f(concat(hs, axis=0)), n, axis=0)
        forget = concat(per_child, axis=1) + concat([f] * n, axis=1)
        return tree_lstm(*cs, concat([aio, forget], axis=1))


class NaryTreeLSTM(TreeLSTMBase):
    """N-ary TreeLSTM (Tai et al., as Bowman et al. extend it): ``n_ary`` ordered children.

    ``layer(c_1, ..., c_n, h_1, ..., h_n, x)`` returns the parent's ``(c, h)``; every
    gate reads ``x`` and each child's ``h`` through its own ``W_h<k>``. A None state
    counts as zeros (a missing child); a None ``x`` as zeros of ``in_size``.

    Args:
        in_size: input features, or None to take them from the first input.
        out_size: the number of units.
        n_ary: the number of children.

    Its layers, Chainer's names: ``W_x`` (in_size to (3 + n_ary) out_size, with bias) and
    ``W_h1`` .. ``W_h<n_ary>`` (out_size to (3 + n_ary) out_size, without bias).

    >>> import numpy as np, flexgrad.links as L
    >>> cell = L.NaryTreeLSTM(2, 3)
    >>> c, h = cell(None, None, None, None, np.ones((1, 2), np.float32))
    >>> c.shape, h.shape
    ((1, 3), (1, 3))
    """

    def __init__(self, in_size: int | None, out_size: int, n_ary: int = 2) -> None:
        if n_ary < 1:
            fail("NaryTreeLSTM", "n_ary", "a positive int", f"{n_ary!r}")
        super().__init__(in_size, out_size)
        self.n_ary = n_ary
        with self.init_scope():
            self.W_x = Linear(in_size, (3 + n_ary) * out_size)
            for k in range(1, n_ary + 1):
                setattr(self, f"W_h{k}", Linear(out_size, (3 + n_ary) * out_size,
                                                 nobias=True))

    def forward(self, *cshsx: Variable | Any) -> States:
        """The parent's ``(c, h)`` from ``c_1..c_n, h_1..h_n, x``."""
        cs, hs, x, _ = self._split("NaryTreeLSTM", cshsx, self.n_ary)
        gates = self.W_x(x)
        for k, h in enumerate(hs, start=1):
            if h is not None:
                gates = gates + getattr(self, f"W_h{k}")(h)
        return tree_lstm(*cs, gates)

