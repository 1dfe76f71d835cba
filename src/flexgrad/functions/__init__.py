"""Differentiable functions on Variables and arrays (import as ``F``, as in Chainer)."""

from .array.broadcast import broadcast_to as broadcast_to
from .array.broadcast import sum_to as sum_to
from .math.basic_math import absolute as absolute
from .math.basic_math import add as add
from .math.basic_math import div as div
from .math.basic_math import mul as mul
from .math.basic_math import neg as neg
from .math.basic_math import pow as pow
from .math.basic_math import sub as sub
from .math.matmul import matmul as matmul
from .array.reshape import expand_dims as expand_dims
from .array.reshape import flatten as flatten
from .array.reshape import reshape as reshape
from .array.reshape import squeeze as squeeze
from .array.transpose import swapaxes as swapaxes
from .array.transpose import transpose as transpose
