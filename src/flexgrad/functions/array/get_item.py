"""get_item: NumPy indexing (``x[key]``) with basic and integer-array indices.

A key is applied in two steps, each undone by the gradient:

1. basic indexing (ints, slices, None, Ellipsis), with index arrays replaced by ``:``;
   a negative step is taken as the same elements by a positive step, then flipped (PyTorch
   has no negative steps, and Dask cannot write through them); the gradient writes into
   zeros of ``x``'s shape, through the backend's ``set_item`` (JAX arrays are immutable);
2. when there are index arrays: their axes are brought together (and to the front when
   NumPy's rules put the result there), merged into one axis, and gathered with ``xp.take``
   at one linear index; the gradient scatter-adds, so repeated indices accumulate.
"""

from __future__ import annotations

import math
from typing import Any

from ... import backends
from ...errors import BackendMismatchError, describe, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ._args import array_arg, is_int

_INT, _SLICE, _NONE, _ELLIPSIS, _ARRAY = range(5)
_SUPPORTED = "ints, slices, None, Ellipsis or integer arrays"


def _fail(expected: str, got: Any, kind: str = "value") -> None:
    fail("get_item", "slices", expected, got, kind=kind)


class _Gather:
    """Step 2: take along the merged axes of the index arrays at one linear index."""

    __slots__ = ("perm", "pos", "count", "size", "index", "out_shape")

    def __init__(self, perm, pos, count, size, index, out_shape) -> None:
        self.perm = perm  # axis order putting the indexed axes together, or None
        self.pos = pos  # where the indexed axes start after ``perm``
        self.count = count  # how many axes the index arrays index
        self.size = size  # the merged length of those axes
        self.index = index  # 1-d linear index into the merged axis
        self.out_shape = out_shape

    def apply(self, backend: backends.Backend, x: Any) -> Any:
        xp = backend.xp
        if self.perm is not None:
            x = xp.permute_dims(x, self.perm)
        shape = tuple(x.shape)
        x = xp.reshape(x, shape[: self.pos] + (self.size,) + shape[self.pos + self.count:])
        return xp.reshape(backend.take(x, self.index, self.pos), self.out_shape)

    def undo(self, backend: backends.Backend, g: Any, mid_shape: tuple[int, ...]) -> Any:
        xp = backend.xp
        shape = mid_shape if self.perm is None else tuple(mid_shape[p] for p in self.perm)
        before, after = shape[: self.pos], shape[self.pos + self.count:]
        g = xp.moveaxis(xp.reshape(g, before + (self.index.shape[0],) + after), self.pos, 0)
        target = xp.zeros((self.size,) + before + after, dtype=g.dtype,
                          device=backend.device_arg(g))
        if g.shape[0]:  # the standard-only scatter_add cannot reshape an empty index
            target = backend.scatter_add(target, self.index, g)
        g = xp.reshape(xp.moveaxis(target, 0, self.pos), shape)
        if self.perm is not None:
            g = xp.permute_dims(g, tuple(sorted(range(len(shape)), key=self.perm.__getitem__)))
        return g


class _Key:
    """A parsed key: the basic step (or None), the gather step (or None) and the shapes."""

    __slots__ = ("in_shape", "basic", "flip", "write_key", "write_shape", "mid_shape",
                 "gather")

    def __init__(self, in_shape, basic, flip, write_key, write_shape, mid_shape,
                 gather) -> None:
        self.in_shape = in_shape
        self.basic = basic  # the key of step 1 (positive steps), or None: it selects all
        self.flip = flip  # the axes after step 1 that a negative step reverses
        self.write_key = write_key  # step 1 as slices only, for writing the gradient
        self.write_shape = write_shape  # the shape ``x[write_key]`` has
        self.mid_shape = mid_shape  # the shape after step 1
        self.gather = gather  # step 2, or None without index arrays

    def apply(self, backend: backends.Backend, x: Any) -> Any:
        if self.basic is not None:
            x = x[self.basic]
        if self.flip:
            x = backend.xp.flip(x, axis=self.flip)
        return x if self.gather is None else self.gather.apply(backend, x)

    def undo(self, backend: backends.Backend, g: Any) -> Any:
        xp = backend.xp
        if self.gather is not None:
            g = self.gather.undo(backend, g, self.mid_shape)
        if self.flip:
            g = xp.flip(g, axis=self.flip)
        if self.basic is None:
            return g
        gx = xp.zeros(self.in_shape, dtype=g.dtype, device=backend.device_arg(g))
        if math.prod(self.write_shape):  # Dask refuses to write an empty block
            gx = backend.set_item(gx, self.write_key, xp.reshape(g, self.write_shape))
        return gx


class GetItem(FunctionNode):
    __slots__ = ("key",)

    def __init__(self, key: _Key) -> None:
        self.key = key

    def forward(self, inputs):
        return (self.key.apply(self.backend, inputs[0]),)

    def backward(self, indexes, grad_outputs):
        return GetItemGrad(self.key).apply(grad_outputs)


class GetItemGrad(FunctionNode):
    """Zeros of ``x``'s shape with the output gradient written (or added) where it was read."""

    __slots__ = ("key",)

    def __init__(self, key: _Key) -> None:
        self.key = key

    def forward(self, inputs):
        return (self.key.undo(self.backend, inputs[0]),)

    def backward(self, indexes, grad_outputs):
        return GetItem(self.key).apply(grad_outputs)


def _int_list(entry: Any) -> list[int]:
    """The ints of a (nested) list index, flattened; an error for anything else."""
    flat, todo = [], [entry]
    while todo:
        item = todo.pop()
        if isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, bool):
            _fail(f"{_SUPPORTED} (boolean masks are not supported)", f"{entry!r}", "type")
        elif is_int(item):
            flat.append(int(item))
        else:
            _fail(f"{_SUPPORTED}; a list index must hold ints", f"{entry!r}", "type")
    return flat


def _index_array(entry: Any, backend: backends.Backend,
                 device: Any) -> tuple[Any, tuple[int, int] | None]:
    """An index array of ``backend`` from a list (made on ``device``) or an array, and its
    (min, max) if known."""
    xp = backend.xp
    int64 = backend.dtype("int64")
    if isinstance(entry, (list, tuple)):
        flat = _int_list(entry)
        try:
            array = xp.asarray(entry, dtype=int64, device=device)
        except (ValueError, TypeError):
            _fail("a rectangular nested list of ints", f"{entry!r}")
        return array, (min(flat), max(flat)) if flat else None
    owner = backends.backend_of(entry)
    if owner is not backend:
        raise BackendMismatchError(
            f"flexgrad.functions.get_item: argument 'slices' expected index arrays on "
            f"{backend.name} like x, got {describe(entry)}; move it with to_device()"
        )
    if not backend.is_integer(entry.dtype):
        mask = xp.isdtype(entry.dtype, "bool")
        _fail(_SUPPORTED + (" (boolean masks are not supported)" if mask else ""), entry, "type")
    array = xp.astype(entry, int64, copy=False)
    if backend.is_lazy or math.prod(array.shape) == 0:
        return array, None
    return array, (int(xp.min(array)), int(xp.max(array)))


def _classify(entry: Any, backend: backends.Backend, device: Any) -> tuple[int, Any]:
    if entry is None:
        return _NONE, None
    if entry is Ellipsis:
        return _ELLIPSIS, None
    if is_int(entry):
        return _INT, int(entry)
    if isinstance(entry, slice):
        parts = (entry.start, entry.stop, entry.step)
        if not all(p is None or is_int(p) for p in parts):
            _fail("slices of ints or None", f"{entry!r}", "type")
        if entry.step == 0:
            _fail("slices with a non-zero step", f"{entry!r}")
        return _SLICE, entry
    if isinstance(entry, Variable):
        entry = entry.array
    if isinstance(entry, (list, tuple)) or backends.is_array(entry):
        return _ARRAY, _index_array(entry, backend, device)
    if isinstance(entry, bool):
        _fail(f"{_SUPPORTED} (boolean masks are not supported)", f"{entry!r}", "type")
    _fail(_SUPPORTED, entry, "type")


def _check_range(bounds: tuple[int, int] | None, n: int, axis: int, shape: tuple) -> None:
    if bounds is not None and not (-n <= bounds[0] and bounds[1] < n):
        lo, hi = bounds
        got = f"{lo}" if lo == hi else f"indices in [{lo}, {hi}]"
        _fail(f"indices in [-{n}, {n}) for axis {axis} of x with shape {shape}", got)


def _broadcast_shape(shapes: list[tuple[int, ...]]) -> tuple[int, ...]:
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + s for s in shapes]
    out = []
    for sizes in zip(*padded, strict=True):
        big = {s for s in sizes if s != 1}
        if len(big) > 1:
            _fail("index arrays whose shapes broadcast together", f"shapes {shapes}")
        out.append(big.pop() if big else 1)
    return tuple(out)


def _expand(key: Any, backend: backends.Backend, ndim: int,
            device: Any) -> tuple[list, list[int]]:
    """The classified entries with Ellipsis (or the missing tail) as ``:``; and the raw kinds."""
    entries = key if isinstance(key, tuple) else (key,)
    items = [_classify(e, backend, device) for e in entries]
    kinds = [kind for kind, _ in items]
    if kinds.count(_ELLIPSIS) > 1:
        _fail("at most one Ellipsis", f"{kinds.count(_ELLIPSIS)}")
    used = sum(k in (_INT, _SLICE, _ARRAY) for k in kinds)
    if used > ndim:
        _fail(f"at most {ndim} indices for x with {ndim} axes", f"{used}")
    fill = [(_SLICE, slice(None))] * (ndim - used)
    at = kinds.index(_ELLIPSIS) if _ELLIPSIS in kinds else len(items)
    return items[:at] + fill + items[at + 1:], kinds


def _parse(key: Any, x: Any, backend: backends.Backend) -> _Key:
    in_shape = tuple(x.shape)
    expanded, kinds = _expand(key, backend, len(in_shape), backend.device_arg(x))
    basic, flip, write_key, write_shape, mid_shape, arrays = [], [], [], [], [], []
    trivial, axis = True, 0
    for kind, value in expanded:
        if kind == _NONE:
            basic.append(None)
            mid_shape.append(1)
            trivial = False
            continue
        n = in_shape[axis]
        if kind == _INT:
            _check_range((value, value), n, axis, in_shape)
            value %= n
            basic.append(value)
            write_key.append(slice(value, value + 1))
            write_shape.append(1)
            trivial = False
        else:
            if kind == _ARRAY:
                array, bounds = value
                _check_range(bounds, n, axis, in_shape)
                if bounds is None or bounds[0] < 0:  # negative or unknown: wrap them
                    array = backend.xp.where(array < 0, array + n, array)
                arrays.append((array, n, len(mid_shape)))
                value = slice(None)
            start, stop, step = value.indices(n)
            trivial = trivial and (start, stop, step) == (0, n, 1)
            count = len(range(start, stop, step))
            if step < 0:  # the same elements from the lowest up, flipped after
                if count > 1:
                    flip.append(len(mid_shape))
                lowest = start + step * (count - 1) if count else 0
                value = slice(lowest, lowest + -step * (count - 1) + 1 if count else 0, -step)
            basic.append(value)
            write_key.append(value)
            write_shape.append(count)
            mid_shape.append(count)
        axis += 1
    mid_shape = tuple(mid_shape)
    gather = _gather(backend, arrays, mid_shape, _advanced_adjacent(kinds)) if arrays else None
    return _Key(in_shape, None if trivial else tuple(basic), tuple(flip), tuple(write_key),
                tuple(write_shape), mid_shape, gather)


def _advanced_adjacent(kinds: list[int]) -> bool:
    """NumPy's rule: index arrays (and ints, next to them) side by side in the written key."""
    places = [i for i, k in enumerate(kinds) if k in (_INT, _ARRAY)]
    return places[-1] - places[0] + 1 == len(places)


def _gather(backend: backends.Backend, arrays: list, mid_shape: tuple[int, ...],
            adjacent: bool) -> _Gather:
    xp = backend.xp
    axes = [axis for _, _, axis in arrays]
    count = len(axes)
    if adjacent:
        perm, pos = None, axes[0]
    else:
        rest = [a for a in range(len(mid_shape)) if a not in axes]
        perm, pos = tuple(axes + rest), 0
        if perm == tuple(range(len(mid_shape))):
            perm = None
    shape = _broadcast_shape([tuple(a.shape) for a, _, _ in arrays])
    linear, stride = None, 1
    for array, n, _ in reversed(arrays):
        term = array if stride == 1 else array * stride
        linear = term if linear is None else linear + term
        stride *= n
    if tuple(linear.shape) != shape:
        linear = xp.broadcast_to(linear, shape)
    index = linear if len(shape) == 1 else xp.reshape(linear, (math.prod(shape),))
    ordered = mid_shape if perm is None else tuple(mid_shape[p] for p in perm)
    out_shape = ordered[:pos] + shape + ordered[pos + count:]
    return _Gather(perm, pos, count, stride, index, out_shape)


def get_item(x: Variable | Any, slices: Any) -> Variable:
    """``x[slices]`` with NumPy's rules, differentiable (also twice).

    Args:
        x: the Variable or array to index.
        slices: an int, slice, None, Ellipsis, integer array (a list, an array of ``x``'s
            backend, or a Variable holding one), or a tuple of them. Several index arrays
            broadcast together; their result axes go where NumPy puts them. Boolean masks
            are not supported (their result shape depends on the data). Indices out of
            range are an error, except in Dask index arrays (checking would compute them).

    Returns:
        The selected elements; the gradient of repeated integer indices accumulates.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.arange(6.0).reshape(2, 3)
    >>> F.get_item(x, (slice(None), [2, 0])).array
    array([[2., 0.],
           [5., 3.]])
    >>> F.get_item(x, ([0, 1], [2, 2])).array
    array([2., 5.])
    """
    array = array_arg("get_item", "x", x)
    return GetItem(_parse(slices, array, backends.backend_of(array))).apply((x,))[0]
