"""MultiHeadAttention: scaled dot-product attention over several learned projections."""

from __future__ import annotations

from typing import Any

from ...functions.activation.softmax import softmax
from ...functions.array.reshape import reshape
from ...functions.array.transpose import transpose
from ...functions.math.matmul import matmul
from ...functions.math.select import where
from ...functions.noise.dropout import dropout
from ...link import Chain
from ...variable import Variable
from ..connection.linear import Linear


class MultiHeadAttention(Chain):
    """Multi-head attention on batch-major sequences, as in "Attention Is All You Need".

    Each head attends with ``softmax(q k^T / sqrt(d)) v`` on its slice of the projected
    query ``proj_q(query)``, key ``proj_k(key)`` and value ``proj_v(value)``; the heads'
    outputs are concatenated and projected by ``proj_out``.

    Args:
        n_head: the number of heads; it must divide ``embed_size`` (and ``v_size``).
        embed_size: the size of the query and of the output.
        k_size, v_size: the sizes of the key and value inputs (``embed_size`` when None).
        dropout: dropout ratio on the attention weights (training only).
        initialW, initial_bias: initializers of the four projections' weights and biases.
        nobias: when True the projections have no biases.

    >>> import numpy as np, flexgrad.links as L
    >>> attention = L.MultiHeadAttention(2, 4)
    >>> attention(np.ones((3, 5, 4), np.float32)).shape
    (3, 5, 4)
    """

    def __init__(self, n_head: int, embed_size: int, k_size: int | None = None,
                 v_size: int | None = None, dropout: float = 0.0, initialW: Any = None,
                 initial_bias: Any = None, nobias: bool = False) -> None:
        super().__init__()
        if embed_size % n_head:
            raise ValueError(f"MultiHeadAttention: n_head={n_head} must divide "
                             f"embed_size={embed_size}")
        self.n_head, self.embed_size, self.dropout = n_head, embed_size, dropout
        k_size = embed_size if k_size is None else k_size
        v_size = embed_size if v_size is None else v_size

        def projection(in_size: int) -> Linear:
            return Linear(in_size, embed_size, nobias=nobias, initialW=initialW,
                          initial_bias=initial_bias)

        with self.init_scope():
            self.proj_q = projection(embed_size)
            self.proj_k = projection(k_size)
            self.proj_v = projection(v_size)
            self.proj_out = projection(embed_size)

    def _heads(self, x: Variable) -> Variable:
        """(B, L, E) to (B, n_head, L, E / n_head)."""
        b, n = x.shape[0], x.shape[1]
        return transpose(reshape(x, (b, n, self.n_head, -1)), (0, 2, 1, 3))

    def forward(self, query: Variable | Any, key: Variable | Any = None,
                value: Variable | Any = None, mask: Any = None,
                return_weights: bool = False) -> Variable | tuple[Variable, Variable]:
        """Attend from ``query`` (B, L_q, embed_size) to ``key`` (B, L_k, k_size) and
        ``value`` (B, L_k, v_size); key defaults to query and value to key.

        Args:
            mask: a boolean array broadcastable to (B, n_head, L_q, L_k), True where a
                query may attend to a key, or None.
            return_weights: also return the attention weights (B, n_head, L_q, L_k).

        Returns:
            (B, L_q, embed_size), and the weights when asked.
        """
        key = query if key is None else key
        value = key if value is None else value
        q = self._heads(self.proj_q(query, n_batch_axes=2))
        k = self._heads(self.proj_k(key, n_batch_axes=2))
        v = self._heads(self.proj_v(value, n_batch_axes=2))
        scores = matmul(q, k, transb=True) * (q.shape[-1] ** -0.5)
        if mask is not None:
            scores = where(mask, scores, -1e9)
        weights = softmax(scores, axis=3)
        if self.dropout:
            weights = dropout(weights, self.dropout)
        heads = transpose(matmul(weights, v), (0, 2, 1, 3))
        b, n = heads.shape[0], heads.shape[1]
        y = self.proj_out(reshape(heads, (b, n, -1)), n_batch_axes=2)
        return (y, weights) if return_weights else y
