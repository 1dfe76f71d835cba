#!/usr/bin/env python
"""Sample script of word embedding model.

This code implements skip-gram model and continuous-bow model.

Chainer's word2vec example, ported by changing its imports:

    python examples/word2vec/train_word2vec.py --out-type ns       # downloads PTB once
    python examples/word2vec/train_word2vec.py --synthetic 20000   # a made-up corpus
    python examples/word2vec/train_word2vec.py -m cbow -o original --device @cupy:0

``--synthetic N`` and ``--seed`` are flexgrad's additions. ``--synthetic N`` trains on N
words (and N // 10 for validation) of a corpus with co-occurrence structure: the
vocabulary is split into topics, and the text is runs of words from one topic, so the
words around a word tell which topic it belongs to, and the loss falls.
"""
import argparse
import collections
import os
import warnings

import numpy as np

import flexgrad
import flexgrad.functions as F
import flexgrad.initializers as I
import flexgrad.links as L
import flexgrad.optimizers as O
from flexgrad import reporter, training
from flexgrad.backends import cuda
from flexgrad.training import extensions


class ContinuousBoW(flexgrad.Chain):
    """Definition of Continuous Bag of Words Model"""

    def __init__(self, n_vocab, n_units, loss_func):
        super().__init__()

        with self.init_scope():
            self.embed = L.EmbedID(
                n_vocab, n_units, initialW=I.Uniform(1. / n_units))
            self.loss_func = loss_func

    def forward(self, x, contexts):
        e = self.embed(contexts)
        h = F.sum(e, axis=1) * (1. / contexts.shape[1])
        loss = self.loss_func(h, x)
        reporter.report({'loss': loss}, self)
        return loss


class SkipGram(flexgrad.Chain):
    """Definition of Skip-gram Model"""

    def __init__(self, n_vocab, n_units, loss_func):
        super().__init__()

        with self.init_scope():
            self.embed = L.EmbedID(
                n_vocab, n_units, initialW=I.Uniform(1. / n_units))
            self.loss_func = loss_func

    def forward(self, x, contexts):
        e = self.embed(contexts)
        batch_size, n_context, n_units = e.shape
        x = F.broadcast_to(x[:, None], (batch_size, n_context))
        e = F.reshape(e, (batch_size * n_context, n_units))
        x = F.reshape(x, (batch_size * n_context,))
        loss = self.loss_func(e, x)
        reporter.report({'loss': loss}, self)
        return loss


class SoftmaxCrossEntropyLoss(flexgrad.Chain):
    """Softmax cross entropy loss function preceded by linear transformation.

    """

    def __init__(self, n_in, n_out):
        super().__init__()
        with self.init_scope():
            self.out = L.Linear(n_in, n_out, initialW=0)

    def forward(self, x, t):
        return F.softmax_cross_entropy(self.out(x), t)


class WindowIterator(flexgrad.dataset.Iterator):
    """Dataset iterator to create a batch of sequences at different positions.

    This iterator returns a pair of the current words and the context words.
    """

    def __init__(self, dataset, window, batch_size, repeat=True):
        self.dataset = np.array(dataset, np.int32)
        self.window = window  # size of context window
        self.batch_size = batch_size
        self._repeat = repeat
        # order is the array which is shuffled ``[window, window + 1, ...,
        # len(dataset) - window - 1]``
        self.order = np.random.permutation(
            len(dataset) - window * 2).astype(np.int32)
        self.order += window
        self.current_position = 0
        # Number of completed sweeps over the dataset. In this case, it is
        # incremented if every word is visited at least once after the last
        # increment.
        self.epoch = 0
        # True if the epoch is incremented at the last iteration.
        self.is_new_epoch = False

    def __next__(self):
        """This iterator returns a list representing a mini-batch.

        Each item indicates a different position in the original sequence.
        """
        if not self._repeat and self.epoch > 0:
            raise StopIteration

        i = self.current_position
        i_end = i + self.batch_size
        position = self.order[i:i_end]
        w = np.random.randint(self.window - 1) + 1
        offset = np.concatenate([np.arange(-w, 0), np.arange(1, w + 1)])
        pos = position[:, None] + offset[None, :]
        contexts = self.dataset.take(pos)
        center = self.dataset.take(position)

        if i_end >= len(self.order):
            np.random.shuffle(self.order)
            self.epoch += 1
            self.is_new_epoch = True
            self.current_position = 0
        else:
            self.is_new_epoch = False
            self.current_position = i_end

        return center, contexts

    @property
    def epoch_detail(self):
        return self.epoch + float(self.current_position) / len(self.order)

    def serialize(self, serializer):
        self.current_position = serializer('current_position',
                                           self.current_position)
        self.epoch = serializer('epoch', self.epoch)
        self.is_new_epoch = serializer('is_new_epoch', self.is_new_epoch)
        if self.order is not None:
            serializer('order', self.order)


@flexgrad.dataset.converter()
def convert(batch, device):
    center, contexts = batch
    center = device.send(center)
    contexts = device.send(contexts)
    return center, contexts


def synthetic_words(n, n_topics=8, words_per_topic=12, run=20, seed=0):
    """``(train, val, vocab)`` like ``get_ptb_words()`` and ``get_ptb_words_vocabulary()``:
    int32 word ids, ``n`` words for training and ``n // 10`` for validation, and a
    ``{word: id}`` dict. The text is runs of ``run`` words drawn from one topic's
    ``words_per_topic`` words, so a word's neighbours tell its topic."""
    rng = np.random.default_rng(seed)
    n_vocab = n_topics * words_per_topic

    def words(size):
        topics = rng.integers(0, n_topics, -(-size // run)).repeat(run)[:size]
        x = topics * words_per_topic + rng.integers(0, words_per_topic, size)
        x[:n_vocab] = np.arange(n_vocab)  # every word occurs, as every PTB word does
        return x.astype(np.int32)

    vocab = {f'topic{i // words_per_topic}_word{i % words_per_topic}': i
             for i in range(n_vocab)}
    return words(n), words(max(n_vocab, n // 10)), vocab


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--device', '-d', type=str, default='-1',
                        help='Device specifier: @numpy, @cupy:0, @dask, '
                        '@array_api_strict, or an integer (negative: NumPy, '
                        'non-negative: that CUDA device through CuPy)')
    parser.add_argument('--unit', '-u', default=100, type=int,
                        help='number of units')
    parser.add_argument('--window', '-w', default=5, type=int,
                        help='window size')
    parser.add_argument('--batchsize', '-b', type=int, default=1000,
                        help='learning minibatch size')
    parser.add_argument('--epoch', '-e', default=20, type=int,
                        help='number of epochs to learn')
    parser.add_argument('--model', '-m', choices=['skipgram', 'cbow'],
                        default='skipgram',
                        help='model type ("skipgram", "cbow")')
    parser.add_argument('--negative-size', default=5, type=int,
                        help='number of negative samples')
    parser.add_argument('--out-type', '-o', choices=['hsm', 'ns', 'original'],
                        default='hsm',
                        help='output model type ("hsm": hierarchical softmax, '
                        '"ns": negative sampling, "original": '
                        'no approximation)')
    parser.add_argument('--out', default='result',
                        help='Directory to output the result')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the training from snapshot')
    parser.add_argument('--snapshot-interval', type=int,
                        help='Interval of snapshots')
    parser.add_argument('--test', dest='test', action='store_true')
    parser.set_defaults(test=False)
    parser.add_argument('--synthetic', type=int, default=0, metavar='N',
                        help='Train on N words of a synthetic corpus instead of '
                        'PTB (no download)')
    parser.add_argument('--seed', type=int, default=None,
                        help='Seed NumPy (the iterators) and flexgrad\'s generators '
                        '(negative samples)')
    group = parser.add_argument_group('deprecated arguments')
    group.add_argument('--gpu', '-g', dest='device',
                       type=int, nargs='?', const=0,
                       help='GPU ID (negative value indicates CPU)')
    args = parser.parse_args()
    if args.seed is not None:
        np.random.seed(args.seed)
        flexgrad.set_seed(args.seed)

    if flexgrad.get_dtype() == np.float16:
        warnings.warn(  # noqa: B028 (Chainer's line)
            'This example may cause NaN in FP16 mode.', RuntimeWarning)

    device = flexgrad.get_device(args.device)
    device.use()

    if args.snapshot_interval is None:
        args.snapshot_interval = args.epoch
    args.snapshot_interval = min(args.snapshot_interval, args.epoch)

    print(f'Device: {device}')
    print(f'# unit: {args.unit}')
    print(f'Window: {args.window}')
    print(f'Minibatch-size: {args.batchsize}')
    print(f'# epoch: {args.epoch}')
    print(f'Training model: {args.model}')
    print(f'Output type: {args.out_type}')
    print('')

    # Load the dataset
    if args.synthetic > 0:
        train, val, vocab = synthetic_words(args.synthetic)
    else:
        train, val, _ = flexgrad.datasets.get_ptb_words()
    counts = collections.Counter(train)
    counts.update(collections.Counter(val))
    n_vocab = max(train) + 1

    if args.test:
        train = train[:100]
        val = val[:100]

    if args.synthetic <= 0:
        vocab = flexgrad.datasets.get_ptb_words_vocabulary()
    index2word = {wid: word for word, wid in vocab.items()}

    print(f'n_vocab: {n_vocab}')
    print(f'data length: {len(train)}')

    if args.out_type == 'hsm':
        HSM = L.BinaryHierarchicalSoftmax
        tree = HSM.create_huffman_tree(counts)
        loss_func = HSM(args.unit, tree)
        loss_func.W.array[...] = 0
    elif args.out_type == 'ns':
        cs = [counts[w] for w in range(len(counts))]
        loss_func = L.NegativeSampling(args.unit, cs, args.negative_size)
        loss_func.W.array[...] = 0
    elif args.out_type == 'original':
        loss_func = SoftmaxCrossEntropyLoss(args.unit, n_vocab)
    else:
        raise Exception(f'Unknown output type: {args.out_type}')

    # Choose the model
    if args.model == 'skipgram':
        model = SkipGram(n_vocab, args.unit, loss_func)
    elif args.model == 'cbow':
        model = ContinuousBoW(n_vocab, args.unit, loss_func)
    else:
        raise Exception(f'Unknown model type: {args.model}')

    model.to_device(device)

    # Set up an optimizer
    optimizer = O.Adam()
    optimizer.setup(model)

    # Set up an iterator
    train_iter = WindowIterator(train, args.window, args.batchsize)
    val_iter = WindowIterator(val, args.window, args.batchsize, repeat=False)

    # Set up an updater
    updater = training.updaters.StandardUpdater(
        train_iter, optimizer, converter=convert, device=device)

    # Set up a trainer
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)

    trainer.extend(extensions.Evaluator(
        val_iter, model, converter=convert, device=device))
    trainer.extend(extensions.LogReport())
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss']))
    trainer.extend(extensions.ProgressBar())

    trainer.extend(
        extensions.snapshot(filename='snapshot_epoch_{.updater.epoch}'),
        trigger=(args.snapshot_interval, 'epoch'))

    if args.resume is not None:
        flexgrad.serializers.load_npz(args.resume, trainer)
    trainer.run()

    # Save the word2vec model
    with open(os.path.join(args.out, 'word2vec.model'), 'w') as f:
        f.write(f'{len(index2word)} {args.unit}\n')
        w = cuda.to_cpu(model.embed.W.array)
        for i, wi in enumerate(w):
            v = ' '.join(map(str, wi))
            f.write(f'{index2word[i]} {v}\n')


if __name__ == '__main__':
    main()
