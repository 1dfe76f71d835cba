"""BatchRenormalization's running statistics in training, as Chainer 7.8.1 keeps them."""

import numpy as np

import flexgrad.links as L


def test_training_adds_the_unbiased_batch_variance_without_eps():
    """``eps`` enters sigma only: a batch of variance 1 (unbiased 2) leaves avg_var 2."""
    bn = L.BatchRenormalization(1, rmax=2.0, dmax=1.0, decay=0.0, eps=0.5)
    bn(np.array([[1.0], [3.0]], dtype=np.float32))
    np.testing.assert_allclose(bn.avg_var, [2.0])
    np.testing.assert_allclose(bn.avg_mean, [2.0])
