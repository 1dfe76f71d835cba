"""Chainer's ``chainer.gradient_check`` names, for ported tests: ``check_backward``,
``check_double_backward`` and ``numerical_grad`` live in :mod:`flexgrad.testing`."""

from .testing.gradient_check import check_backward as check_backward
from .testing.gradient_check import check_double_backward as check_double_backward
from .testing.numerical import numerical_grad as numerical_grad
