"""Recurrent units and whole-sequence RNNs (Chainer's ``chainer.functions`` rnn family)."""
