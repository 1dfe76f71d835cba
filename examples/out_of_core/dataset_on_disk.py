"""A synthetic classification dataset written to disk chunk by chunk (Zarr, else a NumPy
memmap), so writing it needs one chunk of memory however large it is."""

from __future__ import annotations

import os
import time

import numpy as np

FEATURES, CLASSES = 784, 10

try:
    import zarr
except ImportError:  # the NumPy memmap is the fallback
    zarr = None


def rows_for_gib(gib: float, features: int = FEATURES) -> int:
    """How many float32 samples of ``features`` make ``gib`` GiB."""
    return int(gib * 2**30 // (features * 4))


def prepare(path: str, samples: int, chunk: int, seed: int = 0,
            features: int = FEATURES) -> tuple[object, object, float]:
    """``(x, t, seconds)``: inputs (``samples x features`` float32) and labels (int32)
    opened read-only from ``path``, written first unless already there with this shape,
    and the seconds writing took. Labels come from a fixed random linear teacher, so a
    model can learn them."""
    os.makedirs(path, exist_ok=True)
    done = os.path.join(path, f"complete-{samples}x{features}-{chunk}")
    seconds = 0.0
    if not os.path.exists(done):
        start = time.perf_counter()
        x, t = _arrays(path, samples, chunk, features, write=True)
        teacher = np.random.default_rng(seed).normal(size=(features, CLASSES))
        rng = np.random.default_rng(seed + 1)
        for lo in range(0, samples, chunk):
            hi = min(lo + chunk, samples)
            block = rng.standard_normal((hi - lo, features), dtype=np.float32)
            x[lo:hi] = block
            t[lo:hi] = np.argmax(block @ teacher, axis=1).astype(np.int32)
        del x, t  # a memmap flushes when closed
        open(done, "w").close()
        seconds = time.perf_counter() - start
    return (*_arrays(path, samples, chunk, features, write=False), seconds)


def _arrays(path: str, samples: int, chunk: int, features: int, write: bool):
    shapes = {"x": ((samples, features), "float32"), "t": ((samples,), "int32")}
    if zarr is not None:
        if not write:
            return tuple(zarr.open_array(os.path.join(path, f"{name}.zarr"), mode="r")
                         for name in shapes)
        # random floats do not compress: stored raw, they cost no codec time
        return tuple(_new_zarr(os.path.join(path, f"{name}.zarr"), shape, chunk, dtype)
                     for name, (shape, dtype) in shapes.items())
    return tuple(np.lib.format.open_memmap(os.path.join(path, f"{name}.npy"),
                                           mode="w+" if write else "r", dtype=dtype,
                                           shape=shape)
                 for name, (shape, dtype) in shapes.items())


def _new_zarr(path: str, shape: tuple[int, ...], chunk: int, dtype: str):
    chunks = (chunk, *shape[1:])
    if int(zarr.__version__.split(".")[0]) >= 3:
        return zarr.create_array(path, shape=shape, chunks=chunks, dtype=dtype,
                                 compressors=None, overwrite=True)
    return zarr.open_array(path, mode="w", shape=shape, chunks=chunks, dtype=dtype,
                           compressor=None)
