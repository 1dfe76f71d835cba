#!/usr/bin/env python
"""Generate text with a model trained by ``train_ptb.py``, by weighted sampling.

    python examples/ptb/gentxt.py --model-file result/model.npz --primer "the module"
    python examples/ptb/gentxt.py --model-file result/snapshot_iter_2000 --temperature 0.7

The model reads the primer word by word, then each next word is drawn from its predicted
distribution sharpened (temperature < 1) or flattened (> 1), and fed back in. The same
``--seed`` gives the same text. ``<unk>`` is never drawn; ``<eos>`` ends a sentence.
"""

import argparse
import json
import os

import corpus
import nets
import numpy

import flexgrad

TRAINER_PREFIX = "updater/model:main/"  # where a trainer snapshot keeps the model


def load_model(model_file, settings):
    """The WindowLoss of ``train_ptb.py`` with the weights of ``model_file``: a model saved
    at the end of training, or a trainer snapshot taken during it."""
    model = nets.WindowLoss(nets.LanguageModel(settings["model"], settings["n_vocab"],
                                               settings["unit"]))
    with numpy.load(model_file) as saved:
        in_snapshot = any(key.startswith(TRAINER_PREFIX) for key in saved.files)
    flexgrad.serializers.load_npz(model_file, model, path=TRAINER_PREFIX if in_snapshot else "")
    return model.predictor


def next_word_probabilities(scores, temperature, unk):
    """The distribution to draw from, in float64 on the host; ``unk`` gets none."""
    logits = flexgrad.dataset.to_device("@numpy", scores.array)[0].astype(numpy.float64)
    logits = (logits - logits.max()) / temperature
    weights = numpy.exp(logits)
    weights[unk] = 0.0
    return weights / weights.sum()


def generate(predictor, primer_ids, length, temperature, unk, rng, device):
    """``length`` word ids drawn one at a time after reading ``primer_ids``."""
    predictor.reset_state()
    with flexgrad.no_backprop_mode(), flexgrad.using_config("train", False):
        for word in primer_ids:
            scores = predictor(device.send(numpy.asarray([word], dtype=numpy.int32)))
        drawn = []
        for _ in range(length):
            p = next_word_probabilities(scores, temperature, unk)
            word = int(rng.choice(len(p), p=p))
            drawn.append(word)
            scores = predictor(device.send(numpy.asarray([word], dtype=numpy.int32)))
    return drawn


def as_text(words):
    """Words joined by spaces, each ``<eos>`` a full stop that ends the line."""
    lines = [[]]
    for word in words:
        if word == "<eos>":
            lines[-1].append(".")
            lines.append([])
        else:
            lines[-1].append(word)
    return "\n".join(" ".join(line) for line in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-file", "-m", required=True,
                        help="model.npz or a trainer snapshot written by train_ptb.py")
    parser.add_argument("--settings", help="its model.json (default: the one beside it)")
    parser.add_argument("--primer", "-p", default="the",
                        help="the words to start from (unknown ones read <unk>)")
    parser.add_argument("--length", "-n", type=int, default=50, help="words to generate")
    parser.add_argument("--temperature", "-t", type=float, default=1.0,
                        help="below 1: likelier words; above 1: more varied ones")
    parser.add_argument("--seed", type=int, default=0, help="seeds the sampling")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict ...")
    args = parser.parse_args()
    if args.temperature <= 0:
        parser.error(f"--temperature must be positive, got {args.temperature}")

    settings_file = args.settings or os.path.join(os.path.dirname(args.model_file),
                                                  "model.json")
    with open(settings_file) as f:
        settings = json.load(f)
    vocab = corpus.vocabulary(settings["dataset"], settings["vocab_size"])
    words = {i: word for word, i in vocab.items()}
    device = flexgrad.get_device(args.device)
    predictor = load_model(args.model_file, settings)
    predictor.to_device(device)
    device.use()

    primer = args.primer.lower().split()
    primer_ids = [vocab.get(word, vocab["<unk>"]) for word in primer] or [vocab["<eos>"]]
    drawn = generate(predictor, primer_ids, args.length, args.temperature, vocab["<unk>"],
                     numpy.random.default_rng(args.seed), device)
    print(as_text(primer + [words[i] for i in drawn]))


if __name__ == "__main__":
    main()
