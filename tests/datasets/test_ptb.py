"""get_ptb_words / get_ptb_words_vocabulary from tiny text files in a temporary cache."""

from __future__ import annotations

import urllib.error
import urllib.request

import numpy as np
import pytest

from flexgrad.dataset import DownloadError
from flexgrad.datasets import get_ptb_words, get_ptb_words_vocabulary
from flexgrad.errors import InvalidValueError

TEXTS = {
    "train": " the cat sat \n the dog <unk> ran \n",
    "valid": " a cat \n",
    "test": " the bird \n\n",
}


@pytest.fixture
def root(tmp_path, monkeypatch):
    def refuse(url, *args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setenv("FLEXGRAD_DATASET_ROOT", str(tmp_path))
    (tmp_path / "ptb").mkdir()
    return tmp_path / "ptb"


def write_texts(folder):
    for split, text in TEXTS.items():
        (folder / f"ptb.{split}.txt").write_text(text)


def test_words_are_ids_in_order_of_first_appearance_with_eos_per_line(root):
    write_texts(root)
    vocab = get_ptb_words_vocabulary()
    assert vocab == {"the": 0, "cat": 1, "sat": 2, "<eos>": 3, "dog": 4, "<unk>": 5,
                     "ran": 6, "a": 7, "bird": 8}
    train, valid, test = get_ptb_words()
    assert all(x.dtype == np.int32 and x.ndim == 1 for x in (train, valid, test))
    assert train.tolist() == [0, 1, 2, 3, 0, 4, 5, 6, 3]
    assert valid.tolist() == [7, 1, 3]
    assert test.tolist() == [0, 8, 3, 3]  # an empty line is still one '<eos>', as in Chainer
    words = {i: w for w, i in vocab.items()}
    assert " ".join(words[i] for i in train[:4]) == "the cat sat <eos>"


def test_ids_and_vocabulary_are_cached(root):
    write_texts(root)
    train, valid, test = get_ptb_words()
    assert sorted(p.name for p in root.iterdir()) == [
        "ptb.test.txt", "ptb.train.txt", "ptb.valid.txt", "test.npz", "train.npz",
        "valid.npz", "vocab.txt"]
    assert (root / "vocab.txt").read_text().split("\n")[:4] == ["the", "cat", "sat", "<eos>"]
    for split in TEXTS:
        (root / f"ptb.{split}.txt").unlink()  # the caches are enough from now on
    again = get_ptb_words()
    for before, after in zip((train, valid, test), again, strict=True):
        np.testing.assert_array_equal(before, after)
    assert get_ptb_words_vocabulary()["bird"] == 8
    with np.load(root / "train.npz", allow_pickle=False) as npz:
        assert npz.files == ["x"] and npz["x"].dtype == np.int32


def test_missing_text_without_network_names_url_and_folder(root):
    with pytest.raises(DownloadError) as info:
        get_ptb_words_vocabulary()
    message = str(info.value)
    assert "flexgrad.datasets.get_ptb_words_vocabulary" in message
    assert "https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.train.txt" in message
    assert str(root) in message and list(root.iterdir()) == []


def test_a_stale_vocabulary_or_a_bad_cache_says_to_delete_it(root):
    write_texts(root)
    (root / "vocab.txt").write_text("the\ncat\n")
    with pytest.raises(InvalidValueError, match="the word 'sat' of ptb.train.txt is not in"):
        get_ptb_words()
    (root / "vocab.txt").unlink()
    (root / "train.npz").write_bytes(b"garbage")
    with pytest.raises(InvalidValueError, match="train.npz: not a readable .npz"):
        get_ptb_words()
