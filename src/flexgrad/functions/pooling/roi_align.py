"""ROIAlign (Mask R-CNN): each box cut into out_h x out_w bins without rounding, each bin
sampled at a grid of points read by bilinear interpolation, and the samples' maximum or
mean."""

from __future__ import annotations

from typing import Any

from ...errors import fail
from ...variable import Variable
from ..array._args import is_int
from ..array.reshape import reshape
from ..math.matmul import matmul
from ._roi import Rois, masked_max, roi_args, sample_weights, weighted_sum


def roi_max_align_2d(x: Variable | Any, rois: Variable | Any, roi_indices: Variable | Any,
                     outsize: Any, spatial_scale: float, sampling_ratio: Any = None
                     ) -> Variable:
    """The largest of each bin's bilinearly interpolated samples.

    A composite of batched ``matmul`` (the interpolation) and a masked maximum (no
    backward of its own): the gradient reaches the four pixels around the winning sample.
    A bin without a sample inside ``[-1, size]`` gives 0 (Chainer's GPU kernel: -1e20).

    Args:
        x: images (n, c, h, w).
        rois: boxes (R, 4) ``(y_min, x_min, y_max, x_max)`` of x's dtype, scaled by
            ``spatial_scale``, never rounded; a box is at least 1 pixel a side. No
            gradient flows to them.
        roi_indices: integer (R,): the image of each box.
        outsize: the bins per box, an int or a pair (out_h, out_w).
        spatial_scale: the factor from box coordinates to pixels of ``x``.
        sampling_ratio: samples per bin along each axis, an int >= 1 or a pair; None
            takes ``ceil(box side / bins)`` per box, which here reads the largest count
            back from the device once (a Dask graph computes the boxes).

    Returns:
        (R, c, out_h, out_w).

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.roi_max_align_2d(x, np.array([[0.0, 0.0, 2.0, 2.0]]), np.array([0]), 1, 1.0).array
    array([[[[7.5]]]])
    """
    r = roi_args("roi_max_align_2d", x, rois, roi_indices, outsize, spatial_scale)
    (wy, used_y, _), (wx, used_x, _) = _samples("roi_max_align_2d", r, sampling_ratio, True)
    xp, (boxes, out_h, gy, h), (out_w, gx, w) = r.backend.xp, wy.shape, wx.shape[1:]
    values = matmul(matmul(xp.reshape(wy, (boxes, 1, out_h * gy, h)), r.images),
                    xp.reshape(wx, (boxes, 1, out_w * gx, w)), transb=True)
    values = reshape(values, (boxes, r.images.shape[1], out_h, gy, out_w, gx))
    used = used_y[:, None, :, :, None, None] & used_x[:, None, None, None, :, :]
    return masked_max(values, used, axis=(3, 5))


def roi_average_align_2d(x: Variable | Any, rois: Variable | Any,
                         roi_indices: Variable | Any, outsize: Any, spatial_scale: float,
                         sampling_ratio: Any = None) -> Variable:
    """The mean of each bin's bilinearly interpolated samples (Mask R-CNN's ROIAlign).

    Samples outside ``[-1, size]`` add 0 but still count in the mean, as in Chainer.
    Interpolation and mean are separable, so this is two batched ``matmul`` with
    per-axis weights (no backward of its own). Arguments as ``roi_max_align_2d``, but
    ``sampling_ratio=None`` reads nothing back from the device.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.roi_average_align_2d(x, np.array([[0.0, 0.0, 2.0, 2.0]]), np.array([0]), 1, 1.0,
    ...                        2).array
    array([[[[5.]]]])
    """
    r = roi_args("roi_average_align_2d", x, rois, roi_indices, outsize, spatial_scale)
    axes = [r.backend.xp.sum(weight, axis=2) / points
            for weight, _, points in _samples("roi_average_align_2d", r, sampling_ratio, False)]
    return weighted_sum(r, *axes)


def _samples(fn: str, r: Rois, sampling_ratio: Any, read_count: bool) -> list[tuple]:
    """``sample_weights`` along the rows and the columns, for a checked ``sampling_ratio``."""
    ratios = sampling_ratio if isinstance(sampling_ratio, (tuple, list)) else \
        (sampling_ratio,) * 2
    if len(ratios) != 2 or not all(v is None or (is_int(v) and v >= 1) for v in ratios):
        fail(fn, "sampling_ratio", "None, an int >= 1, or a pair of those",
             f"{sampling_ratio!r}")
    return [sample_weights(r, r.y_min, r.y_max, 0, ratios[0], read_count),
            sample_weights(r, r.x_min, r.x_max, 1, ratios[1], read_count)]
