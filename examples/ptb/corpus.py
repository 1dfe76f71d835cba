"""The word ids the example learns from, cut into windows for truncated BPTT."""

import numpy

import flexgrad

DATASETS = ("embedded", "ptb")


def load(dataset, vocab_size):
    """``(train, valid, test)`` word ids: the embedded corpus (Python's own documentation,
    no network) or the Penn Treebank (downloaded once)."""
    if dataset == "ptb":
        return flexgrad.datasets.get_ptb_words()
    return flexgrad.datasets.get_pydoc_words(vocab_size)


def vocabulary(dataset, vocab_size):
    """Word -> id of the dataset ``load`` returns."""
    if dataset == "ptb":
        return flexgrad.datasets.get_ptb_words_vocabulary()
    return flexgrad.datasets.get_pydoc_words_vocabulary(vocab_size)


class Windows:
    """A word sequence as ``n_streams`` equal parallel streams, read ``length`` steps at a
    time: item ``i`` is ``(words, next_words)``, two ``(n_streams, length)`` arrays, the
    second one word ahead; item ``i + 1`` carries on where item ``i`` stopped, so the
    recurrent state flows from one window into the next."""

    def __init__(self, ids, n_streams, length):
        per_stream = (len(ids) - 1) // n_streams
        if per_stream < length:
            raise ValueError(f"Windows: {len(ids)} words make {n_streams} streams of "
                             f"{per_stream} words, fewer than one window of {length}")
        self.inputs = numpy.reshape(ids[:n_streams * per_stream], (n_streams, per_stream))
        self.targets = numpy.reshape(ids[1:n_streams * per_stream + 1], (n_streams, -1))
        self.length = length

    def __len__(self):
        return self.inputs.shape[1] // self.length

    def __getitem__(self, i):
        if not 0 <= i < len(self):
            raise IndexError(i)
        steps = slice(i * self.length, (i + 1) * self.length)
        return self.inputs[:, steps], self.targets[:, steps]


def send_window(batch, device):
    """The converter for iterators of batch size 1 over ``Windows``: its one window's two
    arrays, on ``device``."""
    ((words, next_words),) = batch
    return (flexgrad.dataset.to_device(device, words),
            flexgrad.dataset.to_device(device, next_words))
