"""``import flexgrad.cuda`` (Chainer's ``chainer.cuda``): the module
``flexgrad.backends.cuda`` itself, under a second name."""

import sys

from .backends import cuda as _cuda

sys.modules[__name__] = _cuda
