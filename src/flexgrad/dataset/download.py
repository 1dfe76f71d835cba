"""Where datasets are cached, and downloads that never leave a half-written cache file.

The root is ``set_dataset_root(path)`` if called, else ``$FLEXGRAD_DATASET_ROOT``, else
``~/.flexgrad/dataset`` (Chainer's ``chainer.dataset.download``, renamed for flexgrad).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from urllib import request

from ..errors import FlexgradError
from ..serializers._files import _remove_stale_temporaries

_root: str | None = None


class DownloadError(FlexgradError, OSError):
    """A dataset file is not in the cache and could not be downloaded."""


def get_dataset_root() -> str:
    """The folder every dataset is cached under."""
    if _root is not None:
        return _root
    default = os.path.join(os.path.expanduser("~"), ".flexgrad", "dataset")
    return os.environ.get("FLEXGRAD_DATASET_ROOT") or default


def set_dataset_root(path: str | os.PathLike[str] | None) -> None:
    """Cache datasets under ``path`` from now on (None: back to the environment/default)."""
    global _root
    _root = None if path is None else os.fspath(path)


def get_dataset_directory(dataset_name: str, create_directory: bool = True) -> str:
    """The cache folder of one dataset (``'mnist'``), made if asked and missing."""
    path = os.path.join(get_dataset_root(), dataset_name)
    if create_directory:
        os.makedirs(path, exist_ok=True)
    return path


def download(url: str, path: str, *, caller: str, timeout: float = 60.0) -> str:
    """``path``, downloading ``url`` to it first if it is missing.

    The bytes go to a temporary file beside ``path``, renamed into place only when
    complete; those an interrupted download (``kill -9``) left are removed here. A
    failure raises ``DownloadError`` naming the URL and the folder.
    """
    if os.path.exists(path):
        return path
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        _remove_stale_temporaries(os.path.abspath(path), ".part")
        fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part",
                                    dir=folder)
    except OSError as exc:
        raise DownloadError(f"{caller}: cannot write into the cache folder {folder} "
                            f"({exc}); set FLEXGRAD_DATASET_ROOT to a writable folder") from exc
    try:
        with os.fdopen(fd, "wb") as out, request.urlopen(url, timeout=timeout) as response:
            shutil.copyfileobj(response, out)
        os.replace(temp, path)
    except (OSError, ValueError) as exc:
        raise DownloadError(
            f"{caller}: {os.path.basename(path)} is not in the cache folder {folder} and "
            f"downloading {url} failed ({type(exc).__name__}: {exc}). Download it by hand "
            "into that folder, or set FLEXGRAD_DATASET_ROOT to a folder that has it"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    return path


def cached_download(url: str) -> str:
    """Chainer's ``cached_download``: the path of ``url``'s bytes in ``_dl_cache``."""
    name = hashlib.md5(url.encode("utf-8")).hexdigest()
    path = os.path.join(get_dataset_directory("_dl_cache"), name)
    return download(url, path, caller="flexgrad.dataset.cached_download")
