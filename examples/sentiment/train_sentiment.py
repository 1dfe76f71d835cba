#!/usr/bin/env python
"""A recursive neural network (Socher et al., 2011) labels every subtree of a parse tree.

    python examples/sentiment/train_sentiment.py                 # Python expression trees
    python examples/sentiment/train_sentiment.py --dataset sst   # the Sentiment Treebank
    python examples/sentiment/train_sentiment.py --device @dask --epoch 2

Each tree is computed in its own shape: a word's vector is looked up at a leaf, and a
node's vector is ``tanh(W [left; right] + b)`` of its children's, in plain Python
recursion over the tree, so flexgrad records a different graph for every sample. A
linear layer then predicts each node's label from its vector.

The default data needs no download: expressions from Python's standard library, each
subtree labelled with its syntactic category (see ``trees.py``), about 30,000 trees to
draw from. ``--dataset sst`` reads the Stanford Sentiment Treebank (sentiment 0-4 on
every phrase) from ``--sst-dir``, where you put its ``trees/*.txt``.

Reports the accuracy over all nodes and over roots (whole expressions or sentences),
on the validation trees each epoch and on the test trees at the end. Writes into
``--out``: ``log``, ``accuracy.png`` and the final snapshot.
"""

import argparse
import collections
import os

import numpy as np
import trees as treebank

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.training import extensions

UNKNOWN = "<unk>"


class IndexedTree:
    """A tree as arrays: its nodes in post-order (children before parents, the root
    last), each a leaf (``None``) or the positions of its two children."""

    def __init__(self, tree, vocabulary, label_ids):
        self.words, self.labels, self.children = [], [], []
        self._add(tree, vocabulary, label_ids)
        self.words = np.asarray(self.words, np.int32)
        self.labels = np.asarray(self.labels, np.int32)

    def _add(self, tree, vocabulary, label_ids):
        if len(tree) == 2:
            self.words.append(vocabulary.get(tree[1], vocabulary[UNKNOWN]))
            self.children.append(None)
        else:
            left = self._add(tree[1], vocabulary, label_ids)
            right = self._add(tree[2], vocabulary, label_ids)
            self.children.append((left, right))
        self.labels.append(label_ids[tree[0]])
        return len(self.labels) - 1


class RecursiveNet(flexgrad.Chain):
    """Word vectors at the leaves, one composition layer for every inner node, and a
    classifier of any node's vector."""

    def __init__(self, n_vocab, n_units, n_labels):
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(n_vocab, n_units)
            self.compose = L.Linear(2 * n_units, n_units)
            self.classify = L.Linear(n_units, n_labels)

    def node_vectors(self, tree, leaves):
        """Every node's vector (1, n_units), in the tree's order; ``leaves`` yields the
        embedded words in order. The loop is the tree's shape: the graph is per tree."""
        vectors = []
        for children in tree.children:
            if children is None:
                vectors.append(next(leaves))
            else:
                left, right = (vectors[i] for i in children)
                vectors.append(F.tanh(self.compose(F.concat((left, right), axis=1))))
        return vectors

    def forward(self, trees):
        """The mean cross entropy over every node of a batch of IndexedTrees."""
        words = np.concatenate([tree.words for tree in trees])
        embedded = self.embed(self.device.send(words))
        leaves = iter(F.split_axis(embedded, len(words), axis=0))
        nodes, roots = [], []
        for tree in trees:
            nodes += self.node_vectors(tree, leaves)
            roots.append(nodes[-1])
        labels = self.device.send(np.concatenate([tree.labels for tree in trees]))
        root_labels = self.device.send(np.asarray([tree.labels[-1] for tree in trees]))
        logits = self.classify(F.concat(nodes, axis=0))
        loss = F.softmax_cross_entropy(logits, labels)
        flexgrad.report({
            "loss": loss, "accuracy": F.accuracy(logits, labels),
            "root_accuracy": F.accuracy(self.classify(F.concat(roots, axis=0)), root_labels),
        }, self)
        return loss


def keep_trees(batch, device):
    """The converter: a batch stays a list of IndexedTrees (the model sends their words
    and labels to its device)."""
    return batch


def load_trees(args):
    """``{split: trees}`` of the chosen dataset, ``--train-size`` and so on of them."""
    sizes = {"train": args.train_size, "dev": args.valid_size, "test": args.valid_size}
    if args.dataset == "python":
        return treebank.python_trees(sizes, args.max_leaves)
    folder = args.sst_dir or os.path.join(flexgrad.dataset.get_dataset_directory(
        "sst", create_directory=False), "trees")
    return treebank.sst_trees(folder, sizes)


def index_trees(trees, min_count):
    """IndexedTrees of every split. The vocabulary is the training words seen at least
    ``min_count`` times (others read ``<unk>``); labels are numbered in sorted order."""
    counts = collections.Counter()
    labels = set()

    def walk(tree, training_split):
        labels.add(tree[0])
        if len(tree) == 2 and training_split:
            counts[tree[1]] += 1
        for child in tree[1:] if len(tree) == 3 else ():
            walk(child, training_split)

    for split, split_trees in trees.items():
        for tree in split_trees:
            walk(tree, split == "train")
    words = [UNKNOWN] + sorted(word for word, n in counts.items() if n >= min_count)
    vocabulary = {word: i for i, word in enumerate(words)}
    label_names = sorted(labels)
    label_ids = {label: i for i, label in enumerate(label_names)}
    indexed = {split: [IndexedTree(tree, vocabulary, label_ids) for tree in split_trees]
               for split, split_trees in trees.items()}
    return indexed, vocabulary, label_names


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="flexgrad example: a recursive net")
    parser.add_argument("--dataset", choices=("python", "sst"), default="python",
                        help="python: expressions of the standard library, labelled by "
                        "syntactic category (default, offline); sst: the Stanford "
                        "Sentiment Treebank from --sst-dir")
    parser.add_argument("--sst-dir", help="the folder of SST's train.txt, dev.txt and "
                        "test.txt (default: $FLEXGRAD_DATASET_ROOT/sst/trees)")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict...")
    parser.add_argument("--epoch", "-e", type=int, default=10)
    parser.add_argument("--unit", "-u", type=int, default=30, help="vector length")
    parser.add_argument("--batchsize", "-b", type=int, default=25)
    parser.add_argument("--alpha", type=float, default=0.01, help="Adam's learning rate")
    parser.add_argument("--train-size", type=int, default=4000, help="training trees")
    parser.add_argument("--valid-size", type=int, default=1000,
                        help="validation trees, and as many test trees")
    parser.add_argument("--max-leaves", type=int, default=12,
                        help="the largest Python expression, in leaves")
    parser.add_argument("--min-count", type=int, default=2,
                        help="training words rarer than this read <unk>")
    parser.add_argument("--out", "-o", default="result")
    parser.add_argument("--resume", "-r", help="a trainer snapshot to continue from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noplot", dest="plot", action="store_false")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    trees, vocabulary, label_names = index_trees(load_trees(args), args.min_count)
    n_nodes = sum(len(tree.labels) for tree in trees["train"])
    print(f"{args.dataset}: {len(trees['train'])} training trees ({n_nodes} nodes), "
          f"{len(trees['dev'])} validation, {len(trees['test'])} test; "
          f"{len(vocabulary)} words, labels {', '.join(label_names)}; device {device}")

    model = RecursiveNet(len(vocabulary), args.unit, len(label_names))
    optimizer = flexgrad.optimizers.Adam(alpha=args.alpha).setup(model)
    train_iter = flexgrad.iterators.SerialIterator(trees["train"], args.batchsize)

    def evaluator(split):
        it = flexgrad.iterators.SerialIterator(trees[split], args.batchsize, repeat=False,
                                               shuffle=False)
        return extensions.Evaluator(it, model, converter=keep_trees, device=device)

    updater = training.updaters.StandardUpdater(train_iter, optimizer, converter=keep_trees,
                                                device=device)
    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    trainer.extend(evaluator("dev"))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(
        ["epoch", "main/loss", "validation/main/loss", "main/accuracy",
         "validation/main/accuracy", "validation/main/root_accuracy", "elapsed_time"]))
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(extensions.snapshot(), trigger=(args.epoch, "epoch"))
    if args.plot:
        trainer.extend(extensions.PlotReport(
            ["main/accuracy", "validation/main/accuracy", "validation/main/root_accuracy"],
            "epoch", filename="accuracy.png"))
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()

    reporter = flexgrad.Reporter()  # what the trainer gives its extensions
    reporter.add_observer("main", model)
    with reporter:
        result = evaluator("test").evaluate()
    print(f"test: node accuracy {float(result['main/accuracy']):.3f}, root accuracy "
          f"{float(result['main/root_accuracy']):.3f}")


if __name__ == "__main__":
    main()
