"""The recurrent cells' formulas, written once for raw arrays and for Variables.

Each cell maps one step's projected input ``xw`` and projected hidden state ``hw``
(columns in gate blocks, e.g. ``[a | i | f | o]`` for the LSTM) and the previous states to
the new states, and keeps what its gradient needs; ``grad`` maps the gradients of the new
states back to those of ``xw``, ``hw`` and the previous states (``tied`` cells add ``xw``
and ``hw`` first, so both get one and the same gradient). ``m`` is an
:class:`~._math.ArrayMath` or ``VARIABLE_MATH`` (see ``_math.py``).
"""

from __future__ import annotations

from typing import Any


def blocks(n: int, count: int) -> tuple[tuple[int, int], ...]:
    """``count`` column blocks of width ``n``."""
    return tuple((k * n, (k + 1) * n) for k in range(count))


def lstm_state(m: Any, a: Any, ifo: tuple[Any, Any, Any], c_prev: Any) -> tuple[Any, ...]:
    """Chainer's LSTM step from the activated gates: ``(c, tanh(c), h)``."""
    i, f, o = ifo
    c = a * i + f * c_prev
    tc = m.tanh(c)
    return c, tc, o * tc


def lstm_grad(m: Any, kept: tuple[Any, ...], gc: Any, gh: Any) -> tuple[Any, tuple]:
    """``(gc_prev, (ga, gi, gf, go))`` w.r.t. the gates before activation, from what
    :func:`lstm_state` used: ``kept = (a, i, f, o, c_prev, tanh(c))``; ``gc`` or ``gh``
    may be None (no gradient)."""
    a, i, f, o, c_prev, tc = kept
    if gh is None:
        g, go = gc, m.zeros_like(o)
    else:
        go = gh * tc * (o * (1.0 - o))
        g = gh * o * (1.0 - tc * tc)
        if gc is not None:
            g = g + gc
    ga = g * i * (1.0 - a * a)
    gi = g * a * (i * (1.0 - i))
    gf = g * c_prev * (f * (1.0 - f))
    return g * f, (ga, gi, gf, go)


class LSTMCell:
    """``[a | i | f | o]`` gates; states ``(h, c)``."""

    tied = True

    def step(self, m: Any, xw: Any, hw: Any, states: tuple) -> tuple[tuple, tuple]:
        n = states[1].shape[1]
        z_a, z_ifo = m.split(xw + hw, ((0, n), (n, 4 * n)), 1)
        a = m.tanh(z_a)
        ifo = tuple(m.split(m.sigmoid(z_ifo), blocks(n, 3), 1))
        c, tc, h = lstm_state(m, a, ifo, states[1])
        return (h, c), (a, *ifo, states[1], tc)

    def grad(self, m: Any, kept: tuple, g_states: list) -> tuple[Any, Any, list]:
        gc_prev, gates = lstm_grad(m, kept, g_states[1], g_states[0])
        gz = m.concat(gates, 1)
        return gz, gz, [None, gc_prev]


class GRUCell:
    """Chainer's GRU: ``[r | z | n]`` gates, ``n = tanh(xw_n + r * hw_n)``; state ``h``."""

    tied = False

    def step(self, m: Any, xw: Any, hw: Any, states: tuple) -> tuple[tuple, tuple]:
        (h_prev,) = states
        n = h_prev.shape[1]
        x_rz, x_n = m.split(xw, ((0, 2 * n), (2 * n, 3 * n)), 1)
        h_rz, h_n = m.split(hw, ((0, 2 * n), (2 * n, 3 * n)), 1)
        r, z = m.split(m.sigmoid(x_rz + h_rz), blocks(n, 2), 1)
        cand = m.tanh(x_n + r * h_n)
        return (cand + z * (h_prev - cand),), (r, z, cand, h_n, h_prev)

    def grad(self, m: Any, kept: tuple, g_states: list) -> tuple[Any, Any, list]:
        r, z, cand, h_n, h_prev = kept
        (gh,) = g_states
        g_cand = gh * (1.0 - z) * (1.0 - cand * cand)
        g_r = g_cand * h_n * (r * (1.0 - r))
        g_z = gh * (h_prev - cand) * (z * (1.0 - z))
        g_xw = m.concat([g_r, g_z, g_cand], 1)
        g_hw = m.concat([g_r, g_z, g_cand * r], 1)
        return g_xw, g_hw, [gh * z]


class RNNCell:
    """``h = activation(xw + hw)`` with tanh or relu; state ``h``."""

    tied = True

    def __init__(self, activation: str) -> None:
        self.activation = activation

    def step(self, m: Any, xw: Any, hw: Any, states: tuple) -> tuple[tuple, tuple]:
        h = getattr(m, self.activation)(xw + hw)
        return (h,), (h,)

    def grad(self, m: Any, kept: tuple, g_states: list) -> tuple[Any, Any, list]:
        ((h,), (gh,)) = kept, g_states
        g = gh * (1.0 - h * h) if self.activation == "tanh" else gh * m.positive(h)
        return g, g, [None]
