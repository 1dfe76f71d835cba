#!/usr/bin/env python
"""Chainer's VAE example (examples/vae/train_vae.py), ported by changing its imports.

    python examples/vae/train_vae.py --epoch 100                # downloads MNIST once
    python examples/vae/train_vae.py --synthetic 1000 --noplot  # no network
    python examples/vae/train_vae.py --device @dask --test      # the same on Dask

``--synthetic N``, ``--seed`` and ``--noplot`` are flexgrad's additions: N binarized
MNIST-shaped images, noisy copies of ten random blob templates (and N // 6 for the test
set), so the script runs, and its loss falls, where MNIST cannot be downloaded.
"""
import argparse
import os

import net
import numpy as np

import flexgrad as chainer
from flexgrad import training
from flexgrad.training import extensions


def synthetic_binary_mnist(n, seed=0):
    """``(train, test)`` like binarized ``get_mnist(withlabel=False)``: float32 arrays of
    784 pixels in {0, 1}, ``n`` and ``n // 6`` of them. Each image is one of ten random
    blob templates with 5% of its pixels flipped, so a VAE can learn them."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:28, :28]
    centers = rng.uniform(6, 22, (10, 3, 2))
    distance = np.min(np.hypot(yy - centers[..., :1, None], xx - centers[..., 1:, None]),
                      axis=1)
    templates = (distance < 5).reshape(10, 784)

    def dataset(size):
        t = rng.integers(0, 10, size=size)
        flip = rng.random((size, 784)) < 0.05
        return (templates[t] ^ flip).astype(np.float32)

    return dataset(n), dataset(max(1, n // 6))


def main():
    parser = argparse.ArgumentParser(description='flexgrad example: VAE')
    parser.add_argument('--initmodel', '-m', type=str,
                        help='Initialize the model from given file')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the optimization from snapshot')
    parser.add_argument('--device', '-d', type=str, default='-1',
                        help='Device specifier: @numpy, @cupy:0, @dask, '
                        '@array_api_strict, or an integer (negative: NumPy, '
                        'non-negative: that CUDA device through CuPy)')
    parser.add_argument('--out', '-o', default='results',
                        help='Directory to output the result')
    parser.add_argument('--epoch', '-e', default=100, type=int,
                        help='number of epochs to learn')
    parser.add_argument('--dim-z', '-z', default=20, type=int,
                        help='dimention of encoded vector')
    parser.add_argument('--dim-h', default=500, type=int,
                        help='dimention of hidden layer')
    parser.add_argument('--beta', default=1.0, type=float,
                        help='Regularization coefficient for '
                             'the second term of ELBO bound')
    parser.add_argument('--k', '-k', default=1, type=int,
                        help='Number of Monte Carlo samples used in '
                             'encoded vector')
    parser.add_argument('--binary', action='store_true',
                        help='Use binarized MNIST')
    parser.add_argument('--batch-size', '-b', type=int, default=100,
                        help='learning minibatch size')
    parser.add_argument('--test', action='store_true',
                        help='Use tiny datasets for quick tests')
    parser.add_argument('--noplot', dest='plot', action='store_false',
                        help='Do not save the reconstructed and sampled images')
    parser.add_argument('--synthetic', type=int, default=0, metavar='N',
                        help='Train on N synthetic binarized MNIST-shaped images '
                        'instead of MNIST (no download)')
    parser.add_argument('--seed', type=int, default=None,
                        help='Seed flexgrad\'s generators (initial weights, '
                        'shuffling, samples of z)')
    args = parser.parse_args()
    if args.seed is not None:
        chainer.set_seed(args.seed)

    device = chainer.get_device(args.device)
    device.use()

    print(f'Device: {device}')
    print(f'# dim z: {args.dim_z}')
    print(f'# Minibatch-size: {args.batch_size}')
    print(f'# epoch: {args.epoch}')
    print('')

    # Prepare VAE model, defined in net.py
    encoder = net.make_encoder(784, args.dim_z, args.dim_h)
    decoder = net.make_decoder(784, args.dim_z, args.dim_h,
                               binary_check=args.binary)
    prior = net.make_prior(args.dim_z)
    avg_elbo_loss = net.AvgELBOLoss(encoder, decoder, prior,
                                    beta=args.beta, k=args.k)
    avg_elbo_loss.to_device(device)

    # Setup an optimizer
    optimizer = chainer.optimizers.Adam()
    optimizer.setup(avg_elbo_loss)

    # Initialize
    if args.initmodel is not None:
        chainer.serializers.load_npz(args.initmodel, avg_elbo_loss)

    # Load the MNIST dataset
    if args.synthetic > 0:
        train, test = synthetic_binary_mnist(args.synthetic)
    else:
        train, test = chainer.datasets.get_mnist(withlabel=False)

    if args.binary:
        # Binarize dataset
        train = (train >= 0.5).astype(np.float32)
        test = (test >= 0.5).astype(np.float32)

    if args.test:
        train, _ = chainer.datasets.split_dataset(train, 100)
        test, _ = chainer.datasets.split_dataset(test, 100)

    train_iter = chainer.iterators.SerialIterator(train, args.batch_size)
    test_iter = chainer.iterators.SerialIterator(test, args.batch_size,
                                                 repeat=False, shuffle=False)

    # Set up an updater. StandardUpdater can explicitly specify a loss function
    # used in the training with 'loss_func' option
    updater = training.updaters.StandardUpdater(
        train_iter, optimizer, device=device, loss_func=avg_elbo_loss)

    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)
    trainer.extend(extensions.Evaluator(
        test_iter, avg_elbo_loss, device=device))
    trainer.extend(extensions.DumpGraph('main/loss'))
    trainer.extend(extensions.snapshot(), trigger=(args.epoch, 'epoch'))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss',
         'main/reconstr', 'main/kl_penalty', 'elapsed_time']))
    trainer.extend(extensions.ProgressBar())

    if args.resume is not None:
        chainer.serializers.load_npz(args.resume, trainer)

    # Run the training
    trainer.run()

    if not args.plot:
        return

    # Visualize the results
    def save_images(x, filename):
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(3, 3, figsize=(9, 9), dpi=100)
        for ai, xi in zip(ax.flatten(), x, strict=False):
            ai.imshow(xi.reshape(28, 28))
        fig.savefig(filename)
        plt.close(fig)

    avg_elbo_loss.to_cpu()
    train_ind = [1, 3, 5, 10, 2, 0, 13, 15, 17]
    x = chainer.Variable(np.asarray(train[train_ind]))
    with chainer.using_config('train', False), chainer.no_backprop_mode():
        x1 = decoder(encoder(x).mean, inference=True).mean
    save_images(x.array, os.path.join(args.out, 'train'))
    save_images(x1.array, os.path.join(args.out, 'train_reconstructed'))

    test_ind = [3, 2, 1, 18, 4, 8, 11, 17, 61]
    x = chainer.Variable(np.asarray(test[test_ind]))
    with chainer.using_config('train', False), chainer.no_backprop_mode():
        x1 = decoder(encoder(x).mean, inference=True).mean
    save_images(x.array, os.path.join(args.out, 'test'))
    save_images(x1.array, os.path.join(args.out, 'test_reconstructed'))

    # draw images from randomly sampled z
    z = prior().sample(9)
    x = decoder(z, inference=True).mean
    save_images(x.array, os.path.join(args.out, 'sampled'))


if __name__ == '__main__':
    main()
