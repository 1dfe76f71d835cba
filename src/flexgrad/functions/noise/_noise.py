"""What the noise functions share: checking noise passed in by the caller."""

from __future__ import annotations

from typing import Any

from ...backends import backend_of, is_array
from ...errors import fail


def given_noise(fn: str, arg: str, noise: Any, like: Any) -> Any:
    """``noise`` (a dropout mask, a Gaussian ``eps``...), which must be an array of
    ``like``'s backend, shape and dtype, so that passing it in reproduces a draw."""
    dtype = str(like.dtype).rsplit(".", 1)[-1]
    expected = f"a {dtype} array of shape {tuple(like.shape)} on {backend_of(like).name}"
    if not is_array(noise):
        fail(fn, arg, expected, noise, kind="type")
    if backend_of(noise) is not backend_of(like) or noise.dtype != like.dtype:
        fail(fn, arg, expected, noise, kind="type")
    if tuple(noise.shape) != tuple(like.shape):
        fail(fn, arg, expected, noise)
    return noise
