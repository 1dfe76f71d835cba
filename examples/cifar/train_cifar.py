#!/usr/bin/env python
"""Chainer's CIFAR example (a VGG trained by a Trainer), ported by changing its imports.

    python examples/cifar/train_cifar.py --device @cupy:0                  # downloads CIFAR-10
    python examples/cifar/train_cifar.py --dataset cifar100 --device @cupy:0
    python examples/cifar/train_cifar.py --synthetic 640 --base 4 --device @numpy

flexgrad's additions: ``--synthetic N`` trains on N images (and N // 5 for the test set)
of shape (3, 32, 32), each its class's random colour plus noise, so the script
runs, and learns, where CIFAR cannot be downloaded; ``--base`` sets the width of the VGG
(64 in Chainer), so a narrow copy of the same network trains in seconds on a CPU; and
``--seed`` seeds flexgrad's generators (initial weights, dropout, shuffling).

In so short a run (as the test's) the training loss falls, but the validation numbers
are no guide yet: BatchNormalization's running statistics lag the quickly moving weights.
"""
import argparse
import warnings

import models.VGG
import numpy as np

import flexgrad
import flexgrad.links as L
from flexgrad import training
from flexgrad.datasets import get_cifar10, get_cifar100
from flexgrad.training import extensions, triggers


def synthetic_cifar(n, class_labels, seed=0):
    """``(train, test)`` like ``get_cifar10()``'s: float32 images of shape (3, 32, 32) in
    [0, 1] and int32 labels (``n`` training and ``n // 5`` test examples). Each image is
    its class's random colour plus noise, which survives the VGG's dropout and pooling, so
    even a narrow copy learns in a few iterations."""
    rng = np.random.default_rng(seed)
    templates = rng.random((class_labels, 3, 1, 1), dtype=np.float32)

    def dataset(size):
        t = rng.integers(0, class_labels, size=size).astype(np.int32)
        noise = rng.normal(0.0, 0.3, (size, 3, 32, 32)).astype(np.float32)
        x = np.clip(templates[t] + noise, 0.0, 1.0)
        return flexgrad.datasets.TupleDataset(x, t)

    return dataset(n), dataset(max(1, n // 5))


def main():
    parser = argparse.ArgumentParser(description='flexgrad CIFAR example:')
    parser.add_argument('--dataset', default='cifar10',
                        help='The dataset to use: cifar10 or cifar100')
    parser.add_argument('--batchsize', '-b', type=int, default=64,
                        help='Number of images in each mini-batch')
    parser.add_argument('--learnrate', '-l', type=float, default=0.05,
                        help='Learning rate for SGD')
    parser.add_argument('--epoch', '-e', type=int, default=300,
                        help='Number of sweeps over the dataset to train')
    parser.add_argument('--device', '-d', type=str, default='0',
                        help='Device specifier: @numpy, @cupy:0, @dask, '
                        '@array_api_strict, or an integer (negative: NumPy, '
                        'non-negative: that CUDA device through CuPy)')
    parser.add_argument('--out', '-o', default='result',
                        help='Directory to output the result')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the training from snapshot')
    parser.add_argument('--early-stopping', type=str,
                        help='Metric to watch for early stopping')
    parser.add_argument('--synthetic', type=int, default=0, metavar='N',
                        help='Train on N synthetic 32x32 images instead of CIFAR '
                        '(no download)')
    parser.add_argument('--base', type=int, default=64,
                        help='Channels of the first VGG blocks (later ones have 2, 4 '
                        'and 8 times as many)')
    parser.add_argument('--seed', type=int, default=None,
                        help='Seed flexgrad\'s generators (initial weights, dropout, '
                        'shuffling)')
    group = parser.add_argument_group('deprecated arguments')
    group.add_argument('--gpu', '-g', dest='device',
                       type=int, nargs='?', const=0,
                       help='GPU ID (negative value indicates CPU)')
    args = parser.parse_args()
    if args.seed is not None:
        flexgrad.set_seed(args.seed)

    if flexgrad.get_dtype() == np.float16:
        warnings.warn(  # noqa: B028 (Chainer's line)
            'This example may cause NaN in FP16 mode.', RuntimeWarning)

    device = flexgrad.get_device(args.device)
    device.use()

    print(f'Device: {device}')
    print(f'# Minibatch-size: {args.batchsize}')
    print(f'# epoch: {args.epoch}')
    print('')

    # Set up a neural network to train.
    # Classifier reports softmax cross entropy loss and accuracy at every
    # iteration, which will be used by the PrintReport extension below.
    # flexgrad: --synthetic N replaces get_cifar10() / get_cifar100() by made-up images,
    # and --base sets the VGG's width (Chainer's VGG(class_labels) is base=64).
    if args.dataset == 'cifar10':
        print('Using CIFAR10 dataset.')
        class_labels = 10
        train, test = (synthetic_cifar(args.synthetic, class_labels) if args.synthetic
                       else get_cifar10())
    elif args.dataset == 'cifar100':
        print('Using CIFAR100 dataset.')
        class_labels = 100
        train, test = (synthetic_cifar(args.synthetic, class_labels) if args.synthetic
                       else get_cifar100())
    else:
        raise RuntimeError('Invalid dataset choice.')
    model = L.Classifier(models.VGG.VGG(class_labels, base=args.base))
    model.to_device(device)

    optimizer = flexgrad.optimizers.MomentumSGD(args.learnrate)
    optimizer.setup(model)
    optimizer.add_hook(flexgrad.optimizer_hooks.WeightDecay(5e-4))

    train_iter = flexgrad.iterators.SerialIterator(train, args.batchsize)
    test_iter = flexgrad.iterators.SerialIterator(test, args.batchsize,
                                                  repeat=False, shuffle=False)

    stop_trigger = (args.epoch, 'epoch')
    # Early stopping option
    if args.early_stopping:
        stop_trigger = triggers.EarlyStoppingTrigger(
            monitor=args.early_stopping, verbose=True,
            max_trigger=(args.epoch, 'epoch'))

    # Set up a trainer
    updater = training.updaters.StandardUpdater(
        train_iter, optimizer, device=device)
    trainer = training.Trainer(updater, stop_trigger, out=args.out)

    # Evaluate the model with the test dataset for each epoch
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))

    # Reduce the learning rate by half every 25 epochs.
    trainer.extend(extensions.ExponentialShift('lr', 0.5),
                   trigger=(25, 'epoch'))

    # Dump a computational graph from 'loss' variable at the first iteration
    # The "main" refers to the target link of the "main" optimizer.
    trainer.extend(extensions.DumpGraph('main/loss'))

    # Take a snapshot at each epoch
    trainer.extend(extensions.snapshot(
        filename='snaphot_epoch_{.updater.epoch}'))

    # Write a log of evaluation statistics for each epoch
    trainer.extend(extensions.LogReport())

    # Print selected entries of the log to stdout
    # Here "main" refers to the target link of the "main" optimizer again, and
    # "validation" refers to the default name of the Evaluator extension.
    # Entries other than 'epoch' are reported by the Classifier link, called by
    # either the updater or the evaluator.
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss',
         'main/accuracy', 'validation/main/accuracy', 'elapsed_time']))

    # Print a progress bar to stdout
    trainer.extend(extensions.ProgressBar())

    if args.resume is not None:
        # Resume from a snapshot
        flexgrad.serializers.load_npz(args.resume, trainer)

    # Run the training
    trainer.run()


if __name__ == '__main__':
    main()
