"""SpectralNormalization (Miyato et al., 2018): a link's weight divided by an estimate of
its largest singular value, kept up to date by power iteration, as Chainer's link hook."""

from __future__ import annotations

from typing import Any

from .. import backends
from ..configuration import config, no_backprop_mode, using_config
from ..functions.array.reshape import reshape
from ..functions.array.transpose import transpose
from ..functions.math.matmul import matmul
from ..functions.math.sum import sum as sum_
from ..link_hook import ForwardCallbackArgs, LinkHook
from ..variable import Parameter


class SpectralNormalization(LinkHook):
    """Run a link's forward with ``W / sigma(W)`` in place of ``W``.

    ``sigma`` is ``u^T W v`` for the vectors of ``n_power_iteration`` power-iteration steps
    from the persistent ``W_u`` (saved with the model), so the gradient flows through
    ``sigma``. In training (``config.train``) each call advances ``W_u``; in evaluation it
    is left as it is. Deconvolution weights are read along their output axis (1), as in
    Chainer.

    Args:
        n_power_iteration: power-iteration steps per call.
        eps: added to norms, so a zero vector does not divide by zero.
        use_gamma: learn a scale ``gamma`` (a parameter, started at the exact largest
            singular value of ``W``) and use ``gamma * W / sigma``.
        factor: divide ``sigma`` by this (None: 1), to allow a spectral norm of ``factor``.
        weight_name: the parameter to normalize.
        name: the hook's name (``'SpectralNormalization_W'`` by default).

    >>> import numpy as np, flexgrad, flexgrad.links as L
    >>> layer = L.Linear(3, 4).add_hook(flexgrad.link_hooks.SpectralNormalization())
    >>> layer(np.ones((2, 3), np.float32)).shape, layer.W_u.shape
    ((2, 4), (4,))
    """

    def __init__(self, n_power_iteration: int = 1, eps: float = 1e-6, use_gamma: bool = False,
                 factor: float | None = None, weight_name: str = "W",
                 name: str | None = None) -> None:
        if n_power_iteration < 1:
            raise ValueError(f"SpectralNormalization: n_power_iteration must be at least 1, "
                             f"got {n_power_iteration}")
        self.n_power_iteration, self.eps = n_power_iteration, eps
        self.use_gamma, self.factor = use_gamma, factor
        self.weight_name = weight_name
        self.vector_name = weight_name + "_u"
        self.name = name or f"SpectralNormalization_{weight_name}"
        self.axis = 0
        self._original: Parameter | None = None

    def added(self, link: Any) -> None:
        if link is None:
            raise ValueError("SpectralNormalization: register it on a link with "
                             "link.add_hook(hook), not as a thread-wide `with` hook")
        weight = getattr(link, self.weight_name, None)
        if not isinstance(weight, Parameter):
            raise ValueError(f"SpectralNormalization: {type(link).__name__} has no parameter "
                             f"{self.weight_name!r}")
        from ..links.connection.deconvolution import DeconvolutionND

        self.axis = 1 if isinstance(link, DeconvolutionND) else 0
        if weight.is_initialized:
            self._prepare(link, weight)

    def deleted(self, link: Any) -> None:
        self._restore(link)
        link.__delattr__(self.vector_name)
        if self.use_gamma and "gamma" in link.__dict__:
            link.__delattr__("gamma")

    def forward_preprocess(self, args: ForwardCallbackArgs) -> None:
        link = args.link
        self._restore(link)  # a forward that raised left the normalized weight in place
        weight = link.__dict__[self.weight_name]
        if not weight.is_initialized:  # a lazy link: one forward that only sizes W
            with no_backprop_mode(), using_config("train", False):
                link.forward(*args.args, **args.kwargs)
        if self.vector_name not in link.__dict__:
            self._prepare(link, weight)
        self._original = weight
        object.__setattr__(link, self.weight_name, self._normalized(link, weight))

    def forward_postprocess(self, args: ForwardCallbackArgs) -> None:
        self._restore(args.link)

    def _restore(self, link: Any) -> None:
        if self._original is not None:
            object.__setattr__(link, self.weight_name, self._original)
            self._original = None

    def _matrix(self, weight: Parameter) -> Any:
        """``weight`` as a matrix with the output axis first (a Variable, differentiable)."""
        if self.axis == 1:
            weight = transpose(weight, (1, 0, *range(2, weight.ndim)))
        return reshape(weight, (weight.shape[0], -1))

    def _matrix_array(self, weight: Parameter) -> Any:
        with no_backprop_mode():
            return self._matrix(weight).array

    def _prepare(self, link: Any, weight: Parameter) -> None:
        """Register ``W_u`` (a random unit vector) and, with ``use_gamma``, ``gamma``."""
        w = self._matrix_array(weight)
        xp = backends.backend_of(w).xp
        generator = backends.backend_of(w).default_generator(weight.device)
        u = generator.normal(0.0, 1.0, (w.shape[0],), w.dtype)
        link.add_persistent(self.vector_name, self._unit(xp, u))
        if self.use_gamma:
            host = backends.backend_of(w).to_numpy(w)
            sigma = backends.NUMPY.xp.linalg.svdvals(host)[0]
            with link.init_scope():
                link.gamma = Parameter(weight.device.send(backends.NUMPY.as_array(sigma)))

    def _unit(self, xp: Any, a: Any) -> Any:
        return a / (xp.sqrt(xp.sum(a * a)) + self.eps)

    def _normalized(self, link: Any, weight: Parameter) -> Any:
        """``W / sigma`` (times ``gamma``), with ``u`` advanced in training."""
        w = self._matrix_array(weight)
        xp = backends.backend_of(w).xp
        u = link.__dict__[self.vector_name]
        for _ in range(self.n_power_iteration):
            v = self._unit(xp, xp.matmul(xp.matrix_transpose(w), u))
            u = self._unit(xp, xp.matmul(w, v))
        if config.train:
            object.__setattr__(link, self.vector_name, backends.backend_of(u).materialize([u])[0])
        sigma = sum_(matmul(xp.reshape(u, (1, -1)), matmul(self._matrix(weight),
                                                           xp.reshape(v, (-1, 1)))))
        if self.factor is not None:
            sigma = sigma / self.factor
        normalized = weight / sigma
        return link.gamma * normalized if self.use_gamma else normalized
