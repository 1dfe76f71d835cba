"""English text that every Python carries: its standard library's docstrings and its
reference manual's topics (``pydoc_data.topics``), read from source with ``ast`` (nothing
is imported), split into documents and tokenized into lowercase words.
"""

from __future__ import annotations

import ast
import os
import re
import sysconfig
import tokenize
import zlib
from collections.abc import Iterator

from ..errors import InvalidValueError

# Pure-Python modules and packages present from Python 3.10 on and not scheduled for
# removal; one missing from an installation is skipped. Each source file is a document.
MODULES = (
    "abc", "argparse", "ast", "asyncio", "base64", "bdb", "bisect", "bz2", "calendar",
    "cmd", "code", "codecs", "codeop", "collections", "colorsys", "compileall",
    "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg", "csv",
    "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "doctest", "email",
    "enum", "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools",
    "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "gzip", "hashlib",
    "heapq", "hmac", "html", "http", "imaplib", "importlib", "inspect", "io", "ipaddress",
    "json", "keyword", "linecache", "locale", "logging", "lzma", "mailbox", "mimetypes",
    "modulefinder", "multiprocessing", "netrc", "ntpath", "numbers", "opcode", "operator",
    "optparse", "os", "pathlib", "pdb", "pickle", "pickletools", "pkgutil", "platform",
    "plistlib", "poplib", "posixpath", "pprint", "profile", "pstats", "pty", "py_compile",
    "pyclbr", "pydoc", "queue", "quopri", "random", "re", "reprlib", "rlcompleter", "runpy",
    "sched", "secrets", "selectors", "shelve", "shlex", "shutil", "signal", "site",
    "smtplib", "socket", "socketserver", "sqlite3", "ssl", "stat", "statistics", "string",
    "stringprep", "struct", "subprocess", "symtable", "sysconfig", "tabnanny", "tarfile",
    "tempfile", "textwrap", "threading", "timeit", "token", "tokenize", "tomllib", "trace",
    "traceback", "tracemalloc", "tty", "types", "typing", "unittest", "urllib", "uuid",
    "warnings", "wave", "weakref", "webbrowser", "wsgiref", "xml", "xmlrpc", "zipapp",
    "zipfile", "zipimport", "zoneinfo",
)
TOPICS_MODULE = "pydoc_data/topics.py"
SPLITS = ("train", "valid", "test")
_HELD_OUT = {1: "valid", 2: "test"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_TOKEN = re.compile(r"[a-z_][a-z0-9_]*(?:'[a-z]+)?|\d[a-z0-9_]*(?:\.\d+)*|[,;:]")
_NUMBER = re.compile(r"\d")


def split_of(document: str) -> str:
    """``'valid'`` or ``'test'`` for one document in twenty each, else ``'train'``; by a
    checksum of its name, so a document's split never depends on which others exist."""
    return _HELD_OUT.get(zlib.crc32(document.encode("utf-8")) % 20, "train")


def documents(where: str) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for each source file of MODULES (its docstrings), then each
    reference topic."""
    root = sysconfig.get_paths()["stdlib"]
    files = [path for name in MODULES for path in _source_files(root, name)]
    if not files:
        raise InvalidValueError(f"{where}: no standard-library sources (.py files) under "
                                f"{root}; this Python ships without them, so the corpus "
                                "cannot be made")
    for path in files:
        yield os.path.relpath(path, root), "\n\n".join(_docstrings(path))
    topics = os.path.join(root, TOPICS_MODULE)
    if os.path.exists(topics):
        for topic, text in _topics(topics):
            yield "topic:" + topic, text


def sentences(text: str) -> Iterator[list[str]]:
    """Each sentence of ``text`` as lowercase tokens (numbers read ``'N'``, as in PTB)."""
    for sentence in _SENTENCE_END.split(_prose(text)):
        words = [("N" if _NUMBER.match(token) else token)
                 for token in _TOKEN.findall(sentence.lower())]
        if any(word not in ",;:" for word in words):
            yield words


def _prose(text: str) -> str:
    """``text`` without its code: interactive examples (from ``>>>`` to the next blank
    line) and indented blocks (three spaces or more) are dropped."""
    kept, in_example = [], False
    for line in text.splitlines():
        stripped = line.strip()
        in_example = (in_example and bool(stripped)) or stripped.startswith(">>>")
        if not in_example and not line.startswith("   "):
            kept.append(line)
    return "\n".join(kept)


def _source_files(root: str, name: str) -> list[str]:
    """The module's ``.py`` file, or its package's files sorted (tests left out)."""
    single = os.path.join(root, name + ".py")
    if os.path.isfile(single):
        return [single]
    files = []
    for folder, subfolders, names in os.walk(os.path.join(root, name)):
        subfolders[:] = sorted(sub for sub in subfolders if sub not in ("test", "tests"))
        files += [os.path.join(folder, file) for file in sorted(names) if file.endswith(".py")]
    return files


def _docstrings(path: str) -> Iterator[str]:
    """The docstrings of the module at ``path``, its classes and its functions."""
    for node in ast.walk(_parse(path)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            text = ast.get_docstring(node)
            if text:
                yield text


def _topics(path: str) -> Iterator[tuple[str, str]]:
    """``(key, text)`` of the dictionary literal ``topics`` in ``pydoc_data/topics.py``."""
    for node in _parse(path).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                    yield str(key.value), str(value.value)


def _parse(path: str) -> ast.Module:
    """The syntax tree of one source file; a file this Python cannot parse has none."""
    try:
        with tokenize.open(path) as handle:
            return ast.parse(handle.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ast.Module(body=[], type_ignores=[])
