"""Region-of-interest pooling (Fast R-CNN): each box cut into out_h x out_w bins of whole
pixels, and each bin's maximum or mean."""

from __future__ import annotations

from typing import Any

from ...variable import Variable
from ._roi import bin_edges, bin_masks, max_over_bins, roi_args, weighted_sum


def roi_pooling_2d(x: Variable | Any, rois: Variable | Any, outh: int, outw: int,
                   spatial_scale: float) -> Variable:
    """Max pooling of each box into ``(outh, outw)`` bins, with Chainer's older box layout.

    Args:
        x: images (n, c, h, w).
        rois: boxes (R, 5) ``(batch_index, x_min, y_min, x_max, y_max)`` of x's dtype,
            corners inclusive (a box spans ``x_max - x_min + 1`` pixels once scaled and
            rounded); no gradient flows to them.
        outh, outw: the bins per box.
        spatial_scale: the factor from box coordinates to pixels of ``x``.

    Returns:
        (R, c, outh, outw); an empty bin (outside the image) gives 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.roi_pooling_2d(x, np.array([[0.0, 1.0, 0.0, 2.0, 3.0]]), 2, 1, 1.0).array
    array([[[[ 6.],
             [14.]]]])
    """
    r = roi_args("roi_pooling_2d", x, rois, None, (outh, outw), spatial_scale)
    return max_over_bins(r, bin_edges(r, r.y_min, r.y_max, 0, 1),
                         bin_edges(r, r.x_min, r.x_max, 1, 1))


def roi_max_pooling_2d(x: Variable | Any, rois: Variable | Any, roi_indices: Variable | Any,
                       outsize: Any, spatial_scale: float) -> Variable:
    """The maximum of each of ``outsize`` bins of each box (Fast R-CNN's ROI pooling).

    A box spans ``max(round(y_max s) - round(y_min s), 1)`` rows (``s`` the scale, rounding
    half to even); bin ``p`` takes rows ``floor(p L / out)`` to ``ceil((p + 1) L / out)``
    of it (computed exactly, where Chainer's floating point may add a row), clipped to the
    image; likewise along the columns. A composite of gathers and masked maxima (no
    backward of its own): the gradient goes to each bin's maximum, to every one of them on
    a tie. Eager backends read the widest bin's size back from the device once per call
    (to gather no more); Dask reads nothing and stays lazy.

    Args:
        x: images (n, c, h, w).
        rois: boxes (R, 4) ``(y_min, x_min, y_max, x_max)`` of x's dtype; no gradient
            flows to them.
        roi_indices: integer (R,): the image of each box.
        outsize: the bins per box, an int or a pair (out_h, out_w).
        spatial_scale: the factor from box coordinates to pixels of ``x``.

    Returns:
        (R, c, out_h, out_w); an empty bin (outside the image) gives 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.roi_max_pooling_2d(x, np.array([[0.0, 0.0, 4.0, 2.0]]), np.array([0]), (2, 1),
    ...                      1.0).array
    array([[[[ 5.],
             [13.]]]])
    """
    r = roi_args("roi_max_pooling_2d", x, rois, roi_indices, outsize, spatial_scale)
    return max_over_bins(r, bin_edges(r, r.y_min, r.y_max, 0, 0),
                         bin_edges(r, r.x_min, r.x_max, 1, 0))


def roi_average_pooling_2d(x: Variable | Any, rois: Variable | Any,
                           roi_indices: Variable | Any, outsize: Any,
                           spatial_scale: float) -> Variable:
    """The mean of each bin of each box: the bins of ``roi_max_pooling_2d``, averaged.

    A composite of two batched ``matmul`` with the bins' averaging weights (no backward
    of its own). Arguments as ``roi_max_pooling_2d``; an empty bin gives 0.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.roi_average_pooling_2d(x, np.array([[0.0, 0.0, 4.0, 2.0]]), np.array([0]), (2, 1),
    ...                          1.0).array
    array([[[[ 2.5],
             [10.5]]]])
    """
    r = roi_args("roi_average_pooling_2d", x, rois, roi_indices, outsize, spatial_scale)
    xp, dtype = r.backend.xp, r.like.dtype
    axes = []
    for axis, (start, end) in enumerate(((r.y_min, r.y_max), (r.x_min, r.x_max))):
        inside = xp.astype(bin_masks(r, bin_edges(r, start, end, axis, 0), axis), dtype)
        axes.append(inside / xp.maximum(xp.sum(inside, axis=2, keepdims=True), 1.0))
    return weighted_sum(r, *axes)
