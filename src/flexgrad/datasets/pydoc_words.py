"""``get_pydoc_words``: a real English corpus with no download, shaped like PTB.

The text is what every Python installation carries: the docstrings of its standard
library and its reference manual's topics (see ``_pydoc_text``). Each sentence ends in
``'<eos>'``; words outside the vocabulary read ``'<unk>'``. Each source file or topic goes
whole to one split (about 90/5/5 by a checksum of its name), so valid and test hold text
the model never saw. Made in a few seconds, then cached per Python version and
vocabulary size under ``$FLEXGRAD_DATASET_ROOT/pydoc``.
"""

from __future__ import annotations

import os
import platform
from collections import Counter
from typing import Any

from .. import backends
from ..dataset import download
from ..errors import InvalidTypeError, InvalidValueError
from . import _pydoc_text
from ._npz_cache import cache_or_load_arrays, stale

EOS, UNK = "<eos>", "<unk>"
# Bump when the text or its tokenization changes, so that old caches are not read.
FORMAT = 1
_WHERE = "flexgrad.datasets.get_pydoc_words"


def get_pydoc_words(vocab_size: int = 10000) -> tuple[Any, Any, Any]:
    """``(train, valid, test)``: each split as one int32 NumPy array of word ids.

    Args:
        vocab_size: the most distinct ids: ``'<eos>'`` (0), ``'<unk>'`` (1) and the
            ``vocab_size - 2`` words most frequent in the training split.
    """
    arrays = _arrays(_WHERE, vocab_size)
    return arrays["train"], arrays["valid"], arrays["test"]


def get_pydoc_words_vocabulary(vocab_size: int = 10000) -> dict[str, int]:
    """The word -> id map of ``get_pydoc_words(vocab_size)``."""
    arrays = _arrays("flexgrad.datasets.get_pydoc_words_vocabulary", vocab_size)
    return _vocabulary(arrays["vocab"])


def _arrays(where: str, vocab_size: int) -> dict[str, Any]:
    """The three splits' ids and the vocabulary (``'vocab'``: its words as UTF-8 bytes,
    one a line, in id order), from the cache or made and cached."""
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, int):
        raise InvalidTypeError(f"{where}: argument 'vocab_size' expected an int, got "
                               f"{type(vocab_size).__name__} {vocab_size!r}")
    if vocab_size < 2:
        raise InvalidValueError(f"{where}: argument 'vocab_size' expected at least 2 (room "
                                f"for '<eos>' and '<unk>'), got {vocab_size}")
    name = f"words-f{FORMAT}-py{platform.python_version()}-v{vocab_size}.npz"
    path = os.path.join(download.get_dataset_directory("pydoc"), name)
    kinds = {split: "iu" for split in _pydoc_text.SPLITS}
    arrays = cache_or_load_arrays(where, path, lambda: _make(where, vocab_size),
                                  {**kinds, "vocab": "u"})
    size = len(_vocabulary(arrays["vocab"]))
    xp = backends.NUMPY.xp
    for split in _pydoc_text.SPLITS:
        x = arrays[split]
        if x.ndim != 1 or (x.size and not (0 <= int(x.min()) and int(x.max()) < size)):
            raise stale(where, path, f"'{split}' is not a 1-d array of word ids in [0, {size})")
        arrays[split] = xp.astype(x, xp.int32)
    return arrays


def _make(where: str, vocab_size: int) -> dict[str, Any]:
    """Gather and tokenize the text, choose the vocabulary from train, map words to ids."""
    words: dict[str, list[str]] = {split: [] for split in _pydoc_text.SPLITS}
    for name, text in _pydoc_text.documents(where):
        held = words[_pydoc_text.split_of(name)]
        for sentence in _pydoc_text.sentences(text):
            held += sentence
            held.append(EOS)
    counts = Counter(word for word in words["train"] if word != EOS)
    ranked = sorted(counts, key=lambda word: (-counts[word], word))[:vocab_size - 2]
    ids = {word: i for i, word in enumerate([EOS, UNK, *ranked])}
    xp = backends.NUMPY.xp
    arrays = {split: xp.asarray([ids.get(word, 1) for word in split_words], dtype=xp.int32)
              for split, split_words in words.items()}
    vocab = "\n".join(ids).encode("utf-8")
    return {**arrays, "vocab": xp.asarray(bytearray(vocab), dtype=xp.uint8)}


def _vocabulary(encoded: Any) -> dict[str, int]:
    """Word -> id from the ``'vocab'`` array of UTF-8 bytes."""
    return {word: i for i, word in enumerate(bytes(encoded.tolist()).decode("utf-8").split("\n"))}
