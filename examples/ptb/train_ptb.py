#!/usr/bin/env python
"""Train a word-level language model with truncated backpropagation through time.

    python examples/ptb/train_ptb.py --model rnn             # a hand-written SimpleRNN
    python examples/ptb/train_ptb.py --model lstm            # L.LSTM, the same budget
    python examples/ptb/train_ptb.py --dataset ptb           # Penn Treebank (download)
    python examples/ptb/train_ptb.py --device @dask          # the same on Dask
    python examples/ptb/gentxt.py --model-file result/model.npz --primer "the module"

The default corpus is embedded: the documentation of Python's own standard library
(``flexgrad.datasets.get_pydoc_words``), so no network is needed. Each epoch reports
the training and validation perplexity; the end reports the test perplexity. The output
folder gets the log, a plot, trainer snapshots, the model (``model.npz``) and its
settings (``model.json``, read by ``gentxt.py``).
"""

import argparse
import json
import math
import os

import corpus
import nets

import flexgrad
from flexgrad import training
from flexgrad.training import extensions


class TruncatedBPTTUpdater(training.updaters.StandardUpdater):
    """One window of ``bproplen`` steps an update; then the graph behind the state is cut
    (so backprop never runs further back than one window), and at each new epoch the
    state starts afresh."""

    def update_core(self):
        iterator = self.get_iterator("main")
        optimizer = self.get_optimizer("main")
        model = optimizer.target
        words, next_words = self.converter(iterator.next(), self.input_device)
        loss = model(words, next_words)
        model.cleargrads()
        loss.backward()
        loss.unchain_backward()
        optimizer.update()
        if iterator.is_new_epoch:
            model.reset_state()
            optimizer.new_epoch()


def add_perplexities(entry):
    """LogReport's postprocess: each mean cross entropy also as a perplexity."""
    for key, name in (("main/loss", "perplexity"), ("validation/main/loss", "val_perplexity")):
        if key in entry:
            entry[name] = math.exp(entry[key])


def evaluate_perplexity(model, windows, device):
    """The perplexity of ``model`` (a copy is run) over ``windows``, from a fresh state."""
    iterator = flexgrad.iterators.SerialIterator(windows, 1, repeat=False, shuffle=False)
    evaluator = extensions.Evaluator(iterator, model.copy(), corpus.send_window, device,
                                     eval_hook=reset_target_state)
    return math.exp(evaluator()["main/loss"])


def reset_target_state(evaluator):
    evaluator.get_target("main").reset_state()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(nets.RECURRENT_UNITS), default="lstm",
                        help="the recurrent unit: the hand-written SimpleRNN or L.LSTM")
    parser.add_argument("--dataset", choices=corpus.DATASETS, default="embedded",
                        help="embedded: Python's documentation (no network); ptb: Penn "
                        "Treebank")
    parser.add_argument("--vocab-size", type=int, default=10000,
                        help="the most words the embedded corpus keeps (the rest read <unk>)")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="learn from the first N words of each split only (0: all)")
    parser.add_argument("--unit", "-u", type=int, default=100, help="recurrent units")
    parser.add_argument("--batchsize", "-b", type=int, default=32,
                        help="parallel streams of text (training and evaluation)")
    parser.add_argument("--bproplen", "-l", type=int, default=35,
                        help="time steps backpropagated through (the window length)")
    parser.add_argument("--epoch", "-e", type=int, default=7, help="sweeps over the text")
    parser.add_argument("--stop", type=int, default=0, metavar="N",
                        help="stop after N updates instead (0: after --epoch epochs)")
    parser.add_argument("--lr", type=float, default=0.002, help="Adam's step size")
    parser.add_argument("--gradclip", "-c", type=float, default=5.0,
                        help="the largest L2 norm of the whole gradient")
    parser.add_argument("--dropout", type=float, default=0.0,
                        help="dropout ratio before and after the recurrent unit")
    parser.add_argument("--report-every", type=int, default=0, metavar="N",
                        help="log, validate and snapshot every N iterations (0: each epoch)")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict ...")
    parser.add_argument("--out", "-o", default="result", help="the output folder")
    parser.add_argument("--resume", "-r", help="a trainer snapshot to go on from")
    parser.add_argument("--seed", type=int, default=0, help="seeds weights and dropout")
    parser.add_argument("--noplot", dest="plot", action="store_false",
                        help="draw no plot")
    return parser.parse_args()


def main():
    args = parse_args()
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    splits = corpus.load(args.dataset, args.vocab_size)
    if args.limit:
        splits = [ids[:args.limit] for ids in splits]
    train, valid, test = splits
    n_vocab = len(corpus.vocabulary(args.dataset, args.vocab_size))
    print(f"{args.dataset}: {len(train)} / {len(valid)} / {len(test)} words in train / "
          f"valid / test, {n_vocab} in the vocabulary; {args.model}, device {device}")

    settings = {"model": args.model, "unit": args.unit, "n_vocab": n_vocab,
                "dataset": args.dataset, "vocab_size": args.vocab_size}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(settings, f, indent=1)

    model = nets.WindowLoss(nets.LanguageModel(args.model, n_vocab, args.unit, args.dropout))
    model.to_device(device)
    device.use()
    optimizer = flexgrad.optimizers.Adam(alpha=args.lr)
    optimizer.setup(model)
    optimizer.add_hook(flexgrad.optimizer_hooks.GradientClipping(args.gradclip))

    train_iter = flexgrad.iterators.SerialIterator(
        corpus.Windows(train, args.batchsize, args.bproplen), 1, shuffle=False)
    valid_iter = flexgrad.iterators.SerialIterator(
        corpus.Windows(valid, args.batchsize, args.bproplen), 1, repeat=False, shuffle=False)
    updater = TruncatedBPTTUpdater(train_iter, optimizer, corpus.send_window, device)
    length = (args.stop, "iteration") if args.stop else (args.epoch, "epoch")
    trainer = training.Trainer(updater, length, out=args.out)

    every = (args.report_every, "iteration") if args.report_every else (1, "epoch")
    trainer.extend(extensions.Evaluator(valid_iter, model.copy(), corpus.send_window, device,
                                        eval_hook=reset_target_state), trigger=every)
    trainer.extend(extensions.LogReport(trigger=every, postprocess=add_perplexities))
    trainer.extend(extensions.PrintReport(
        ["epoch", "iteration", "perplexity", "val_perplexity", "elapsed_time"]))
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(extensions.snapshot(n_retains=1), trigger=every)
    if args.plot and extensions.PlotReport.available():
        trainer.extend(extensions.PlotReport(["main/loss", "validation/main/loss"],
                                             every[1], trigger=every, file_name="loss.png"))
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()

    test_windows = corpus.Windows(test, args.batchsize, args.bproplen)
    print(f"test perplexity: {evaluate_perplexity(model, test_windows, device):.2f}")
    flexgrad.serializers.save_npz(os.path.join(args.out, "model.npz"), model)


if __name__ == "__main__":
    main()
