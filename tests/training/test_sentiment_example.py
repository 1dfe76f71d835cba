"""examples/sentiment/train_sentiment.py: a recursive net, one graph per tree, learns the
syntactic categories of Python expressions' subtrees on NumPy and Dask."""

from __future__ import annotations

import os
import re

import pytest
from example_scripts import load_example, read_log, run_example

from flexgrad.computational_graph import build_computational_graph


@pytest.mark.slow
def test_the_recursive_net_learns_the_categories_of_python_subtrees(tmp_path, capsys):
    run_example("sentiment", "train_sentiment.py", "--train-size", 600, "--valid-size", 100,
                "--epoch", 3, "--out", tmp_path)
    log = read_log(tmp_path)
    assert [entry["epoch"] for entry in log] == [1, 2, 3]
    losses = [entry["validation/main/loss"] for entry in log]
    assert losses == sorted(losses, reverse=True), losses
    # "name", the commonest label, is on about a third of the nodes
    assert log[-1]["validation/main/accuracy"] > 0.7
    node, root = map(float, re.search(r"test: node accuracy ([\d.]+), root accuracy ([\d.]+)",
                                      capsys.readouterr().out).groups())
    assert node > 0.7 and root > 0.6
    assert sorted(os.listdir(tmp_path)) == ["accuracy.png", "log", "snapshot_iter_72"]


@pytest.mark.slow
def test_dask_takes_numpys_steps(tmp_path):
    """Initial weights and the order of the trees come from the same seeded generators."""
    logs = {}
    for device in ("@numpy", "@dask"):
        run_example("sentiment", "train_sentiment.py", "--train-size", 20, "--valid-size", 10,
                    "--epoch", 1, "--batchsize", 10, "--noplot", "--device", device,
                    "--out", tmp_path / device)
        (logs[device],) = read_log(tmp_path / device)
    for key, value in logs["@numpy"].items():
        if key != "elapsed_time":
            assert logs["@dask"][key] == pytest.approx(value, rel=1e-5), key


def test_each_tree_records_a_graph_of_its_own_shape():
    example = load_example("sentiment", "train_sentiment.py")
    trees = example.treebank.python_trees({"train": 40, "dev": 0, "test": 0}, max_leaves=6)
    indexed, vocabulary, labels = example.index_trees(trees, min_count=1)
    model = example.RecursiveNet(len(vocabulary), 4, len(labels))
    compositions = set()
    for tree in indexed["train"]:
        graph = build_computational_graph(model([tree]))
        n_tanh = sum(type(node).__name__ == "Tanh" for node in graph.functions)
        assert n_tanh == sum(children is not None for children in tree.children)
        compositions.add(n_tanh)
    assert len(compositions) >= 3, "trees of several sizes, graphs of several sizes"


def test_a_tree_is_indexed_in_post_order_with_its_words_and_labels():
    example = load_example("sentiment", "train_sentiment.py")
    trees = example.treebank.python_trees({"train": 40, "dev": 0, "test": 0}, max_leaves=6)
    _, vocabulary, labels = example.index_trees(trees, min_count=1)
    call = ("call", ("call", ("name", "print"), ("token", "(")), ("name", "x"))
    label_ids = {label: i for i, label in enumerate(labels)}
    tree = example.IndexedTree(call, {**vocabulary, "print": 7}, label_ids)
    assert tree.children == [None, None, (0, 1), None, (2, 3)]  # post-order, root last
    assert tree.words[0] == 7 and tree.words[2] == vocabulary.get("x", 0)
    assert [labels[i] for i in tree.labels] == ["name", "token", "call", "name", "call"]


def test_an_sst_file_is_read_as_the_same_trees(tmp_path):
    example = load_example("sentiment", "train_sentiment.py")
    for split in ("train", "dev", "test"):
        (tmp_path / f"{split}.txt").write_text("(3 (2 It) (4 (2 works) (3 well)))\n")
    trees = example.treebank.sst_trees(tmp_path, {"train": 5, "dev": 5, "test": 5})
    assert trees["dev"] == [("3", ("2", "It"), ("4", ("2", "works"), ("3", "well")))]
