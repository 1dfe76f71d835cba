"""Chainer's ``flexgrad.training.extensions``."""

from ._snapshot import snapshot as snapshot
from ._snapshot import snapshot_object as snapshot_object
from .computational_graph import DumpGraph as DumpGraph
from .computational_graph import dump_graph as dump_graph
from .evaluator import Evaluator as Evaluator
from .exponential_shift import ExponentialShift as ExponentialShift
from .fail_on_nonnumber import DivergenceError as DivergenceError
from .fail_on_nonnumber import FailOnNonNumber as FailOnNonNumber
from .inverse_shift import InverseShift as InverseShift
from .linear_shift import LinearShift as LinearShift
from .log_report import LogReport as LogReport
from .micro_average import MicroAverage as MicroAverage
from .multistep_shift import MultistepShift as MultistepShift
from .plot_report import PlotReport as PlotReport
from .polynomial_shift import PolynomialShift as PolynomialShift
from .print_report import PrintReport as PrintReport
from .progress_bar import ProgressBar as ProgressBar
from .step_shift import StepShift as StepShift
from .value_observation import observe_lr as observe_lr
from .value_observation import observe_value as observe_value
from .warmup_shift import WarmupShift as WarmupShift
