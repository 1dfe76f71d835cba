"""What the sampled softmax losses share: their argument checks and the scores of the
sampled rows of ``W``."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_integer, expect_same_dtype, fail
from ...variable import Variable
from ..array._args import array_arg, is_int
from ..array.reshape import expand_dims
from ..connection.embed_id import embed_id
from ..math.matmul import matmul


def check_sampled(fn: str, x: Any, t: Any, W: Any) -> tuple[Any, Any, backends.Device]:
    """The arrays of ``x`` (B, units) and ``t`` (B,), after checking them and ``W``
    (n_vocab, units) against each other, and the device they live on."""
    xa, ta, Wa = array_arg(fn, "x", x), array_arg(fn, "t", t), array_arg(fn, "W", W)
    backend = backends.backend_of(xa)
    expect_float(fn, "x", xa, backend)
    if xa.ndim != 2:
        fail(fn, "x", "a 2-d array (batch, units)", xa)
    if backends.backend_of(Wa) is not backend:
        fail(fn, "W", f"an array on {backend.name} (the backend of 'x')", Wa, kind="type")
    expect_same_dtype(fn, ("x", "W"), (xa, Wa))
    if Wa.ndim != 2 or Wa.shape[1] != xa.shape[1]:
        fail(fn, "W", f"a 2-d array (n_vocab, {xa.shape[1]}) (x's units)", Wa)
    if backends.backend_of(ta) is not backend:
        fail(fn, "t", f"an array on {backend.name} (the backend of 'x')", ta, kind="type")
    expect_integer(fn, "t", ta, backend)
    if tuple(ta.shape) != (xa.shape[0],):
        fail(fn, "t", f"labels of shape ({xa.shape[0]},) (one per row of x)", ta)
    return xa, ta, backends.get_device_from_array(xa)


def sample_size_arg(fn: str, sample_size: Any) -> int:
    """``sample_size``: an int >= 0."""
    if not is_int(sample_size) or sample_size < 0:
        fail(fn, "sample_size", "an int >= 0", f"{sample_size!r}")
    return int(sample_size)


def with_labels(t: Any, samples: Any) -> Any:
    """``(B, 1 + S)`` ids: the label of each row, then its ``S`` samples."""
    xp = backends.backend_of(samples).xp
    return xp.concat([xp.expand_dims(xp.astype(t, samples.dtype), axis=1), samples], axis=1)


def sampled_scores(x: Variable | Any, W: Variable | Any, ids: Any,
                   ignore_label: int | None = None) -> Variable:
    """``(B, K)`` scores ``W[ids[b, k]] . x[b]``: only the sampled rows of ``W`` are
    touched (and get a gradient)."""
    rows = embed_id(ids, W, ignore_label=ignore_label)
    return matmul(rows, expand_dims(x, 2))[:, :, 0]
