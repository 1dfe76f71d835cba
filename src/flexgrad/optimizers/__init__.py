"""Optimizers with Chainer's names: ``optimizer = SGD(lr=0.1).setup(model)``."""

from .ada_delta import AdaDelta as AdaDelta
from .ada_grad import AdaGrad as AdaGrad
from .adam import AdaBound as AdaBound
from .adam import Adam as Adam
from .adam import AdamW as AdamW
from .adam import AMSBound as AMSBound
from .adam import AMSGrad as AMSGrad
from .momentum_sgd import CorrectedMomentumSGD as CorrectedMomentumSGD
from .momentum_sgd import MomentumSGD as MomentumSGD
from .nesterov_ag import NesterovAG as NesterovAG
from .rmsprop import RMSprop as RMSprop
from .rmsprop import RMSpropGraves as RMSpropGraves
from .sgd import SGD as SGD
