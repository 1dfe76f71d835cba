"""``xp`` on Dask for a user's script: ``dask.array`` itself, plus NumPy's ``split`` and
``array_split``, which Chainer scripts call on ``xp`` (a converter sending a batch as one
array and splitting it on the device) and ``dask.array`` lacks."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any

import dask.array as da
import numpy


def _split_at(array: Any, bounds: Sequence[int], axis: int) -> list[Any]:
    lead = (slice(None),) * (axis % array.ndim)
    return [array[lead + (slice(start, stop),)] for start, stop in
            zip(bounds[:-1], bounds[1:], strict=True)]


def array_split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """NumPy's ``array_split`` on a Dask array: lazy slices, no data read."""
    length = ary.shape[axis]
    if numpy.ndim(indices_or_sections) == 0:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError(f"array_split: number of sections must be larger than 0, "
                             f"got {sections}")
        size, extra = divmod(length, sections)
        sizes = [size + 1] * extra + [size] * (sections - extra)
        bounds = [0, *numpy.cumsum(sizes).tolist()]
    else:
        bounds = [0, *(int(i) for i in numpy.asarray(indices_or_sections)), length]
    return _split_at(ary, bounds, axis)


def split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """NumPy's ``split`` on a Dask array: as ``array_split``, but equal parts or an error."""
    if numpy.ndim(indices_or_sections) == 0 and ary.shape[axis] % int(indices_or_sections):
        raise ValueError(f"split: {ary.shape[axis]} elements along axis {axis} do not "
                         f"divide into {int(indices_or_sections)} equal sections")
    return array_split(ary, indices_or_sections, axis)


class _DaskArrayForScripts(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        return getattr(da, name)

    def __dir__(self) -> list[str]:
        return sorted({*dir(da), "split", "array_split"})


DASK_ARRAY_FOR_SCRIPTS = _DaskArrayForScripts("dask.array", da.__doc__)
DASK_ARRAY_FOR_SCRIPTS.split = split  # type: ignore[attr-defined]
DASK_ARRAY_FOR_SCRIPTS.array_split = array_split  # type: ignore[attr-defined]
