"""examples/word2vec/train_word2vec.py learns word vectors from the embedded English corpus
on NumPy and Dask, writes them out, and resumes from a snapshot."""

from __future__ import annotations

import math

import pytest
from example_scripts import read_log, run_example

# End to end: `python3 dev.py test --fast` skips these.
pytestmark = pytest.mark.slow

SMALL = ("--max-words", 12000, "--unit", 16, "--window", 2, "--batchsize", 1000)


def train(out, *args):
    run_example("word2vec", "train_word2vec.py", *SMALL, "--noplot", "--out", out, *args)
    return read_log(out)


def read_vectors(out):
    """``(words, units, lines)`` of ``out/word2vec.model``: its header and the rest."""
    with open(out / "word2vec.model", encoding="utf-8") as f:
        header, *lines = f.read().splitlines()
    n_words, n_units = map(int, header.split())
    return n_words, n_units, lines


@pytest.mark.parametrize(("model", "out_type", "device"), [
    ("skipgram", "hsm", "@numpy"), ("cbow", "original", "@numpy"), ("skipgram", "ns", "@dask")])
def test_each_model_and_output_layer_learns(tmp_path, model, out_type, device):
    log = train(tmp_path, "--epoch", 2, "-m", model, "-o", out_type, "--device", device)
    assert [entry["epoch"] for entry in log] == [1, 2]
    losses = [entry["validation/main/loss"] for entry in log]
    assert losses[1] < losses[0], losses
    if out_type == "original":  # every logit is 0 at first: the log of the vocabulary size
        assert losses[0] < math.log(read_vectors(tmp_path)[0])


def test_the_vectors_are_written_and_a_resumed_run_goes_on(tmp_path, capsys):
    first = train(tmp_path, "--epoch", 1, "-o", "ns", "--query", "the,file")
    n_words, n_units, lines = read_vectors(tmp_path)
    assert n_units == 16 and n_words == len(lines) > 1000
    assert lines[0].split()[0] == "<eos>" and len(lines[0].split()) == 1 + n_units
    assert "nearest to 'the': " in capsys.readouterr().out
    resumed = train(tmp_path, "--epoch", 2, "-o", "ns", "--resume",
                    tmp_path / "snapshot_epoch_1")
    assert resumed[0] == first[0] and [entry["epoch"] for entry in resumed] == [1, 2]
