"""A ResNet with stochastic depth (Huang et al., 2016): a different graph every iteration.

Residual block ``l`` of ``L`` survives a training iteration with probability
``p_l = 1 - (l / L) * (1 - p_L)``, falling linearly from 1 at the input to ``p_L`` (0.5)
at the last block. A block that does not survive is not run at all: the iteration's graph
holds only its shortcut, so forward and backward skip its convolutions. In test mode every
block runs, its residual branch scaled by ``p_l``, its expected contribution in training.
"""

from __future__ import annotations

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L


class ResidualBlock(flexgrad.Chain):
    """``relu(shortcut(x) + branch(x))``; the branch is conv-norm-relu-conv-norm.

    When ``out_channels`` exceeds ``in_channels`` the block halves height and width and
    its shortcut, parameter free, keeps every other pixel and pads the new channels with
    zeros, so a skipped block still hands the next one the shape it expects.
    """

    def __init__(self, in_channels: int, out_channels: int, survival: float) -> None:
        super().__init__()
        self.extra_channels = out_channels - in_channels
        self.survival = survival
        stride = 2 if self.extra_channels else 1
        with self.init_scope():
            self.conv1 = L.Convolution2D(in_channels, out_channels, 3, stride, 1, nobias=True)
            self.norm1 = L.BatchNormalization(out_channels)
            self.conv2 = L.Convolution2D(out_channels, out_channels, 3, 1, 1, nobias=True)
            self.norm2 = L.BatchNormalization(out_channels)

    def shortcut(self, x):
        if not self.extra_channels:
            return x
        return F.pad(x[:, :, ::2, ::2], ((0, 0), (0, self.extra_channels), (0, 0), (0, 0)),
                     "constant")

    def forward(self, x):
        branch = self.norm2(self.conv2(F.relu(self.norm1(self.conv1(x)))))
        if not flexgrad.config.train and self.survival < 1.0:
            branch = branch * self.survival
        return F.relu(self.shortcut(x) + branch)


class StochasticResNet(flexgrad.Chain):
    """Class scores from images of any size: a stem convolution, stages of residual
    blocks (each stage after the first halves the image and doubles the channels), a
    global average and a linear layer.

    Args:
        n_classes: how many scores.
        channels: the channels of each stage.
        blocks_per_stage: residual blocks in each stage.
        last_survival: ``p_L``, the last block's survival probability; 1.0 gives the same
            network without stochastic depth.

    Which blocks run is drawn from flexgrad's host generator: ``flexgrad.set_seed`` seeds
    it and a Trainer's snapshot saves its state with the rest of the run.
    """

    def __init__(self, n_classes: int = 10, channels: tuple[int, ...] = (16, 32, 64),
                 blocks_per_stage: int = 3, last_survival: float = 0.5) -> None:
        super().__init__()
        widths = [channels[0]] + [c for c in channels for _ in range(blocks_per_stage)]
        depth = len(widths) - 1
        survivals = [1.0 - (l / depth) * (1.0 - last_survival) for l in range(1, depth + 1)]
        with self.init_scope():
            self.stem = L.Convolution2D(None, channels[0], 3, 1, 1, nobias=True)
            self.stem_norm = L.BatchNormalization(channels[0])
            self.blocks = flexgrad.ChainList(*[
                ResidualBlock(widths[l - 1], widths[l], survivals[l - 1])
                for l in range(1, depth + 1)])
            self.scores = L.Linear(channels[-1], n_classes)

    def surviving_blocks(self) -> list[bool]:
        """This iteration's draw: which blocks run (all of them outside training)."""
        if not flexgrad.config.train:
            return [True] * len(self.blocks)
        draws = flexgrad.backends.NUMPY.default_generator().uniform(
            0.0, 1.0, (len(self.blocks),), "float64")
        return [bool(draw < block.survival)
                for draw, block in zip(draws, self.blocks, strict=True)]

    def forward(self, x):
        h = F.relu(self.stem_norm(self.stem(x)))
        survivors = self.surviving_blocks()
        for block, survives in zip(self.blocks, survivors, strict=True):
            h = block(h) if survives else block.shortcut(h)
        if flexgrad.config.train:
            flexgrad.report({"blocks": sum(survivors)}, self)
        return self.scores(F.mean(h, axis=(2, 3)))
