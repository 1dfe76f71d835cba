"""Chainer's ``get_ptb_words``: the Penn Treebank as word ids, for language models.

The text files are Chainer's (Mikolov's split, from github.com/tomsercu/lstm). Each line
is its words then ``'<eos>'``; word ids count up in order of first appearance over the
training, validation and test text (on PTB every word appears in training first, so the
ids are exactly Chainer's).
"""

from __future__ import annotations

import os
from typing import Any

from .. import backends
from ..dataset import download
from ..errors import InvalidValueError
from ..serializers._dictionary import write_atomically
from ._npz_cache import cache_or_load_arrays, stale

URL = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/"
_SPLITS = ("train", "valid", "test")
_WHERE = "flexgrad.datasets.get_ptb_words"


def get_ptb_words() -> tuple[Any, Any, Any]:
    """``(train, valid, test)``: each the whole split as one int32 array of word ids.

    The text is downloaded once into ``$FLEXGRAD_DATASET_ROOT/ptb`` (default
    ``~/.flexgrad/dataset``) and the ids cached there as ``train.npz`` and so on;
    offline, a ``flexgrad.dataset.DownloadError`` names the URL and the folder.
    """
    vocab = _vocabulary(_WHERE)
    train, valid, test = (_split_ids(split, vocab) for split in _SPLITS)
    return train, valid, test


def get_ptb_words_vocabulary() -> dict[str, int]:
    """The word -> id map of ``get_ptb_words`` (cached as ``vocab.txt``, a word per line)."""
    return _vocabulary("flexgrad.datasets.get_ptb_words_vocabulary")


def _split_ids(split: str, vocab: dict[str, int]) -> Any:
    """One split's ids, from ``<split>.npz`` or made from its text."""
    path = os.path.join(download.get_dataset_directory("ptb"), split + ".npz")

    def create() -> dict[str, Any]:
        try:
            ids = [vocab[word] for word in _words(_WHERE, split)]
        except KeyError as exc:
            raise InvalidValueError(f"{_WHERE}: the word {exc} of ptb.{split}.txt is not in "
                                    "the cached vocab.txt; delete the cache folder "
                                    f"{os.path.dirname(path)} so that it is made again"
                                    ) from None
        return {"x": backends.NUMPY.xp.asarray(ids, dtype=backends.NUMPY.xp.int32)}

    x = cache_or_load_arrays(_WHERE, path, create, {"x": "iu"})["x"]
    if x.ndim != 1 or (x.size and not (0 <= int(x.min()) and int(x.max()) < len(vocab))):
        got = f"shape {x.shape}" if x.ndim != 1 else f"ids from {int(x.min())} to {int(x.max())}"
        raise stale(_WHERE, path, f"'x' holds {got}, expected a 1-d array of word ids in "
                                  f"[0, {len(vocab)}) (the size of vocab.txt)")
    return backends.NUMPY.xp.astype(x, backends.NUMPY.xp.int32)


def _vocabulary(where: str) -> dict[str, int]:
    """Word -> id, read from ``vocab.txt`` or made from the three texts and written there."""
    path = os.path.join(download.get_dataset_directory("ptb"), "vocab.txt")
    if os.path.lexists(path):
        return {word: i for i, word in enumerate(_lines(where, path))}
    vocab: dict[str, int] = {}
    for split in _SPLITS:
        for word in _words(where, split):
            vocab.setdefault(word, len(vocab))
    text = "".join(word + "\n" for word in vocab).encode("utf-8")
    write_atomically(path, lambda handle: handle.write(text))
    return vocab


def _words(where: str, split: str) -> list[str]:
    """The words of ``ptb.<split>.txt``, each line ended by ``'<eos>'`` (as Chainer)."""
    name = f"ptb.{split}.txt"
    path = os.path.join(download.get_dataset_directory("ptb"), name)
    download.download(URL + name, path, caller=where)
    words = []
    for line in _lines(where, path):
        words += line.split()
        words.append("<eos>")
    return words


def _lines(where: str, path: str) -> list[str]:
    """The lines of the UTF-8 text file ``path``, stripped; a file that cannot be read as
    text is named, with the way out."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [line.strip() for line in handle]
    except (OSError, UnicodeDecodeError) as exc:
        raise stale(where, path, f"not readable as UTF-8 text ({type(exc).__name__}: "
                                 f"{exc})") from None
