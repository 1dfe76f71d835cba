"""get_pydoc_words: the embedded corpus once for real, its rules on a tiny stand-in text."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from flexgrad.datasets import _pydoc_text, get_pydoc_words, get_pydoc_words_vocabulary
from flexgrad.errors import InvalidTypeError, InvalidValueError

FAKE_DOCUMENTS = [
    ("a.py", "The cat sat. The dog sat!\n\nThe cat ran"),
    ("b.py", "The bird sat."),
]


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path_factory.mktemp("datasets")))
        before = set(sys.modules)
        corpus = get_pydoc_words(), get_pydoc_words_vocabulary()
        yield corpus, set(sys.modules) - before


@pytest.fixture
def fake_corpus(tmp_path, monkeypatch):
    """A tiny text in place of the standard library's, with a.py in train, b.py in valid."""
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    monkeypatch.setattr(_pydoc_text, "documents", lambda where: iter(FAKE_DOCUMENTS))
    monkeypatch.setattr(_pydoc_text, "split_of", lambda name: {"b.py": "valid"}.get(name,
                                                                                    "train"))
    return tmp_path / "pydoc"


def test_the_real_corpus_is_word_ids_in_sentences_from_the_standard_library(real_corpus):
    ((train, valid, test), vocab), _ = real_corpus
    assert vocab["<eos>"] == 0 and vocab["<unk>"] == 1
    assert sorted(vocab.values()) == list(range(len(vocab))) and len(vocab) <= 10000
    assert len(train) > 100_000 and len(valid) > 5_000 and len(test) > 5_000
    for ids in (train, valid, test):
        assert ids.dtype == np.int32 and ids.ndim == 1 and ids[-1] == 0
        assert 0 <= ids.min() and ids.max() < len(vocab)
    assert {"the", "function", "returns", "module", ","} <= set(vocab)
    assert (train == 1).sum() == 0 < (valid == 1).sum()  # train chose the words


def test_gathering_the_text_imports_none_of_its_modules(real_corpus):
    _, imported = real_corpus
    assert not imported & set(_pydoc_text.MODULES)


def test_sentences_drop_examples_and_code_and_read_numbers_as_n():
    text = ("Return the 2nd value (see below). Really!\n\n>>> f(1)\n2\n\n"
            "Code:\n\n   x = 10\n\nDon't use it; it has 3.5 items")
    assert list(_pydoc_text.sentences(text)) == [
        ["return", "the", "N", "value", "see", "below"], ["really"], ["code", ":"],
        ["don't", "use", "it", ";", "it", "has", "N", "items"]]


def test_a_document_goes_whole_to_one_split_about_one_in_twenty_held_out_each():
    names = [f"module{i}.py" for i in range(2000)]
    splits = [_pydoc_text.split_of(name) for name in names]
    assert splits == [_pydoc_text.split_of(name) for name in names]
    assert 60 < splits.count("valid") < 140 and 60 < splits.count("test") < 140


def test_the_vocabulary_keeps_the_most_frequent_training_words(fake_corpus):
    vocab = get_pydoc_words_vocabulary(vocab_size=4)
    assert vocab == {"<eos>": 0, "<unk>": 1, "the": 2, "cat": 3}  # cat ties sat, first a-z
    train, valid, test = get_pydoc_words(vocab_size=4)
    assert train.tolist() == [2, 3, 1, 0, 2, 1, 1, 0, 2, 3, 1, 0]
    assert valid.tolist() == [2, 1, 1, 0] and test.tolist() == []


def test_the_corpus_is_cached_by_python_version_and_vocabulary_size(fake_corpus, monkeypatch):
    first = get_pydoc_words(vocab_size=5)
    (cached,) = fake_corpus.iterdir()
    assert f"py{sys.version_info.major}.{sys.version_info.minor}." in cached.name
    assert cached.name.endswith("-v5.npz")
    monkeypatch.setattr(_pydoc_text, "documents", None)  # the cache is enough from now on
    for made, read in zip(first, get_pydoc_words(vocab_size=5), strict=True):
        assert read.dtype == np.int32 and read.tolist() == made.tolist()


def test_a_damaged_cache_is_named_with_the_way_out(fake_corpus):
    get_pydoc_words(vocab_size=5)
    (cached,) = fake_corpus.iterdir()
    cached.write_bytes(b"not a zip")
    with pytest.raises(InvalidValueError, match="get_pydoc_words: the cached file .*delete it"):
        get_pydoc_words(vocab_size=5)


@pytest.mark.parametrize(("vocab_size", "error", "message"), [
    (1, InvalidValueError, "'vocab_size' expected at least 2 .*, got 1"),
    (2.5, InvalidTypeError, "'vocab_size' expected an int, got float 2.5"),
    (True, InvalidTypeError, "'vocab_size' expected an int, got bool True"),
])
def test_a_bad_vocabulary_size_is_named(vocab_size, error, message):
    with pytest.raises(error, match="get_pydoc_words_vocabulary: argument " + message):
        get_pydoc_words_vocabulary(vocab_size)


def test_a_python_without_its_library_sources_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    monkeypatch.setattr(_pydoc_text.sysconfig, "get_paths", lambda: {"stdlib": str(tmp_path)})
    with pytest.raises(InvalidValueError, match="get_pydoc_words: no standard-library sources"):
        get_pydoc_words()
