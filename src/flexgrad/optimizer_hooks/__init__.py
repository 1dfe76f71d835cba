"""Optimizer hooks with Chainer's names: ``optimizer.add_hook(WeightDecay(1e-4))``."""

from .gradient_clipping import GradientClipping as GradientClipping
from .gradient_clipping import GradientHardClipping as GradientHardClipping
from .gradient_noise import GradientNoise as GradientNoise
from .gradient_noise import exponential_decay_noise as exponential_decay_noise
from .weight_decay import Lasso as Lasso
from .weight_decay import WeightDecay as WeightDecay
