"""The perceptron of the introduction: two hidden layers of rectified units, then scores."""

from __future__ import annotations

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L


class MLP(flexgrad.Chain):
    """``n_out`` class scores from a flat image through two layers of ``n_units`` units.

    The first layer learns its input size from the first batch it sees, so one model
    serves the 64-pixel digits and MNIST's 784 pixels alike.
    """

    def __init__(self, n_units: int, n_out: int) -> None:
        super().__init__()
        with self.init_scope():
            self.hidden1 = L.Linear(None, n_units)
            self.hidden2 = L.Linear(n_units, n_units)
            self.scores = L.Linear(n_units, n_out)

    def forward(self, x):
        h = F.relu(self.hidden1(x))
        h = F.relu(self.hidden2(h))
        return self.scores(h)
