"""Normalization functions (Chainer's ``chainer.functions`` normalization family)."""
