"""Spatial transformer networks: an affine sampling grid, and bilinear sampling of images
at a grid's points (zero outside the image)."""

from __future__ import annotations

from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...variable import Variable
from ..connection.embed_id import embed_id
from ..math.matmul import matmul
from ..math.sum import sum as sum_
from ._args import array_arg, is_int
from ._windows import image_arg
from .pad import pad
from .reshape import expand_dims, reshape
from .stack import stack
from .transpose import transpose


def spatial_transformer_grid(theta: Variable | Any, output_shape: Any) -> Variable:
    """The points ``theta @ (x_t, y_t, 1)`` of an affine transform of the regular grid.

    The target grid spans [-1, 1] along each axis (``linspace(-1, 1, n)``); a composite of
    ``matmul`` and ``reshape`` (no backward of its own).

    Args:
        theta: affine transforms (n, 2, 3).
        output_shape: the grid's (h_O, w_O).

    Returns:
        (n, 2, h_O, w_O): source x coordinates in channel 0, y in channel 1, in the
        [-1, 1] frame ``spatial_transformer_sampler`` reads.

    >>> import numpy as np, flexgrad.functions as F
    >>> theta = np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    >>> F.spatial_transformer_grid(theta, (1, 3)).array[0, 0]
    array([[-1.,  0.,  1.]])
    """
    fn = "spatial_transformer_grid"
    data = array_arg(fn, "theta", theta)
    backend = backends.backend_of(data)
    expect_float(fn, "theta", data, backend)
    if data.ndim != 3 or tuple(data.shape[1:]) != (2, 3):
        fail(fn, "theta", "an array (n, 2, 3) of affine transforms", data)
    if (not isinstance(output_shape, (tuple, list)) or len(output_shape) != 2
            or not all(is_int(n) and n > 0 for n in output_shape)):
        fail(fn, "output_shape", "a pair of positive ints (h_O, w_O)", f"{output_shape!r}",
             kind="type")
    xp, device = backend.xp, backend.device_arg(data)
    h, w = (int(n) for n in output_shape)
    x_t = xp.linspace(-1.0, 1.0, w, dtype=data.dtype, device=device)
    y_t = xp.linspace(-1.0, 1.0, h, dtype=data.dtype, device=device)
    x_t = xp.reshape(xp.broadcast_to(x_t[None, :], (h, w)), (h * w,))
    y_t = xp.reshape(xp.broadcast_to(y_t[:, None], (h, w)), (h * w,))
    points = xp.stack([x_t, y_t, xp.ones_like(x_t)])  # (3, h_O * w_O)
    return reshape(matmul(theta, points), (data.shape[0], 2, h, w))


def spatial_transformer_sampler(x: Variable | Any, grid: Variable | Any) -> Variable:
    """Images ``x`` read at the points of ``grid`` by bilinear interpolation.

    A point ``(gx, gy)`` reads pixel column ``(gx + 1) (w - 1) / 2`` and row
    ``(gy + 1) (h - 1) / 2``; neighbours outside the image count as zeros. Differentiable
    in ``x`` and in ``grid`` (piecewise: the gradient in ``grid`` jumps where a point
    crosses a pixel). A composite of gathers (``embed_id``) and arithmetic.

    Args:
        x: images (n, c, h, w).
        grid: points (n, 2, h_O, w_O) of x's dtype, as ``spatial_transformer_grid`` gives.

    Returns:
        (n, c, h_O, w_O).

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[[[0.0, 10.0]]]])
    >>> F.spatial_transformer_sampler(x, np.array([[[[0.0, 1.5]], [[-1.0, -1.0]]]])).array
    array([[[[5. , 7.5]]]])
    """
    fn = "spatial_transformer_sampler"
    data = image_arg(fn, "x", x, 2)
    backend = backends.backend_of(data)
    expect_float(fn, "x", data, backend)
    points = array_arg(fn, "grid", grid)
    expect_same_dtype(fn, ("x", "grid"), (data, points))
    if points.ndim != 4 or points.shape[:2] != (data.shape[0], 2):
        fail(fn, "grid", f"an array ({data.shape[0]}, 2, h_O, w_O) of (x, y) points", points)
    n, c, h, w = data.shape
    if not isinstance(grid, Variable):
        grid = Variable(points, requires_grad=False)
    u = (grid[:, 0] + 1.0) * ((w - 1) / 2)
    v = (grid[:, 1] + 1.0) * ((h - 1) / 2)
    xp = backend.xp
    u0, v0 = xp.floor(u.array), xp.floor(v.array)
    du, dv = u - u0, v - v0
    # the four neighbours (top left, top right, bottom left, bottom right) on axis 3
    weights = reshape(expand_dims(stack([1.0 - dv, dv], axis=3), 4)
                      * expand_dims(stack([1.0 - du, du], axis=3), 3), (*u.shape, 4))
    # pixels as rows of a table with a zero border, so neighbours outside read 0
    table = transpose(pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (0, 2, 3, 1))
    table = reshape(table, (n * (h + 2) * (w + 2), c))
    rows = xp.astype(xp.clip(xp.stack([v0, v0, v0 + 1.0, v0 + 1.0], axis=3), -1.0, h), xp.int32)
    cols = xp.astype(xp.clip(xp.stack([u0, u0 + 1.0, u0, u0 + 1.0], axis=3), -1.0, w), xp.int32)
    image = xp.arange(n, dtype=xp.int32, device=backend.device_arg(data))[:, None, None, None]
    at = (image * (h + 2) + rows + 1) * (w + 2) + cols + 1  # (n, h_O, w_O, 4)
    y = sum_(embed_id(at, table) * expand_dims(weights, 4), axis=3)  # (n, h_O, w_O, c)
    return transpose(y, (0, 3, 1, 2))
