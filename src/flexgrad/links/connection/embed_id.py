"""EmbedID: a learned embedding of integer IDs."""

from __future__ import annotations

from typing import Any

from ... import initializers
from ...functions.connection.embed_id import embed_id
from ...link import Link
from ...variable import Parameter, Variable
from .. import _params


class EmbedID(Link):
    """Embedding: row ``x[...]`` of ``W`` for each ID (see :func:`flexgrad.functions.embed_id`).

    Args:
        in_size: the number of IDs (vocabulary size).
        out_size: the size of each embedding.
        initialW: initializer of ``W`` (in_size, out_size); Normal(1.0) when None.
        ignore_label: an ID that embeds to zeros, or None.

    >>> import numpy as np, flexgrad.links as L
    >>> L.EmbedID(3, 2, initialW=np.arange(6.0, dtype=np.float32).reshape(3, 2))(
    ...     np.array([2, 0])).array
    array([[4., 5.],
           [0., 1.]], dtype=float32)
    """

    ignore_label = None

    def __init__(self, in_size: int, out_size: int, initialW: Any = None,
                 ignore_label: int | None = None) -> None:
        super().__init__()
        in_size = _params.size(self, "in_size", in_size)
        out_size = _params.size(self, "out_size", out_size)
        self.ignore_label = ignore_label
        with self.init_scope():
            init = initializers.Normal(1.0) if initialW is None else initialW
            self.W = Parameter(init, (in_size, out_size))

    def forward(self, x: Variable | Any) -> Variable:
        """The embeddings of the IDs in ``x``: ``x.shape + (out_size,)``."""
        return embed_id(x, self.W, ignore_label=self.ignore_label)
