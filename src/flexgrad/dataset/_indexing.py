"""Reading one example from any dataset, arrays of strict Array API libraries included."""

from __future__ import annotations

from typing import Any

from .. import backends


def example(dataset: Any, index: Any) -> Any:
    """``dataset[index]`` for an int or slice; an array gets ``[index, ...]``, since the
    standard (and ``array_api_strict``) has no implicit trailing axes."""
    if backends.is_array(dataset) and dataset.ndim > 1:
        return dataset[index, ...]
    return dataset[index]
