"""Initializers: how parameters get their first values (Chainer's names)."""

from ._base import Initializer as Initializer
from ._base import _with_dtype as _with_dtype
from ._base import generate_array as generate_array
from .constant import Constant as Constant
from .constant import Identity as Identity
from .constant import NaN as NaN
from .constant import One as One
from .constant import Zero as Zero
from .orthogonal import Orthogonal as Orthogonal
from .random import Normal as Normal
from .random import Uniform as Uniform
from .scaled import GlorotNormal as GlorotNormal
from .scaled import GlorotUniform as GlorotUniform
from .scaled import HeNormal as HeNormal
from .scaled import HeUniform as HeUniform
from .scaled import LeCunNormal as LeCunNormal
from .scaled import LeCunUniform as LeCunUniform
from .scaled import get_fans as get_fans
