"""Writing files so that an interrupted save never destroys the previous one."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable
from typing import IO, Any

# A temporary file untouched this long belongs to a save that was killed, not a running one.
STALE_AFTER_S = 600


def file_name_of(file: Any) -> str:
    """A name for ``file`` (a path or an open file) in messages."""
    if isinstance(file, (str, os.PathLike)):
        return os.fspath(file)
    return str(getattr(file, "name", "<file object>"))


def write_atomically(file: Any, write: Callable[[IO[bytes]], None]) -> None:
    """``write`` to the path ``file`` through a temporary file then ``os.replace``.

    An interrupted save leaves a previous file at that path intact; the temporary file a
    killed save left behind is removed by the next save of that path. An open file object
    is written directly.
    """
    if not isinstance(file, (str, os.PathLike)):
        write(file)
        return
    path = os.path.abspath(os.fspath(file))
    _remove_stale_temporaries(path)
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp",
                                dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _remove_stale_temporaries(path: str, suffix: str = ".tmp") -> None:
    """Delete the temporary files of earlier saves of ``path`` that were killed mid-write
    (``kill -9`` leaves them), so they do not pile up over a long run."""
    folder, base = os.path.split(path)
    pattern = re.compile(re.escape(f".{base}.") + r"[a-z0-9_]{8}" + re.escape(suffix))
    for name in os.listdir(folder):
        full = os.path.join(folder, name)
        if pattern.fullmatch(name):
            with contextlib.suppress(OSError):
                if time.time() - os.stat(full).st_mtime > STALE_AFTER_S:
                    os.unlink(full)
