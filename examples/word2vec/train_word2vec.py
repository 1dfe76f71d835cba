#!/usr/bin/env python
"""word2vec (Mikolov et al., 2013): word vectors learned by predicting a word's neighbours.

    python examples/word2vec/train_word2vec.py                # the embedded English corpus
    python examples/word2vec/train_word2vec.py --dataset ptb  # Penn Treebank, downloaded once
    python examples/word2vec/train_word2vec.py -m cbow -o ns --device @dask

The embedded corpus is the English of Python's own documentation (the standard library's
docstrings and the reference manual's topics, ``flexgrad.datasets.get_pydoc_words``).

Two models, as in the paper: skip-gram predicts each word within ``--window`` of a centre
word from the centre word's vector; CBOW predicts the centre word from the mean of its
neighbours' vectors. Predicting one word out of the vocabulary is the costly part, so
there are three output layers: a full softmax (``original``), hierarchical softmax over a
Huffman tree of the word counts (``hsm``) and negative sampling (``ns``). The loss is
reported per predicted word.

Writes into ``--out``: ``log``, ``loss.png``, snapshots, and ``word2vec.model`` (the text
format of the original word2vec: a header line, then a word and its vector per line). At
the end it prints the nearest neighbours of a few ``--query`` words by cosine similarity.
"""

import argparse
import os

import numpy as np

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.training import extensions


class SoftmaxOutput(flexgrad.Chain):
    """The exact output layer: a linear map to every word's logit, then softmax."""

    def __init__(self, n_units, n_vocab):
        super().__init__()
        with self.init_scope():
            self.logits = L.Linear(n_units, n_vocab, initialW=0)

    def forward(self, h, words):
        return F.softmax_cross_entropy(self.logits(h), words, reduce="no")


class Word2Vec(flexgrad.Chain):
    """The word vectors (``embed.W``) and an output layer ``output(h, words)`` that gives
    the loss of predicting ``words`` from the vectors ``h`` (summed or per word)."""

    def __init__(self, n_vocab, n_units, model, output):
        super().__init__()
        self.model = model
        with self.init_scope():
            self.embed = L.EmbedID(n_vocab, n_units,
                                   initialW=flexgrad.initializers.Uniform(1 / n_units))
            self.output = output

    def forward(self, centre, context):
        """The mean loss per predicted word of a batch: ``centre`` (B,) word ids and
        ``context`` (B, 2 * window) the words around each."""
        if self.model == "skipgram":
            batch_size, n_context = context.shape
            h = F.broadcast_to(self.embed(centre)[:, None, :],
                               (batch_size, n_context, self.embed.W.shape[1]))
            h, targets = F.reshape(h, (batch_size * n_context, -1)), F.flatten(context)
        else:
            h, targets = F.mean(self.embed(context), axis=1), centre
        loss = F.sum(self.output(h, targets)) / targets.shape[0]
        flexgrad.report({"loss": loss}, self)
        return loss


class ContextWindows:
    """A converter: a batch of positions in ``corpus`` -> the words there and, for each,
    the ``window`` words before it and the ``window`` after it."""

    def __init__(self, corpus, window):
        self.corpus = corpus
        self.offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])

    def __call__(self, batch, device):
        positions = np.asarray(batch)
        centre = self.corpus[positions]
        context = self.corpus[positions[:, None] + self.offsets]
        return device.send(centre), device.send(context)

    def positions(self):
        """Every position with a full window on both sides: the dataset to iterate."""
        window = len(self.offsets) // 2
        return np.arange(window, len(self.corpus) - window, dtype=np.int32)


def load_corpus(args):
    """``(train, valid, vocabulary, counts)``: int32 word ids, ``{word: id}`` and how often
    each id occurs in the whole training split (``--max-words`` cuts the splits after
    counting, so that no word's count is 0: Huffman would bury those words deep)."""
    if args.dataset == "embedded":
        train, valid, _ = flexgrad.datasets.get_pydoc_words(vocab_size=args.vocab)
        vocabulary = flexgrad.datasets.get_pydoc_words_vocabulary(vocab_size=args.vocab)
    else:
        train, valid, _ = flexgrad.datasets.get_ptb_words()
        vocabulary = flexgrad.datasets.get_ptb_words_vocabulary()
    counts = np.bincount(train, minlength=len(vocabulary)).tolist()
    if args.max_words:
        train, valid = train[:args.max_words], valid[:max(args.max_words // 10, 100)]
    return train, valid, vocabulary, counts


def make_output(kind, n_units, counts, negative_size):
    """The output layer ``output(h, words)``; ``counts`` are the word frequencies."""
    if kind == "hsm":
        tree = L.BinaryHierarchicalSoftmax.create_huffman_tree(dict(enumerate(counts)))
        return L.BinaryHierarchicalSoftmax(n_units, tree)
    if kind == "ns":
        return L.NegativeSampling(n_units, counts, negative_size)
    return SoftmaxOutput(n_units, len(counts))


def nearest_words(vectors, vocabulary, queries, n=5):
    """``{query: its n nearest words by cosine similarity}`` for the queries known."""
    words = {i: word for word, i in vocabulary.items()}
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    nearest = {}
    for query in queries:
        if query in vocabulary:
            similarity = unit @ unit[vocabulary[query]]
            ranked = [i for i in np.argsort(-similarity) if i != vocabulary[query]]
            nearest[query] = [words[i] for i in ranked[:n]]
    return nearest


def save_vectors(path, vectors, vocabulary):
    """The word2vec text format: ``<words> <units>``, then ``word v1 v2 ...`` per line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{len(vectors)} {vectors.shape[1]}\n")
        for word, i in sorted(vocabulary.items(), key=lambda item: item[1]):
            f.write(word + " " + " ".join(f"{v:.6g}" for v in vectors[i]) + "\n")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="flexgrad example: word2vec")
    parser.add_argument("--dataset", choices=("embedded", "ptb"), default="embedded",
                        help="embedded: Python's documentation, shipped (default); "
                        "ptb: the Penn Treebank, downloaded once")
    parser.add_argument("--vocab", type=int, default=10000,
                        help="vocabulary cap of the embedded corpus")
    parser.add_argument("--max-words", type=int, default=0,
                        help="train on the first N words only (and N // 10 to validate)")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict...")
    parser.add_argument("--model", "-m", choices=("skipgram", "cbow"), default="skipgram")
    parser.add_argument("--out-type", "-o", choices=("hsm", "ns", "original"), default="hsm",
                        help="output layer: hierarchical softmax, negative sampling, or "
                        "the full softmax")
    parser.add_argument("--negative-size", type=int, default=5,
                        help="negative samples per word (-o ns)")
    parser.add_argument("--unit", "-u", type=int, default=100, help="vector length")
    parser.add_argument("--window", "-w", type=int, default=5,
                        help="neighbours on each side of a centre word")
    parser.add_argument("--batchsize", "-b", type=int, default=1000)
    parser.add_argument("--epoch", "-e", type=int, default=10)
    parser.add_argument("--snapshot-interval", type=int, default=0,
                        help="epochs between snapshots (default: at the end only)")
    parser.add_argument("--query", default="file,list,error,thread,read",
                        help="comma-separated words whose neighbours to print at the end")
    parser.add_argument("--out", default="result")
    parser.add_argument("--resume", "-r", help="a trainer snapshot to continue from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noplot", dest="plot", action="store_false")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    train, valid, vocabulary, counts = load_corpus(args)
    n_vocab = len(vocabulary)
    print(f"{args.dataset}: {len(train)} training and {len(valid)} validation words, "
          f"{n_vocab} in the vocabulary; {args.model} with output {args.out_type}; "
          f"device {device}")

    output = make_output(args.out_type, args.unit, counts, args.negative_size)
    model = Word2Vec(n_vocab, args.unit, args.model, output)
    optimizer = flexgrad.optimizers.Adam().setup(model)
    train_windows = ContextWindows(train, args.window)
    valid_windows = ContextWindows(valid, args.window)
    train_iter = flexgrad.iterators.SerialIterator(train_windows.positions(), args.batchsize)
    valid_iter = flexgrad.iterators.SerialIterator(valid_windows.positions(), args.batchsize,
                                                   repeat=False, shuffle=False)
    updater = training.updaters.StandardUpdater(train_iter, optimizer,
                                                converter=train_windows, device=device)
    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    trainer.extend(extensions.Evaluator(valid_iter, model, converter=valid_windows,
                                        device=device))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(
        ["epoch", "main/loss", "validation/main/loss", "elapsed_time"]))
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(extensions.snapshot(filename="snapshot_epoch_{.updater.epoch}"),
                   trigger=(args.snapshot_interval or args.epoch, "epoch"))
    if args.plot:
        trainer.extend(extensions.PlotReport(["main/loss", "validation/main/loss"], "epoch",
                                             filename="loss.png"))
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()

    vectors = flexgrad.get_device("@numpy").send(model.embed.W.array)
    save_vectors(os.path.join(args.out, "word2vec.model"), vectors, vocabulary)
    for query, words in nearest_words(vectors, vocabulary, args.query.split(",")).items():
        print(f"nearest to {query!r}: {', '.join(words)}")


if __name__ == "__main__":
    main()
