"""What flexgrad runs on, for bug reports: ``flexgrad.print_runtime_info()``."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from typing import TextIO

_PACKAGES = ("flexgrad", "numpy", "array-api-compat", "dask", "cupy-cuda12x", "cupy-cuda13x",
             "array-api-strict", "h5py")


def runtime_info() -> dict[str, str]:
    """Platform, Python and the version of each package flexgrad can use (or None)."""
    info = {"Platform": platform.platform(), "Python": sys.version.split()[0]}
    for name in _PACKAGES:
        try:
            info[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            info[name] = "not installed"
    return info


def print_runtime_info(out: TextIO | None = None) -> None:
    """Print :func:`runtime_info`, one ``name: version`` per line."""
    for name, version in runtime_info().items():
        print(f"{name + ':':<18} {version}", file=out or sys.stdout)
