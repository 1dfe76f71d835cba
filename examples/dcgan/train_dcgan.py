#!/usr/bin/env python
"""Chainer's DCGAN example (examples/dcgan/train_dcgan.py), ported by changing its imports.

    python examples/dcgan/train_dcgan.py --epoch 1000           # downloads CIFAR-10 once
    python examples/dcgan/train_dcgan.py --synthetic 500 --ch 64   # no network

``--synthetic N`` and ``--ch`` are flexgrad's additions: N CIFAR-shaped images (3 x 32
x 32, values in [0, 255] like ``get_cifar10(withlabel=False, scale=255.)``), each a few
coloured blobs on a dark background, so the script runs where CIFAR-10 cannot be
downloaded; ``--ch`` sets the width of both networks (Chainer's 512 by default).
Chainer's ``--seed`` (the seed of z for the preview images) also seeds flexgrad's
generators and NumPy's global one, which ``make_hidden`` and ``add_noise`` draw from.
The flexgrad-specific lines are in updater.py (the graph both losses share), net.py
(noise dtype) and visualize.py (matplotlib instead of PIL).

Backends: NumPy (tested) and CuPy, whose namespaces carry Chainer's ``xp.random.randn``;
on ``@dask`` and ``@array_api_strict`` ``add_noise`` stops there, since the Array API
has no random module (flexgrad draws through its backends' generators instead).
"""
import argparse
import os
import warnings

import numpy
from net import Discriminator, Generator
from updater import DCGANUpdater
from visualize import out_generated_image

import flexgrad as chainer
from flexgrad import training
from flexgrad.training import extensions


def synthetic_images(n, seed=0):
    """``n`` float32 images of shape (3, 32, 32) in [0, 255]: two to four soft blobs of
    random colours on a dark background, learnable structure for a GAN."""
    rng = numpy.random.default_rng(seed)
    yy, xx = numpy.mgrid[:32, :32]
    images = numpy.full((n, 3, 32, 32), 20.0, numpy.float32)
    for image in images:
        for _ in range(rng.integers(2, 5)):
            cy, cx = rng.uniform(6, 26, 2)
            mask = numpy.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 3.0 ** 2))
            colour = rng.uniform(80, 235, 3)
            image += colour[:, None, None] * mask
    return numpy.clip(images, 0, 255).astype(numpy.float32)


def main():
    parser = argparse.ArgumentParser(description='flexgrad example: DCGAN')
    parser.add_argument('--batchsize', '-b', type=int, default=50,
                        help='Number of images in each mini-batch')
    parser.add_argument('--epoch', '-e', type=int, default=1000,
                        help='Number of sweeps over the dataset to train')
    parser.add_argument('--device', '-d', type=str, default='-1',
                        help='Device specifier: @numpy, @cupy:0, @dask, '
                        '@array_api_strict, or an integer (negative: NumPy, '
                        'non-negative: that CUDA device through CuPy)')
    parser.add_argument('--dataset', '-i', default='',
                        help='Directory of image files.  Default is cifar-10.')
    parser.add_argument('--out', '-o', default='result',
                        help='Directory to output the result')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the training from snapshot')
    parser.add_argument('--n_hidden', '-n', type=int, default=100,
                        help='Number of hidden units (z)')
    parser.add_argument('--seed', type=int, default=0,
                        help='Random seed of z at visualization stage (in flexgrad '
                        'also of the weights, shuffling, z and noise in training)')
    parser.add_argument('--snapshot_interval', type=int, default=1000,
                        help='Interval of snapshot')
    parser.add_argument('--display_interval', type=int, default=100,
                        help='Interval of displaying log to console')
    parser.add_argument('--ch', type=int, default=512,
                        help='Channels of the widest layer of both networks')
    parser.add_argument('--synthetic', type=int, default=0, metavar='N',
                        help='Train on N synthetic CIFAR-shaped images instead of '
                        'CIFAR-10 (no download)')
    group = parser.add_argument_group('deprecated arguments')
    group.add_argument('--gpu', '-g', dest='device',
                       type=int, nargs='?', const=0,
                       help='GPU ID (negative value indicates CPU)')
    args = parser.parse_args()
    # flexgrad: Chainer seeded nothing for training; this makes runs repeatable.
    chainer.set_seed(args.seed)
    numpy.random.seed(args.seed)

    if chainer.get_dtype() == numpy.float16:
        warnings.warn(
            'This example may cause NaN in FP16 mode.', RuntimeWarning,
            stacklevel=1)

    device = chainer.get_device(args.device)
    device.use()

    print(f'Device: {device}')
    print(f'# Minibatch-size: {args.batchsize}')
    print(f'# n_hidden: {args.n_hidden}')
    print(f'# epoch: {args.epoch}')
    print('')

    # Set up a neural network to train
    gen = Generator(n_hidden=args.n_hidden, ch=args.ch)
    dis = Discriminator(ch=args.ch)

    gen.to_device(device)  # Copy the model to the device
    dis.to_device(device)

    # Setup an optimizer
    def make_optimizer(model, alpha=0.0002, beta1=0.5):
        optimizer = chainer.optimizers.Adam(alpha=alpha, beta1=beta1)
        optimizer.setup(model)
        optimizer.add_hook(
            chainer.optimizer_hooks.WeightDecay(0.0001), 'hook_dec')
        return optimizer

    opt_gen = make_optimizer(gen)
    opt_dis = make_optimizer(dis)

    if args.synthetic > 0:
        train = synthetic_images(args.synthetic)
    elif args.dataset == '':
        # Load the CIFAR10 dataset if args.dataset is not specified
        train, _ = chainer.datasets.get_cifar10(withlabel=False, scale=255.)
    else:
        # flexgrad: datasets.ImageDataset is not there yet (README), so this
        # Chainer branch raises AttributeError.
        all_files = os.listdir(args.dataset)
        image_files = [f for f in all_files if ('png' in f or 'jpg' in f)]
        print(f'{args.dataset} contains {len(image_files)} image files')
        train = chainer.datasets\
            .ImageDataset(paths=image_files, root=args.dataset)

    # Setup an iterator
    train_iter = chainer.iterators.SerialIterator(train, args.batchsize)

    # Setup an updater
    updater = DCGANUpdater(
        models=(gen, dis),
        iterator=train_iter,
        optimizer={
            'gen': opt_gen, 'dis': opt_dis},
        device=device)

    # Setup a trainer
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)

    snapshot_interval = (args.snapshot_interval, 'iteration')
    display_interval = (args.display_interval, 'iteration')
    trainer.extend(
        extensions.snapshot(filename='snapshot_iter_{.updater.iteration}.npz'),
        trigger=snapshot_interval)
    trainer.extend(extensions.snapshot_object(
        gen, 'gen_iter_{.updater.iteration}.npz'), trigger=snapshot_interval)
    trainer.extend(extensions.snapshot_object(
        dis, 'dis_iter_{.updater.iteration}.npz'), trigger=snapshot_interval)
    trainer.extend(extensions.LogReport(trigger=display_interval))
    trainer.extend(extensions.PrintReport([
        'epoch', 'iteration', 'gen/loss', 'dis/loss',
    ]), trigger=display_interval)
    trainer.extend(extensions.ProgressBar(update_interval=10))
    trainer.extend(
        out_generated_image(
            gen, dis,
            10, 10, args.seed, args.out),
        trigger=snapshot_interval)

    if args.resume is not None:
        # Resume from a snapshot
        chainer.serializers.load_npz(args.resume, trainer)

    # Run the training
    trainer.run()


if __name__ == '__main__':
    main()
