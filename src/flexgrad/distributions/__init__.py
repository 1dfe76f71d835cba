"""Probability distributions whose densities, entropies, samples and KL divergences are
differentiable (Chainer's ``chainer.distributions``, import as ``D``)."""

from .bernoulli import Bernoulli as Bernoulli
from .categorical import Categorical as Categorical
from .distribution import Distribution as Distribution
from .independent import Independent as Independent
from .kl import KLNotImplementedError as KLNotImplementedError
from .kl import cross_entropy as cross_entropy
from .kl import kl_divergence as kl_divergence
from .kl import register_kl as register_kl
from .multivariate_normal import MultivariateNormal as MultivariateNormal
from .normal import Normal as Normal
