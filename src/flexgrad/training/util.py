"""Chainer's ``training.util``: ``get_trigger``."""

from .triggers import get_trigger as get_trigger
