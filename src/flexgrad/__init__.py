"""flexgrad: define-by-run deep learning on the Python Array API standard.

The graph is recorded while the forward pass runs, in plain Python; every op computes
through an array-namespace adapter, so one engine runs on NumPy, CuPy, Dask and any
other Array API library. User-facing names follow Chainer.
"""

from . import backend as backend
from . import backends as backends
from . import computational_graph as computational_graph
from . import dataset as dataset
from . import datasets as datasets
from . import distributions as distributions
from . import function_hooks as function_hooks
from . import functions as functions
from . import gradient_check as gradient_check
from . import initializers as initializers
from . import iterators as iterators
from . import link_hooks as link_hooks
from . import links as links
from . import optimizer_hooks as optimizer_hooks
from . import optimizers as optimizers
from . import reporter as reporter
from . import serializers as serializers
from . import training as training
from . import utils as utils
from ._backprop import grad as grad
from ._runtime_info import print_runtime_info as print_runtime_info
from .backends import cuda as cuda
from .backends import get_array_module as get_array_module
from .backends import get_device as get_device
from .backends import get_device_from_array as get_device_from_array
from .backends import get_dtype as get_dtype
from .backends import set_seed as set_seed
from .configuration import config as config
from .configuration import force_backprop_mode as force_backprop_mode
from .configuration import global_config as global_config
from .configuration import is_debug as is_debug
from .configuration import no_backprop_mode as no_backprop_mode
from .configuration import set_debug as set_debug
from .configuration import using_config as using_config
from .distributions import kl_divergence as kl_divergence
from .function import Function as Function
from .function_hook import FunctionHook as FunctionHook
from .function_node import FunctionNode as FunctionNode
from .graph_optimizations.static_graph import static_code as static_code
from .graph_optimizations.static_graph import static_graph as static_graph
from .graph_optimizations.static_graph import static_state as static_state
from .link import Chain as Chain
from .link import ChainList as ChainList
from .link import Link as Link
from .link_hook import LinkHook as LinkHook
from .optimizer import Optimizer as Optimizer
from .reporter import DictSummary as DictSummary
from .reporter import Reporter as Reporter
from .reporter import Summary as Summary
from .reporter import get_current_reporter as get_current_reporter
from .reporter import report as report
from .reporter import report_scope as report_scope
from .sequential import Sequential as Sequential
from .training._lazy import materialize as materialize
from .variable import Parameter as Parameter
from .variable import Variable as Variable
from .variable import as_array as as_array
from .variable import as_variable as as_variable

functions.math.basic_math._install_operators()

__version__ = "0.1.0"
