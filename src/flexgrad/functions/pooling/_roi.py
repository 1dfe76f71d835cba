"""What the region-of-interest poolings share: argument checks, each box's bins as masks or
interpolation weights along one axis (built on the device from the boxes), and the two
reductions over bins (a masked maximum, a separable weighted sum).

Every bin is a product of a range of rows and a range of columns, so each function is
computed one axis at a time: nothing of size boxes x bins x image is ever built.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ... import backends
from ...errors import expect_float, expect_integer, expect_same_dtype, fail
from ...variable import Variable
from .._value_check import check_values, out_of_range
from ..array._args import array_arg
from ..array._windows import image_arg, int_tuple
from ..array.get_item import get_item
from ..array.moveaxis import moveaxis
from ..array.reshape import reshape
from ..array.transpose import swapaxes
from ..connection.embed_id import embed_id
from ..math.matmul import matmul
from ..math.minmax import max as max_
from ..math.select import where


class Rois(NamedTuple):
    """Checked inputs: the boxes' images (R, C, H, W), their corners, the output size."""

    images: Variable
    y_min: Any
    x_min: Any
    y_max: Any
    x_max: Any
    outsize: tuple[int, int]
    backend: backends.Backend
    like: Any  # the input array: the dtype and device of what the geometry builds


def roi_args(fn: str, x: Any, rois: Any, roi_indices: Any, outsize: Any,
             spatial_scale: Any) -> Rois:
    """Inputs of the functions taking boxes (R, 4) ``(y_min, x_min, y_max, x_max)`` and
    ``roi_indices`` (R,); or, with ``roi_indices`` None, Chainer's older boxes (R, 5)
    ``(batch_index, x_min, y_min, x_max, y_max)``. Corners come scaled by ``spatial_scale``.
    """
    data = image_arg(fn, "x", x, 2)
    backend = backends.backend_of(data)
    expect_float(fn, "x", data, backend)
    boxes = array_arg(fn, "rois", rois)
    expect_same_dtype(fn, ("x", "rois"), (data, boxes))
    columns = 5 if roi_indices is None else 4
    layout = ("(batch_index, x_min, y_min, x_max, y_max)" if roi_indices is None
              else "(y_min, x_min, y_max, x_max)")
    if boxes.ndim != 2 or boxes.shape[1] != columns:
        fail(fn, "rois", f"a 2-d array (R, {columns}) of boxes {layout}", boxes)
    xp = backend.xp
    if roi_indices is None:
        index = xp.astype(boxes[:, 0], xp.int32)
        corners = (boxes[:, 2], boxes[:, 1], boxes[:, 4], boxes[:, 3])
    else:
        index = array_arg(fn, "roi_indices", roi_indices)
        if backends.backend_of(index) is not backend:
            fail(fn, "roi_indices", f"an array on {backend.name} (the backend of x)", index,
                 kind="type")
        expect_integer(fn, "roi_indices", index, backend)
        if tuple(index.shape) != (boxes.shape[0],):
            fail(fn, "roi_indices", f"shape ({boxes.shape[0]},), one image per box", index)
        corners = tuple(boxes[:, i] for i in range(4))
    index = check_values(fn, "rois" if roi_indices is None else "roi_indices", index,
                         backend, out_of_range(0, data.shape[0]),
                         f"image indices in [0, {data.shape[0]})", "indices")
    size = int_tuple(fn, "outsize", outsize, 2, 1)
    if (isinstance(spatial_scale, bool) or not isinstance(spatial_scale, (int, float))
            or not spatial_scale > 0):
        fail(fn, "spatial_scale", "a positive number", f"{spatial_scale!r}", kind="type")
    y0, x0, y1, x1 = (c * float(spatial_scale) for c in corners)
    return Rois(get_item(x, index), y0, x0, y1, x1, size, backend, data)


def bin_edges(r: Rois, start: Any, end: Any, axis: int, plus_one: int) -> tuple[Any, Any]:
    """Each bin's first and past-the-last pixel along ``axis`` (0: rows, 1: columns), two
    integer (R, out) arrays, Fast R-CNN's way: corners rounded, a box of
    ``max(end - start + plus_one, 1)`` pixels cut at ``floor(p * length / out)`` and
    ``ceil((p + 1) * length / out)``, clipped to the image (exact integer arithmetic)."""
    xp, device = r.backend.xp, r.backend.device_arg(r.like)
    out, size = r.outsize[axis], r.images.shape[2 + axis]
    first = xp.astype(xp.round(start), xp.int32)[:, None]
    length = xp.maximum(xp.astype(xp.round(end), xp.int32)[:, None] - first + plus_one, 1)
    p = xp.arange(out, dtype=xp.int32, device=device)
    low = xp.clip(p * length // out + first, 0, size)
    return low, xp.clip(-(-(p + 1) * length // out) + first, 0, size)


def bin_masks(r: Rois, edges: tuple[Any, Any], axis: int) -> Any:
    """(R, out, size) bool: which pixels along ``axis`` each bin of ``edges`` holds."""
    xp = r.backend.xp
    pixel = xp.arange(r.images.shape[2 + axis], dtype=xp.int32,
                      device=r.backend.device_arg(r.like))
    return (pixel >= edges[0][..., None]) & (pixel < edges[1][..., None])


def sample_weights(r: Rois, start: Any, end: Any, axis: int, ratio: int | None,
                   read_count: bool) -> tuple:
    """ROIAlign's sampling along ``axis``: bin ``p`` of a box ``max(end - start, 1)`` long
    has ``ratio`` points (None: ``ceil(length / out)``, per box) at ``(g + 0.5) / ratio``
    of the bin. A point outside [-1, size] is unused; one inside is clamped to
    [0, size - 1] and read by linear interpolation.

    Returns the interpolation weights (R, out, G, size), whether each point is used
    (R, out, G), and the number of points per bin (R, 1, 1). With ``ratio`` None, G is
    the largest count (``read_count``: one read from the device), or else a window of
    ``2 size + 4`` points from the first one at -1 or beyond: points are more than half a
    pixel apart, so no more of them are used (and nothing is read back).
    """
    xp, device, dtype = r.backend.xp, r.backend.device_arg(r.like), r.like.dtype
    out, size = r.outsize[axis], r.images.shape[2 + axis]
    length = xp.maximum(end - start, 1.0)[:, None, None]
    step = length / out
    p = xp.reshape(xp.arange(out, dtype=dtype, device=device), (1, out, 1))
    first = 0
    if ratio is not None:
        points, most = xp.full(length.shape, float(ratio), dtype=dtype, device=device), ratio
    elif read_count:
        points = xp.ceil(step)
        most = int(float(xp.max(points))) if points.shape[0] else 1
    else:
        points, most = xp.ceil(step), 2 * size + 4
        below = xp.ceil((-1.0 - start[:, None, None] - p * step) * points / step - 0.5)
        first = xp.maximum(below - 1.0, 0.0)
    g = first + xp.reshape(xp.arange(most, dtype=dtype, device=device), (1, 1, most))
    at = start[:, None, None] + p * step + (g + 0.5) * step / points
    used = (g < points) & (at >= -1.0) & (at <= size)
    at = xp.clip(at, 0.0, size - 1.0)[..., None]
    pixel = xp.arange(size, dtype=dtype, device=device)
    weight = xp.maximum(1.0 - xp.abs(at - pixel), 0.0) * xp.astype(used, dtype)[..., None]
    return weight, used, points


def masked_max(values: Variable, mask: Any, axis: Any) -> Variable:
    """The maximum of ``values`` over ``axis`` where ``mask`` holds (broadcasting), and 0
    where it holds nowhere (an empty bin)."""
    xp = backends.backend_of(mask).xp
    fill = float(xp.finfo(values.dtype).min)
    y = max_(where(mask, values, fill), axis=axis)
    return where(xp.any(mask, axis=axis), y, 0.0)


def max_over_bins(r: Rois, rows: tuple[Any, Any], cols: tuple[Any, Any]) -> Variable:
    """Each bin's maximum (R, C, out_h, out_w), bins given by their ``bin_edges`` along the
    rows and the columns: first along the columns, then along the rows."""
    by_column = _bin_max(r, r.images, cols)  # (R, C, H, out_w)
    return swapaxes(_bin_max(r, swapaxes(by_column, 2, 3), rows), 2, 3)


def _bin_max(r: Rois, values: Variable, edges: tuple[Any, Any]) -> Variable:
    """The maximum of ``values`` (R, ..., n) over each bin [low, high) of its last axis,
    (R, ..., out): each bin's pixels gathered (as rows of a table, by ``embed_id``), as
    many as the widest bin holds (read from the device; every pixel on a lazy backend,
    which must not compute), then a masked maximum."""
    xp, device = r.backend.xp, r.backend.device_arg(r.like)
    low, high = edges
    boxes, out, n = values.shape[0], low.shape[1], values.shape[-1]
    lead = tuple(values.shape[1:-1])
    widest = n if r.backend.is_lazy or not boxes else max(int(xp.max(high - low)), 1)
    table = reshape(moveaxis(values, -1, 1), (boxes * n, math.prod(lead)))
    at = low[..., None] + xp.arange(widest, dtype=low.dtype, device=device)  # (R, out, K)
    used = at < high[..., None]
    box = xp.arange(boxes, dtype=low.dtype, device=device)[:, None, None]
    picked = embed_id(box * n + xp.minimum(at, n - 1), table)  # (R, out, K, prod(lead))
    y = reshape(masked_max(picked, used[..., None], axis=2), (boxes, out, *lead))
    return moveaxis(y, 1, -1)


def weighted_sum(r: Rois, rows: Any, cols: Any) -> Variable:
    """``rows @ image @ cols^T`` per box: weights ``rows`` (R, out_h, H) and ``cols``
    (R, out_w, W) give (R, C, out_h, out_w)."""
    return matmul(matmul(rows[:, None, ...], r.images), cols[:, None, ...], transb=True)
