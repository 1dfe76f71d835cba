"""einsum: Einstein summation, through the backend (the standard has none).

The subscripts are first made explicit (``...`` becomes letters, the implicit output is
spelled out), so a node holds one subscript per operand and one for the output. The
gradient of an operand is one more einsum: the output gradient with the other operands,
summed to the operand's subscript, with constant identity matrices placing it on
diagonals (repeated letters) and a constant ones vector spreading it over letters only
that operand has. Being an einsum itself, it is differentiable again.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from ... import backends
from ...errors import expect_float, expect_same_dtype, fail
from ...function_node import FunctionNode
from ...variable import Variable
from ..array._args import array_arg
from ..array.broadcast import broadcast_to

_LETTERS = string.ascii_letters


class EinSum(FunctionNode):
    """``einsum('in0,in1,...->out', *operands)`` with explicit letters only."""

    __slots__ = ("in_subs", "out_sub")

    def __init__(self, in_subs: tuple[str, ...], out_sub: str) -> None:
        self.in_subs = in_subs
        self.out_sub = out_sub

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        return (self.backend.einsum(f"{','.join(self.in_subs)}->{self.out_sub}", *inputs),)

    def backward(self, indexes, grad_outputs):
        (gy,) = grad_outputs
        operands = self.get_retained_inputs()
        sizes = _sizes(self.in_subs, [x.shape for x in operands])
        return tuple(self._grad(i, gy, operands, sizes) for i in indexes)

    def _grad(self, i: int, gy: Variable, operands: Sequence[Variable],
              sizes: dict[str, int]) -> Variable:
        """einsum of ``gy`` with the other operands into operand ``i``'s subscript."""
        subs = [self.out_sub] + [s for j, s in enumerate(self.in_subs) if j != i]
        args: list[Any] = [gy] + [x for j, x in enumerate(operands) if j != i]
        known = set("".join(subs))
        xp, dtype = self.xp, operands[i].dtype
        device = self.backend.device_arg(gy.array)
        fresh = iter(c for c in _LETTERS if c not in known and c not in self.in_subs[i])
        target, seen = [], set()
        for c in self.in_subs[i]:
            if c in seen:  # a diagonal: a fresh letter tied to c by an identity matrix
                tied = next(fresh, None)
                if tied is None:
                    fail("einsum", "subscripts", "fewer letters (the gradient needs spare "
                         "ones)", f"{self.in_subs}")
                subs.append(c + tied)
                args.append(xp.eye(sizes[c], dtype=dtype, device=device))
                c = tied
            elif c not in known:  # only this operand has c: spread the gradient over it
                subs.append(c)
                args.append(xp.ones((sizes[c],), dtype=dtype, device=device))
                known.add(c)
            seen.add(c)
            target.append(c)
        return EinSum(tuple(subs), "".join(target)).apply(args)[0]


def _sizes(subs: Sequence[str], shapes: Sequence[tuple[int, ...]]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for sub, shape in zip(subs, shapes, strict=True):
        for c, n in zip(sub, shape, strict=True):
            sizes.setdefault(c, n)
    return sizes


def _parse(subscripts: str, ndims: Sequence[int]) -> tuple[list[str], str, str]:
    """Explicit subscripts: ``...`` replaced by unused letters, the output spelled out;
    and the letters that replaced ``...`` (their axes broadcast)."""
    text = subscripts.replace(" ", "")
    if text.count("->") > 1 or ("-" in text and "->" not in text):
        fail("einsum", "subscripts", "at most one '->'", repr(subscripts))
    inputs, arrow, output = text.partition("->")
    parts = inputs.split(",")
    if len(parts) != len(ndims):
        fail("einsum", "operands", f"{len(parts)} operands for {subscripts!r}",
             f"{len(ndims)}")
    for c in text.replace("...", "").replace(",", "").replace("->", ""):
        if c not in _LETTERS:
            fail("einsum", "subscripts", "letters, ',', '->' and '...'", repr(subscripts))
    spare = [c for c in _LETTERS if c not in text]
    n_ellipsis = max([n - len(p.replace("...", "")) for p, n in zip(parts, ndims,
                                                                   strict=True)
                      if "..." in p], default=0)
    ellipsis = "".join(spare[:n_ellipsis])
    explicit = []
    for k, (part, n) in enumerate(zip(parts, ndims, strict=True)):
        if part.count("...") > 1 or "." in part.replace("...", ""):
            fail("einsum", "subscripts", "well-formed '...'", repr(subscripts))
        if "..." in part:
            fill = n - len(part.replace("...", ""))
            part = part.replace("...", ellipsis[n_ellipsis - fill:] if fill > 0 else "")
        if len(part) != n:
            fail("einsum", "subscripts", f"{len(part)} axes for operand {k}", f"{n} axes")
        explicit.append(part)
    if arrow:
        out = output.replace("...", ellipsis)
        if "." in out:
            fail("einsum", "subscripts", "well-formed '...'", repr(subscripts))
        for c in out:
            if c not in "".join(explicit) or out.count(c) > 1:
                fail("einsum", "subscripts", "output letters that appear once there and "
                     "in some input", repr(subscripts))
    else:  # implicit: the ellipsis axes, then the letters used once, sorted
        letters = "".join(parts).replace("...", "")
        out = ellipsis + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    return explicit, out, ellipsis


def _from_sublists(args: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
    """NumPy's other form, ``(op0, sublist0, op1, sublist1, ..., [sublist_out])``, as a
    subscripts string and the operands; a sublist holds ints (axis labels) and Ellipsis."""
    def letters(sublist: Any) -> str:
        if not isinstance(sublist, (list, tuple)):
            fail("einsum", "subscripts", "a str, or sublists of ints and Ellipsis after each "
                 "operand", sublist, kind="type")
        out = []
        for k in sublist:
            if k is Ellipsis:
                out.append("...")
            elif isinstance(k, int) and not isinstance(k, bool) and 0 <= k < len(_LETTERS):
                out.append(_LETTERS[k])
            else:
                fail("einsum", "subscripts", f"sublist entries: Ellipsis or ints in [0, "
                     f"{len(_LETTERS)})", f"{k!r}", kind="type")
        return "".join(out)

    pairs = len(args) // 2
    text = ",".join(letters(args[2 * i + 1]) for i in range(pairs))
    if len(args) % 2:
        text += "->" + letters(args[-1])
    return text, tuple(args[2 * i] for i in range(pairs))


def _broadcast_ellipsis(operands: list[Any], arrays: list[Any], subs: list[str],
                        sizes: dict[str, int]) -> list[Any]:
    """Operands with length-1 axes stretched to the letter's length (``...`` broadcasting)."""
    out = []
    for x, a, sub in zip(operands, arrays, subs, strict=True):
        shape = tuple(sizes[c] for c in sub)
        out.append(x if tuple(a.shape) == shape else broadcast_to(x, shape))
    return out


def einsum(subscripts: str, *operands: Variable | Any) -> Variable:
    """Einstein summation over ``subscripts``, as ``numpy.einsum``.

    Args:
        subscripts: e.g. ``'ij,jk->ik'``; ``...`` stands for broadcast axes, and without
            ``->`` the output holds the letters used once, in alphabetical order.
        operands: Variables or arrays of one float dtype, on a backend with an einsum
            (NumPy, CuPy, Dask; the Array API standard has none: an error elsewhere).

    NumPy's (and Chainer's) other form works too: ``einsum(a, [0, 1], b, [1, 2], [0, 2])``.

    >>> import numpy as np, flexgrad.functions as F
    >>> F.einsum('ij,j->i', np.eye(2), np.array([3.0, 4.0])).array
    array([3., 4.])
    >>> F.einsum('ii', np.array([[1.0, 2.0], [3.0, 4.0]])).array
    array(5.)
    """
    if not isinstance(subscripts, str):
        subscripts, operands = _from_sublists((subscripts, *operands))
    if not operands:
        fail("einsum", "operands", "at least one Variable or array", "none")
    arrays = [array_arg("einsum", f"operands[{i}]", x) for i, x in enumerate(operands)]
    names = [f"operands[{i}]" for i in range(len(arrays))]
    expect_float("einsum", names[0], arrays[0], backends.backend_of(arrays[0]))
    expect_same_dtype("einsum", names, arrays)
    in_subs, out_sub, broadcast = _parse(subscripts, [a.ndim for a in arrays])
    sizes: dict[str, int] = {}
    for name, a, sub in zip(names, arrays, in_subs, strict=True):
        for c, n in zip(sub, a.shape, strict=True):
            known = sizes.setdefault(c, n)
            if known != n and not (c in broadcast and 1 in (known, n)):
                fail("einsum", name, f"length {known} for subscript {c!r}", a)
            sizes[c] = max(known, n)
    operands = _broadcast_ellipsis(list(operands), arrays, in_subs, sizes)
    return EinSum(tuple(in_subs), out_sub).apply(operands)[0]

