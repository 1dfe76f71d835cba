#!/usr/bin/env python
"""A variational autoencoder (Kingma and Welling, 2014) learns to draw handwritten digits.

    python examples/vae/train_vae.py                      # the 1,797 8x8 digits, no network
    python examples/vae/train_vae.py --dataset mnist      # MNIST, downloaded once
    python examples/vae/train_vae.py --device @dask --epoch 5

The encoder maps an image to a diagonal Gaussian over a short latent code; a code drawn
from it with the reparameterization trick (``F.gaussian``) goes through the decoder to a
Bernoulli logit per pixel. The loss is the negative evidence lower bound of an image: how
badly the decoder explains it (``F.bernoulli_nll``) plus how far its code's Gaussian is
from the prior N(0, I) (``F.gaussian_kl_divergence``).

Writes into ``--out``: ``log`` (JSON), ``loss.png`` (both losses per epoch), ``digits.png``
(test images, their reconstructions, and digits decoded from codes drawn from the prior)
and the final trainer snapshot, which ``--resume`` continues from.
"""

import argparse
import os

import numpy as np

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.training import extensions


class VAE(flexgrad.Chain):
    """An MLP encoder to (mean, log variance) of the code, an MLP decoder to pixel logits."""

    def __init__(self, n_pixels, n_hidden, n_latent, beta=1.0):
        super().__init__()
        self.beta = beta
        with self.init_scope():
            self.encoder_hidden = L.Linear(n_pixels, n_hidden)
            self.encoder_mean = L.Linear(n_hidden, n_latent)
            self.encoder_ln_var = L.Linear(n_hidden, n_latent)
            self.decoder_hidden = L.Linear(n_latent, n_hidden)
            self.decoder_logits = L.Linear(n_hidden, n_pixels)

    def encode(self, x):
        h = F.tanh(self.encoder_hidden(x))
        return self.encoder_mean(h), self.encoder_ln_var(h)

    def decode(self, z):
        return self.decoder_logits(F.tanh(self.decoder_hidden(z)))

    def forward(self, x):
        """The negative ELBO per image, reported with its two terms."""
        mean, ln_var = self.encode(x)
        batch_size = x.shape[0]
        reconstruction = F.bernoulli_nll(x, self.decode(F.gaussian(mean, ln_var))) / batch_size
        kl = F.gaussian_kl_divergence(mean, ln_var) / batch_size
        loss = reconstruction + self.beta * kl
        flexgrad.report({"loss": loss, "reconstruction": reconstruction, "kl": kl}, self)
        return loss


def load_images(name):
    """``(train, test)`` float32 arrays of flattened images with pixels in [0, 1]."""
    if name == "digits":
        return flexgrad.datasets.get_digits(withlabel=False)
    return flexgrad.datasets.get_mnist(withlabel=False)


def save_digits(model, test, device, path, n=10):
    """A grid: ``n`` test images, their reconstructions from the code's mean, and ``n``
    images decoded from codes drawn from the prior."""
    from matplotlib.figure import Figure

    cpu = flexgrad.get_device("@numpy")
    n_latent = model.encoder_mean.out_size
    prior_codes = np.random.default_rng(0).standard_normal((n, n_latent)).astype(np.float32)
    with flexgrad.using_config("train", False), flexgrad.no_backprop_mode():
        mean, _ = model.encode(device.send(test[:n]))
        rows = {"test": test[:n],
                "reconstructed": cpu.send(F.sigmoid(model.decode(mean)).array),
                "sampled": cpu.send(F.sigmoid(model.decode(device.send(prior_codes))).array)}
    side = int(round(test.shape[1] ** 0.5))
    figure = Figure(figsize=(n, len(rows) + 0.5))
    axes = figure.subplots(len(rows), n, squeeze=False)
    for row_axes, (title, images) in zip(axes, rows.items(), strict=True):
        row_axes[0].set_title(title, loc="left", fontsize=9)
        for ax, image in zip(row_axes, images, strict=True):
            ax.imshow(image.reshape(side, side), cmap="gray_r", vmin=0, vmax=1)
            ax.axis("off")
    figure.savefig(path)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="flexgrad example: a VAE on digits")
    parser.add_argument("--dataset", choices=("digits", "mnist"), default="digits",
                        help="digits: scikit-learn's 8x8 digits, shipped (default); "
                        "mnist: 28x28, downloaded once")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict...")
    parser.add_argument("--epoch", "-e", type=int, default=100)
    parser.add_argument("--batch-size", "-b", type=int, default=100)
    parser.add_argument("--dim-h", type=int, default=200, help="hidden units")
    parser.add_argument("--dim-z", "-z", type=int, default=8, help="latent dimensions")
    parser.add_argument("--beta", type=float, default=1.0, help="weight of the KL term")
    parser.add_argument("--alpha", type=float, default=1e-3, help="Adam's learning rate")
    parser.add_argument("--out", "-o", default="result")
    parser.add_argument("--resume", "-r", help="a trainer snapshot to continue from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noplot", dest="plot", action="store_false",
                        help="write no loss.png and no digits.png")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    train, test = load_images(args.dataset)
    print(f"{args.dataset}: {len(train)} training and {len(test)} test images of "
          f"{train.shape[1]} pixels; device {device}")

    model = VAE(train.shape[1], args.dim_h, args.dim_z, args.beta)
    optimizer = flexgrad.optimizers.Adam(alpha=args.alpha).setup(model)
    train_iter = flexgrad.iterators.SerialIterator(train, args.batch_size)
    test_iter = flexgrad.iterators.SerialIterator(test, args.batch_size, repeat=False,
                                                  shuffle=False)
    updater = training.updaters.StandardUpdater(train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(
        ["epoch", "main/loss", "validation/main/loss", "validation/main/reconstruction",
         "validation/main/kl", "elapsed_time"]))
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(extensions.snapshot(), trigger=(args.epoch, "epoch"))
    if args.plot:
        trainer.extend(extensions.PlotReport(["main/loss", "validation/main/loss"], "epoch",
                                             filename="loss.png"))
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()
    if args.plot:
        save_digits(model, test, device, os.path.join(args.out, "digits.png"))


if __name__ == "__main__":
    main()
