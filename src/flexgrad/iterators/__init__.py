"""Chainer's ``flexgrad.iterators``: walking a dataset in batches, epoch by epoch."""

from .chunked_iterator import ChunkedIterator as ChunkedIterator
from .chunked_iterator import ChunkedOrderSampler as ChunkedOrderSampler
from .chunked_iterator import batch_arrays as batch_arrays
from .multiprocess_iterator import MultiprocessIterator as MultiprocessIterator
from .multithread_iterator import MultithreadIterator as MultithreadIterator
from .order_samplers import OrderSampler as OrderSampler
from .order_samplers import ShuffleOrderSampler as ShuffleOrderSampler
from .serial_iterator import SerialIterator as SerialIterator
