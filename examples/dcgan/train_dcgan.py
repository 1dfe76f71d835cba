#!/usr/bin/env python
"""A deep convolutional GAN (Radford et al., 2016) learns to draw handwritten digits.

    python examples/dcgan/train_dcgan.py                   # the 1,797 8x8 digits, no network
    python examples/dcgan/train_dcgan.py --dataset mnist   # MNIST, downloaded once
    python examples/dcgan/train_dcgan.py --device @dask --epoch 2

Two networks play against each other: the generator turns random codes into images
through transposed convolutions, and the discriminator, a small convolutional net, tells
them from the real ones. Each iteration updates the discriminator on a real and a fake
batch, then the generator through the discriminator's verdict on the same fakes.

A GAN's losses do not fall as it learns, so the example also reports ``gen/gap``: how far
the fakes' per-pixel mean and standard deviation are from a real batch's (0 for a perfect
imitation of those statistics; it falls as the generator learns the digits' layout).

Writes into ``--out``: ``log``, ``loss.png`` (both losses), ``gap.png``, a grid of
generated digits ``preview/iter_<N>.png`` and a snapshot every ``--snapshot_interval``
iterations and at the end.
"""

import argparse
import math
import os

import numpy as np

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.training import extensions


class Generator(flexgrad.Chain):
    """A code of ``n_hidden`` numbers -> ``ch`` maps of a quarter of the image's side ->
    two transposed convolutions, each doubling the side -> one channel in [0, 1]."""

    def __init__(self, n_hidden, image_side, ch):
        super().__init__()
        self.n_hidden, self.ch, self.bottom = n_hidden, ch, image_side // 4
        init = flexgrad.initializers.Normal(0.02)
        with self.init_scope():
            self.project = L.Linear(n_hidden, ch * self.bottom ** 2, initialW=init)
            self.project_norm = L.BatchNormalization(ch * self.bottom ** 2)
            self.up1 = L.Deconvolution2D(ch, ch // 2, 4, stride=2, pad=1, initialW=init)
            self.up1_norm = L.BatchNormalization(ch // 2)
            self.up2 = L.Deconvolution2D(ch // 2, 1, 4, stride=2, pad=1, initialW=init)

    def forward(self, z):
        h = F.relu(self.project_norm(self.project(z)))
        h = F.reshape(h, (z.shape[0], self.ch, self.bottom, self.bottom))
        h = F.relu(self.up1_norm(self.up1(h)))
        return F.sigmoid(self.up2(h))


class Discriminator(flexgrad.Chain):
    """Two strided convolutions halve the side twice; a linear layer gives one logit,
    positive for images the network takes for real."""

    def __init__(self, ch):
        super().__init__()
        init = flexgrad.initializers.Normal(0.02)
        with self.init_scope():
            self.down1 = L.Convolution2D(1, ch // 2, 4, stride=2, pad=1, initialW=init)
            self.down2 = L.Convolution2D(ch // 2, ch, 4, stride=2, pad=1, initialW=init)
            self.down2_norm = L.BatchNormalization(ch)
            self.logit = L.Linear(None, 1, initialW=init)

    def forward(self, x):
        h = F.leaky_relu(self.down1(x))
        h = F.leaky_relu(self.down2_norm(self.down2(h)))
        return self.logit(h)


class GANUpdater(training.updaters.StandardUpdater):
    """One step of each player on ``device``. Optimizers are named ``'gen'`` and ``'dis'``."""

    def __init__(self, iterator, optimizers, device, seed=0):
        super().__init__(iterator, optimizers, device=device)
        self.seed = seed

    def draw_codes(self, n):
        """``n`` codes drawn by NumPy from the seed and the iteration count alone, so that
        a resumed run draws what the unstopped run drew, on any device."""
        n_hidden = self.get_optimizer("gen").target.n_hidden
        generator = np.random.default_rng([self.seed, self.iteration])
        return self.device.send(generator.standard_normal((n, n_hidden)).astype(np.float32))

    def update_core(self):
        gen_optimizer, dis_optimizer = self.get_optimizer("gen"), self.get_optimizer("dis")
        gen, dis = gen_optimizer.target, dis_optimizer.target
        real = self.converter(self.get_iterator("main").next(), self.device)
        fake = gen(self.draw_codes(real.shape[0]))
        real_logit, fake_logit = dis(real), dis(fake)

        # Both losses hang from fake_logit. flexgrad frees a graph as backward walks it, so
        # the first backward keeps it for the second (Chainer kept every graph).
        with flexgrad.using_config("retain_graph", True):
            dis_optimizer.update(discriminator_loss, dis, real_logit, fake_logit)
        gen_optimizer.update(generator_loss, gen, fake_logit)
        with flexgrad.no_backprop_mode():
            flexgrad.report({"gap": statistics_gap(fake, real)}, gen)


def discriminator_loss(dis, real_logit, fake_logit):
    """Cross entropy of calling real images real and fakes fake (softplus(-l) = -log
    sigmoid(l))."""
    loss = F.mean(F.softplus(-real_logit)) + F.mean(F.softplus(fake_logit))
    flexgrad.report({"loss": loss}, dis)
    return loss


def generator_loss(gen, fake_logit):
    """Cross entropy of the discriminator calling the fakes real."""
    loss = F.mean(F.softplus(-fake_logit))
    flexgrad.report({"loss": loss}, gen)
    return loss


def statistics_gap(fake, real):
    """Mean absolute difference of the per-pixel mean plus that of the per-pixel
    standard deviation, fakes against reals."""
    fake, real = flexgrad.as_variable(fake), flexgrad.as_variable(real)

    def gap(statistic):
        return F.mean(F.absolute(statistic(fake, axis=0) - statistic(real, axis=0)))

    def std(x, axis):
        return F.sqrt(F.mean(F.square(x - F.mean(x, axis=axis, keepdims=True)), axis=axis))

    return gap(F.mean) + gap(std)


def load_images(name):
    """Training images of shape (1, side, side), pixels in [0, 1]."""
    if name == "digits":
        train, _ = flexgrad.datasets.get_digits(withlabel=False, ndim=3)
    else:
        train, _ = flexgrad.datasets.get_mnist(withlabel=False, ndim=3)
    return train


def preview(gen, device, out, rows=10, seed=0):
    """An extension: a ``rows`` x ``rows`` grid of digits generated from fixed codes."""
    codes = np.random.default_rng(seed).standard_normal(
        (rows * rows, gen.n_hidden)).astype(np.float32)

    @training.make_extension()
    def write_preview(trainer):
        from matplotlib.figure import Figure

        with flexgrad.using_config("train", False), flexgrad.no_backprop_mode():
            images = flexgrad.get_device("@numpy").send(gen(device.send(codes)).array)
        tiles = np.pad(images[:, 0], ((0, 0), (1, 1), (1, 1)))  # a blank line between
        side = tiles.shape[-1]
        grid = tiles.reshape(rows, rows, side, side).transpose(0, 2, 1, 3)
        figure = Figure(figsize=(4, 4))
        ax = figure.add_axes((0, 0, 1, 1))
        ax.imshow(grid.reshape(rows * side, rows * side), cmap="gray_r", vmin=0, vmax=1,
                  interpolation="nearest")
        ax.axis("off")
        os.makedirs(os.path.join(out, "preview"), exist_ok=True)
        figure.savefig(os.path.join(out, "preview", f"iter_{trainer.updater.iteration}.png"))

    return write_preview


def snapshot_points(epochs, n_images, batch_size, interval):
    """The iterations to snapshot at: every ``interval``, and the last one."""
    last = math.ceil(epochs * n_images / batch_size)
    return sorted({*range(interval, last, interval), last})


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="flexgrad example: a DCGAN on digits")
    parser.add_argument("--dataset", choices=("digits", "mnist"), default="digits",
                        help="digits: scikit-learn's 8x8 digits, shipped (default); "
                        "mnist: 28x28, downloaded once")
    parser.add_argument("--device", "-d", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict...")
    parser.add_argument("--batchsize", "-b", type=int, default=50)
    parser.add_argument("--epoch", "-e", type=int, default=100)
    parser.add_argument("--alpha", type=float, default=2e-4, help="Adam's learning rate")
    parser.add_argument("--n_hidden", "-n", type=int, default=32, help="length of a code")
    parser.add_argument("--ch", type=int, default=64,
                        help="channels of the widest layer of both networks")
    parser.add_argument("--display_interval", type=int, default=100,
                        help="iterations between log lines")
    parser.add_argument("--snapshot_interval", type=int, default=1000,
                        help="iterations between snapshots and previews")
    parser.add_argument("--out", "-o", default="result")
    parser.add_argument("--resume", "-r", help="a trainer snapshot to continue from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noplot", dest="plot", action="store_false",
                        help="write no plots and no previews")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    train = load_images(args.dataset)
    print(f"{args.dataset}: {len(train)} images of {train.shape[1:]}; device {device}")

    gen = Generator(args.n_hidden, train.shape[-1], args.ch)
    dis = Discriminator(args.ch)
    optimizers = {}
    for name, model in (("gen", gen), ("dis", dis)):
        optimizers[name] = flexgrad.optimizers.Adam(alpha=args.alpha, beta1=0.5).setup(model)
        optimizers[name].add_hook(flexgrad.optimizer_hooks.WeightDecay(1e-4))
    train_iter = flexgrad.iterators.SerialIterator(train, args.batchsize)
    updater = GANUpdater(train_iter, optimizers, device=device, seed=args.seed)

    trainer = training.Trainer(updater, (args.epoch, "epoch"), out=args.out)
    display = (args.display_interval, "iteration")
    points = snapshot_points(args.epoch, len(train), args.batchsize, args.snapshot_interval)

    def snapshot():
        return training.triggers.ManualScheduleTrigger(points, "iteration")

    trainer.extend(extensions.LogReport(trigger=display))
    trainer.extend(extensions.PrintReport(
        ["epoch", "iteration", "gen/loss", "dis/loss", "gen/gap", "elapsed_time"]),
        trigger=display)
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(extensions.snapshot(filename="snapshot_iter_{.updater.iteration}"),
                   trigger=snapshot())
    if args.plot:
        trainer.extend(extensions.PlotReport(["gen/loss", "dis/loss"], "iteration",
                                             trigger=display, filename="loss.png"))
        trainer.extend(extensions.PlotReport(["gen/gap"], "iteration", trigger=display,
                                             filename="gap.png"))
        trainer.extend(preview(gen, device, args.out, seed=args.seed), trigger=snapshot())
    if args.resume:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()


if __name__ == "__main__":
    main()
