"""Row-sparse gradients: an embedding's gradient touches the rows its IDs picked, not the
whole vocabulary, so it is kept as those rows until something asks for the dense array.

Reading ``param.grad`` (or ``grad_var``), a hook or gradient clipping densifies it once;
backward sums sparse gradients by concatenating their rows, and an optimizer rule that can
(SGD exactly; MomentumSGD and Adam with ``lazy_rows=True``) updates the touched rows alone.
"""

from __future__ import annotations

from typing import Any

from . import backends


class RowSparse:
    """A gradient of ``shape`` that is zero outside some rows: the sum of ``chunks``, each
    ``(rows, values)`` with ``values[k]`` added at row ``rows[k]`` (repeats add up), as the
    dense ``scatter_add(zeros, rows, values)`` of each, summed in order. Every result is
    bit for bit what the dense gradients would give."""

    __slots__ = ("chunks", "shape", "dtype", "backend")
    # NumPy (and CuPy) must leave ``dense + row_sparse`` to __radd__, not make an object array
    __array_ufunc__ = None

    def __init__(self, chunks: list[tuple[Any, Any]], shape: tuple[int, ...]) -> None:
        self.chunks, self.shape = chunks, tuple(shape)
        self.dtype = chunks[0][1].dtype
        self.backend = backends.backend_of(chunks[0][1])

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def _zeros(self, n: int) -> Any:
        return self.backend.xp.zeros((n, *self.shape[1:]), dtype=self.dtype,
                                     device=self.backend.device_arg(self.chunks[0][1]))

    def _summed(self, rows: Any, values: Any) -> tuple[Any, Any]:
        """One chunk as its unique rows and their sums (in the dense array's order)."""
        unique, inverse = self.backend.xp.unique_inverse(rows)
        return unique, self.backend.scatter_add(self._zeros(unique.shape[0]), inverse, values)

    def dense(self) -> Any:
        """The dense array."""
        (rows, values), *rest = self.chunks
        total = self.backend.scatter_add(self._zeros(self.shape[0]), rows, values)
        for rows, values in rest:
            unique, sums = self._summed(rows, values)
            total = self.backend.set_item(total, unique, self.backend.take(total, unique, 0)
                                          + sums)
        return total

    def coalesced(self) -> tuple[Any, Any]:
        """``(sorted unique rows, the dense gradient's values there)``."""
        xp, backend = self.backend.xp, self.backend
        every = xp.unique_values(xp.concat([rows for rows, _ in self.chunks]))
        total = self._zeros(every.shape[0])
        for rows, values in self.chunks:
            unique, sums = self._summed(rows, values)
            at = xp.searchsorted(every, unique)
            total = backend.set_item(total, at, backend.take(total, at, 0) + sums)
        return every, total

    def __add__(self, other: Any) -> Any:
        if type(other) is RowSparse:
            return RowSparse(self.chunks + other.chunks, self.shape)
        return other + self.dense()

    def __radd__(self, other: Any) -> Any:
        return other + self.dense()

    def __repr__(self) -> str:
        n = sum(rows.shape[0] for rows, _ in self.chunks)
        return f"RowSparse({n} rows of shape {self.shape}, {self.dtype})"


def dense(array: Any) -> Any:
    """``array`` itself, or the dense array of a RowSparse gradient."""
    return array.dense() if type(array) is RowSparse else array


_ROWS_WRITABLE: dict[Any, bool] = {}


def keeps_rows(backend: Any) -> bool:
    """Whether gradients on ``backend`` may stay row-sparse: an eager library whose arrays
    take ``a[rows] = values`` in place (probed once), so rows are written without a pass
    over the whole array. Elsewhere (Dask, JAX, array_api_strict) gradients are dense."""
    known = _ROWS_WRITABLE.get(backend)
    if known is None:
        known = not backend.is_lazy and backend.writable
        if known:
            xp = backend.xp
            probe = xp.zeros((2, 1), dtype=xp.float32)
            try:
                probe[xp.asarray([1])] = xp.ones((1, 1), dtype=xp.float32)
            except Exception:  # each library refuses in its own way
                known = False
        _ROWS_WRITABLE[backend] = known
    return known
