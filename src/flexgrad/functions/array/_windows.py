"""Window geometry shared by im2col, convolutions and pooling: arguments and output sizes."""

from __future__ import annotations

from typing import Any, NamedTuple

from ...errors import fail
from ._args import array_arg, is_int


class Window(NamedTuple):
    """Where windows sit along each spatial axis; a backend's ``sliding_window`` and
    ``fold_windows`` take these fields in this order."""

    ksize: tuple[int, ...]
    stride: tuple[int, ...]
    pad: tuple[int, ...]
    dilate: tuple[int, ...]

    def count(self, size: tuple[int, ...], cover_all: bool) -> tuple[int, ...]:
        """How many windows fit along each axis (Chainer's ``get_conv_outsize``)."""
        return tuple((n + 2 * p - d * (k - 1) - 1 + (s - 1 if cover_all else 0)) // s + 1
                     for n, k, s, p, d in zip(size, *self, strict=True))

    def outsize(self, fn: str, arg: str, size: tuple[int, ...],
                cover_all: bool) -> tuple[int, ...]:
        """``count``, or an error naming ``arg`` (the kernel) when no window fits."""
        out = self.count(size, cover_all)
        if min(out, default=1) < 1:
            fail(fn, arg, f"a kernel that fits in the input of spatial shape {tuple(size)} "
                 f"padded by {self.pad}", f"kernel {self.ksize} dilated by {self.dilate}")
        return out

    def insize(self, size: tuple[int, ...], cover_all: bool) -> tuple[int, ...]:
        """The input size whose windows number ``size`` (Chainer's ``get_deconv_outsize``)."""
        return tuple(s * (n - 1) + d * (k - 1) + 1 - 2 * p - (s - 1 if cover_all else 0)
                     for n, k, s, p, d in zip(size, *self, strict=True))


def int_tuple(fn: str, arg: str, value: Any, nd: int, low: int) -> tuple[int, ...]:
    """An int or ``nd`` ints, each >= ``low``, as a tuple (``ksize``, ``stride``, ``pad``)."""
    values = (value,) * nd if is_int(value) else value
    if not isinstance(values, (list, tuple)) or not all(is_int(v) for v in values):
        fail(fn, arg, f"an int or a tuple of {nd} ints", f"{value!r}", kind="type")
    if len(values) != nd or any(v < low for v in values):
        fail(fn, arg, f"an int or {nd} ints, each >= {low}", f"{value!r}")
    return tuple(int(v) for v in values)


def window(fn: str, nd: int, ksize: Any, stride: Any, pad: Any, dilate: Any = 1) -> Window:
    """The checked geometry of ``nd``-dimensional windows."""
    return Window(int_tuple(fn, "ksize", ksize, nd, 1), int_tuple(fn, "stride", stride, nd, 1),
                  int_tuple(fn, "pad", pad, nd, 0), int_tuple(fn, "dilate", dilate, nd, 1))


def image_arg(fn: str, arg: str, x: Any, nd: int | None) -> Any:
    """The array of an image batch (N, C, *spatial) with ``nd`` spatial axes (None: >= 1)."""
    data = array_arg(fn, arg, x)
    if (data.ndim < 3) if nd is None else (data.ndim != nd + 2):
        text = "3 or more" if nd is None else str(nd + 2)
        fail(fn, arg, f"a {text}-d array (batch, channels, spatial axes)", data)
    return data


def outsize_arg(fn: str, outsize: Any, nd: int) -> tuple[int, ...] | None:
    """None, or ``nd`` positive ints (deconvolution and unpooling ``outsize``)."""
    return None if outsize is None else int_tuple(fn, "outsize", outsize, nd, 1)
