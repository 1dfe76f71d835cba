"""Chainer's ``flexgrad.datasets``: dataset wrappers, splits, MNIST, CIFAR, PTB and
an embedded English corpus (``get_pydoc_words``)."""

from .cifar import get_cifar10 as get_cifar10
from .cifar import get_cifar100 as get_cifar100
from .concatenated_dataset import ConcatenatedDataset as ConcatenatedDataset
from .dict_dataset import DictDataset as DictDataset
from .digits import get_digits as get_digits
from .fashion_mnist import get_fashion_mnist as get_fashion_mnist
from .fashion_mnist import get_fashion_mnist_labels as get_fashion_mnist_labels
from .image_dataset import ImageDataset as ImageDataset
from .image_dataset import LabeledImageDataset as LabeledImageDataset
from .mnist import get_mnist as get_mnist
from .ptb import get_ptb_words as get_ptb_words
from .ptb import get_ptb_words_vocabulary as get_ptb_words_vocabulary
from .pydoc_words import get_pydoc_words as get_pydoc_words
from .pydoc_words import get_pydoc_words_vocabulary as get_pydoc_words_vocabulary
from .sub_dataset import SubDataset as SubDataset
from .sub_dataset import get_cross_validation_datasets as get_cross_validation_datasets
from .sub_dataset import (
    get_cross_validation_datasets_random as get_cross_validation_datasets_random,
)
from .sub_dataset import split_dataset as split_dataset
from .sub_dataset import split_dataset_n as split_dataset_n
from .sub_dataset import split_dataset_n_random as split_dataset_n_random
from .sub_dataset import split_dataset_random as split_dataset_random
from .transform_dataset import TransformDataset as TransformDataset
from .tuple_dataset import TupleDataset as TupleDataset
