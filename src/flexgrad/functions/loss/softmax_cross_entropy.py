"""Softmax cross entropy: the classification loss on logits, hard labels or soft targets."""

from __future__ import annotations

import math
from typing import Any

from ...backends import backend_of
from ...configuration import config
from ...errors import expect_float, expect_ndim, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..activation.softmax import log_softmax
from ..array._args import array_arg, is_int
from ..array.reshape import expand_dims
from ..math.exponential import exp, log
from ..math.sum import sum as _sum
from ._args import check_labels, check_option, nan_where

_FN = "softmax_cross_entropy"
_EPS = 1e-7  # Chainer's guard on log(t) in the KL divergence of soft targets


def _scores(xp: Any, x: Any, softmax: bool) -> tuple[Any, Any, Any]:
    """``(x - max, log(sum(exp(x - max))), softmax(x) or None)`` along axis 1 of an array:
    no overflow, and one ``exp`` serves both the log-softmax (the difference of the first
    two, formed only where needed) and the softmax."""
    shifted = x - xp.max(x, axis=1, keepdims=True)
    e = xp.exp(shifted)
    total = xp.sum(e, axis=1, keepdims=True)
    return shifted, xp.log(total), (e / total if softmax else None)


class SoftmaxCrossEntropy(FunctionNode):
    """``-log softmax(x)[t]`` per instance (``t`` integer labels along axis 1), or the
    cross entropy or KL divergence against soft targets ``t`` of ``x``'s shape.

    Backward is ``(softmax(x) - onehot(t)) * weight * gloss``. Without a higher-order
    graph it works on arrays, from the cached (or recomputed) softmax; with one, it
    recomputes the softmax from ``x`` with flexgrad functions, so the gradient is
    differentiable again.
    """

    __slots__ = ("normalize", "cache_score", "class_weight", "ignore_label", "reduce",
                 "soft_target_loss", "_y", "_weight", "_labels", "_coeff")

    def __init__(self, normalize: bool, cache_score: bool, class_weight: Any,
                 ignore_label: int, reduce: str, soft_target_loss: str) -> None:
        self.normalize = normalize
        self.cache_score = cache_score
        self.class_weight = class_weight
        self.ignore_label = ignore_label
        self.reduce = reduce
        self.soft_target_loss = soft_target_loss
        self._y = None

    def forward(self, inputs):
        x, t = inputs
        xp, backend = self.xp, self.backend
        expect_float(_FN, "x", x, backend)
        if x.ndim < 2:
            fail(_FN, "x", "an array of shape (N, C, ...): 2 or more axes", x)
        soft = backend.is_floating(t.dtype)
        shifted, log_total, self._y = _scores(xp, x, self.cache_score)
        self.retain_inputs((0, 1))
        if soft:
            return (self._soft_loss(x, t, shifted - log_total),)
        return (self._hard_loss(x, t, shifted, log_total),)

    def _hard_loss(self, x: Any, t: Any, shifted: Any, log_total: Any) -> Any:
        xp, backend = self.xp, self.backend
        if tuple(t.shape) != (x.shape[0],) + tuple(x.shape[2:]):
            fail(_FN, "t", f"labels of shape {(x.shape[0],) + tuple(x.shape[2:])} (x's "
                 "shape without its class axis 1) or soft targets of x's shape", t)
        n_class = x.shape[1]
        if n_class == 0:
            fail(_FN, "x", "at least one class along axis 1", x)
        used, bad = check_labels(_FN, t, n_class, backend, self.ignore_label)
        labels = self._labels = xp.where(used, t, xp.zeros_like(t))
        picked = backend.take_along_axis(shifted, xp.expand_dims(labels, axis=1), axis=1)
        weight = xp.astype(used, x.dtype)
        if self.class_weight is not None:
            w = self._class_weight(x)
            flat = self.backend.take(w, xp.reshape(labels, (-1,)), 0)
            weight = weight * xp.reshape(flat, tuple(t.shape))
        if bad is not None:
            weight = nan_where(xp, bad, weight)
        self._weight = weight
        loss = xp.squeeze(log_total - picked, axis=1) * weight
        if self.reduce == "no":
            return loss
        if self.normalize:
            count = xp.sum(xp.astype(used, x.dtype))
            self._coeff = 1.0 / xp.clip(count, min=1.0)
        else:
            self._coeff = 1.0 / max(x.shape[0], 1)
        return xp.sum(loss) * self._coeff

    def _class_weight(self, x: Any) -> Any:
        w = self.class_weight
        if tuple(w.shape) != (x.shape[1],):
            fail(_FN, "class_weight", f"shape ({x.shape[1]},) (one weight per class of x)", w)
        owner = backend_of(w)
        if owner is not self.backend:  # constant weights follow x, as Chainer's do; cast on
            # the host, so no float64 copy is made on the device
            host = owner.to_numpy(w).astype(str(x.dtype).rsplit(".", 1)[-1])
            return self.backend.from_numpy(host, self.backend.device_of(x))
        return self.xp.astype(w, x.dtype)

    def _soft_loss(self, x: Any, t: Any, log_y: Any) -> Any:
        xp = self.xp
        if tuple(t.shape) != tuple(x.shape):
            labels = (x.shape[0], *x.shape[2:])
            fail(_FN, "t", f"integer labels of shape {labels} or float soft targets of x's "
                           f"shape {tuple(x.shape)}", t)
        if x.dtype != t.dtype:
            expect_same_dtype(_FN, ("x", "t"), (x, t))
        if self.class_weight is not None:
            fail(_FN, "class_weight", "None with soft targets", self.class_weight)
        if self.soft_target_loss == "kl-divergence":
            loss = xp.sum(t * (xp.log(t + _EPS) - log_y), axis=1)
        else:
            loss = -xp.sum(t * log_y, axis=1)
        if self.reduce == "no":
            return loss
        self._coeff = 1.0 / max(math.prod(loss.shape), 1)
        return xp.sum(loss) * self._coeff

    def release(self) -> None:
        super().release()
        self._y = self._weight = self._labels = None

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        (gloss,) = grad_outputs
        soft = self.backend.is_floating(t.dtype)
        scale = gloss * self._coeff if self.reduce == "mean" else gloss
        if not soft:
            scale = scale * self._weight
        if scale.ndim:
            scale = expand_dims(scale, 1)
        log_y, y = self._backward_scores(x, need_log=soft and 1 in indexes)
        if not soft:
            return (self._label_grad(x, scale, y),)
        out = []
        for i in indexes:
            if i == 0:
                out.append(scale * (_sum(t, axis=1, keepdims=True) * y - t))
            elif self.soft_target_loss == "kl-divergence":
                out.append(scale * (log(t + _EPS) + t / (t + _EPS) - log_y))
            else:
                out.append(scale * -log_y)
        return tuple(out)

    def _label_grad(self, x: Variable, scale: Variable, y: Any) -> Variable:
        """``scale * (y - onehot(labels))`` along axis 1. Without a higher-order graph it
        is computed on arrays: ``y * scale``, then ``-scale`` added at the labels in place
        (the backend's ``add_along_axis``), which spares the one-hot array and two passes."""
        xp = self.xp
        if config.enable_backprop:
            onehot = self.backend.one_hot(self._labels, x.shape[1], x.dtype)
            if x.ndim > 2:
                onehot = xp.moveaxis(onehot, -1, 1)
            return scale * (y - onehot)
        s = scale.array
        labels = xp.expand_dims(self._labels, axis=1)
        gx = self.backend.add_along_axis(y * s, labels, -s, axis=1)
        return Variable(gx, requires_grad=False)

    def _backward_scores(self, x: Variable, need_log: bool) -> tuple[Any, Any]:
        """``(log_softmax(x), softmax(x))``: Variables of ``x`` when a higher-order graph
        is recorded, else constant arrays (the cached softmax when there is one)."""
        if config.enable_backprop:
            log_y = log_softmax(x)
            return log_y, exp(log_y)
        if self._y is not None and not need_log:
            return None, self._y
        shifted, log_total, y = _scores(self.xp, x.array, True)
        return shifted - log_total, y


def softmax_cross_entropy(
    x: Variable | Any,
    t: Variable | Any,
    normalize: bool = True,
    cache_score: bool = True,
    class_weight: Any = None,
    ignore_label: int = -1,
    reduce: str = "mean",
    enable_double_backprop: bool = False,
    soft_target_loss: str = "cross-entropy",
) -> Variable:
    """Cross entropy of ``softmax(x)`` (over axis 1) against labels or soft targets ``t``.

    Stable for large logits: the log-softmax subtracts the max first. Double backprop
    always works; ``enable_double_backprop`` is accepted for Chainer compatibility only.

    Args:
        x: float logits of shape ``(N, C, ...)``; axis 1 holds the classes.
        t: integer labels of shape ``(N, ...)`` in ``[0, C)`` (a label equal to
            ``ignore_label`` is ignored), or soft targets (a probability distribution
            along axis 1) of ``x``'s shape and dtype, which get a gradient too.
            A label out of range is an error on eager backends; on Dask, checking would
            force a compute, so such a label makes its loss (and its gradient) NaN.
        normalize: with ``reduce='mean'``, divide the summed loss by the number of
            labels not ignored; if False, by ``N``. A batch with every label ignored
            gives a loss of 0 and a zero gradient, as in Chainer.
        cache_score: keep ``softmax(x)`` from forward for backward (more memory, less
            time); if False, backward recomputes it.
        class_weight: None, or constant weights of shape ``(C,)`` (an array, on any
            backend: it is moved to ``x``'s and cast to its dtype); each instance's loss
            is multiplied by the weight of its label. Hard labels only.
        reduce: ``'mean'`` (a scalar) or ``'no'`` (the loss per instance, of ``t``'s
            shape for labels; 0 where ignored).
        soft_target_loss: ``'cross-entropy'`` or ``'kl-divergence'`` for soft targets.
            With ``reduce='mean'`` soft losses are averaged over the ``x.size / C``
            distributions.

    >>> import numpy as np, flexgrad.functions as F
    >>> x = np.array([[2.0, 0.0], [0.0, 1e4]])
    >>> F.softmax_cross_entropy(x, np.array([0, -1])).array
    array(0.12692801)
    """
    fn = _FN
    array_arg(fn, "x", x)
    t_array = array_arg(fn, "t", t)
    if not isinstance(normalize, bool):
        fail(fn, "normalize", "a bool", f"{normalize!r}", kind="type")
    if not is_int(ignore_label):
        fail(fn, "ignore_label", "an int", f"{ignore_label!r}", kind="type")
    check_option(fn, "reduce", reduce, ("mean", "no"))
    check_option(fn, "soft_target_loss", soft_target_loss, ("cross-entropy", "kl-divergence"))
    if class_weight is not None:
        if isinstance(class_weight, Variable):
            fail(fn, "class_weight", "a constant array, not a Variable", class_weight,
                 kind="type")
        array_arg(fn, "class_weight", class_weight)
        expect_float(fn, "class_weight", class_weight, backend_of(class_weight))
        expect_ndim(fn, "class_weight", class_weight, 1)
    if not backend_of(t_array).is_floating(t_array.dtype):
        t = t_array  # labels are never differentiated: no graph edge for them
    node = SoftmaxCrossEntropy(normalize, cache_score, class_weight, int(ignore_label),
                               reduce, soft_target_loss)
    return node.apply((x, t))[0]
