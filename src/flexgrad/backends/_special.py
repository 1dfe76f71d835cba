"""Special functions on the Array API standard alone (elementwise, lazy-safe).

The standard has none of them. These formulations serve every namespace: erf and erfc are
Cephes' rational approximations (W. J. Cody's, public domain), whose ratio beyond 1 is
erfcx; lgamma is Lanczos' approximation with the reflection formula below 1/2; polygamma
and Hurwitz's zeta shift their argument up by a recurrence and sum the asymptotic
(Euler-Maclaurin) series there, polygamma reflecting below 1/2; erfinv and erfcinv refine
a closed-form first guess by Halley's method on erf, or by Newton's on log erfc in the
tails; ndtr, log_ndtr and ndtri are those rewritten. Relative error is about 1e-15 in
float64 away from zeros and poles of the functions.
Backends with a library implementation (SciPy, cupyx) use theirs instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# erf on |x| <= 1: x * T(x^2) / U(x^2); erfc beyond: exp(-x^2) * P(|x|) / Q(|x|) below 8,
# exp(-x^2) * R(|x|) / S(|x|) above. Highest degree first; U, Q and S have leading 1.
_T = (9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3,
      7.00332514112805075473e3, 5.55923013010394962768e4)
_U = (1.0, 3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3,
      2.26290000613890934246e4, 4.92673942608635921086e4)
_P = (2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0,
      4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2,
      9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2)
_Q = (1.0, 1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2,
      9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3,
      1.65666309194161350182e3, 5.57535340817727675546e2)
_R = (5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0,
      6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0)
_S = (1.0, 2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1,
      1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0)
_ERFC_ZERO = 30.0  # exp(-x^2) underflows to 0 beyond this in every float dtype
# erfcx(x) ~ 1 / (x sqrt(pi)) * sum_k (-1)^k (2k - 1)!! / (2 x^2)^k: 8 terms reach 1e-17
# beyond 26 (highest degree first)
_ERFCX_FAR = 26.0
_ERFCX_SERIES = tuple((-1) ** k * math.prod(range(1, 2 * k, 2)) for k in range(7, -1, -1))

# Lanczos' approximation with g = 7 and 9 terms.
_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905,
            -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7)

# Bernoulli numbers B_2, B_4, ..., B_16 for the asymptotic series.
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_HALF = math.sqrt(0.5)

_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)
_SHIFT = 12  # polygamma: the series is summed at x + _SHIFT >= 12.5


def _horner(x: Any, coefficients: Sequence[float]) -> Any:
    """The polynomial with these coefficients (highest degree first, at least two) at x."""
    acc = coefficients[0] * x + coefficients[1]
    for c in coefficients[2:]:
        acc = acc * x + c
    return acc


def _erf_small(xp: Any, x: Any) -> Any:
    """erf on |x| <= 1 (other values are clamped, for a finite unused branch)."""
    x = xp.clip(x, -1.0, 1.0)
    z = x * x
    return x * _horner(z, _T) / _horner(z, _U)


def _erfcx_large(xp: Any, ax: Any) -> Any:
    """erfcx = exp(x^2) erfc(x) on x >= 1 (other values are clamped, for a finite unused
    branch): Cephes' ratios, then the asymptotic series beyond _ERFCX_FAR."""
    ax = xp.clip(ax, 1.0, None)
    near = xp.clip(ax, 1.0, _ERFCX_FAR)
    ratio = xp.where(near < 8.0, _horner(near, _P) / _horner(near, _Q),
                     _horner(near, _R) / _horner(near, _S))
    # the series is 1 long before its argument's square could overflow: clip it there
    huge = xp.clip(ax, None, 0.5 * math.sqrt(float(xp.finfo(ax.dtype).max)))
    far = _horner(1.0 / (2.0 * huge * huge), _ERFCX_SERIES) / (math.sqrt(math.pi) * ax)
    return xp.where(ax < _ERFCX_FAR, ratio, far)


def _erfc_large(xp: Any, x: Any) -> Any:
    """erfc on |x| >= 1 (other values are clamped, for a finite unused branch)."""
    ax = xp.clip(xp.abs(x), 1.0, _ERFC_ZERO)
    y = xp.exp(-(ax * ax)) * _erfcx_large(xp, ax)
    return xp.where(x < 0, 2.0 - y, y)


def erf(xp: Any, x: Any) -> Any:
    small = xp.abs(x) <= 1.0
    return xp.where(small, _erf_small(xp, x), 1.0 - _erfc_large(xp, x))


def erfc(xp: Any, x: Any) -> Any:
    small = xp.abs(x) < 1.0
    return xp.where(small, 1.0 - _erf_small(xp, x), _erfc_large(xp, x))


def erfcx(xp: Any, x: Any) -> Any:
    """exp(x^2) erfc(x), finite where erfc underflows; +inf where exp(x^2) overflows."""
    near = xp.clip(x, -1.0, 1.0)  # each branch's argument is clamped to keep it finite
    middle = xp.exp(near * near) * (1.0 - _erf_small(xp, near))
    limit = math.sqrt(math.log(float(xp.finfo(x.dtype).max)) - 1.0)
    fits = xp.abs(x) < limit
    clipped = xp.clip(x, -limit, limit)
    grown = xp.exp(clipped * clipped)
    reflected = xp.where(fits, 2.0 * grown - _erfcx_large(xp, -x), math.inf)
    return xp.where(x >= 1.0, _erfcx_large(xp, x), xp.where(x > -1.0, middle, reflected))


def _erfinv_small(xp: Any, x: Any) -> Any:
    """erfinv on |x| <= 1/2: a Taylor guess, then Halley's method on erf (cubic)."""
    x = xp.clip(x, -0.5, 0.5)
    y = (0.5 * math.sqrt(math.pi)) * (x + (math.pi / 12.0) * x * x * x)
    for _ in range(3):
        r = (erf(xp, y) - x) / (_TWO_OVER_SQRT_PI * xp.exp(-(y * y)))
        y = y - r / (1.0 + r * y)
    return y


def _erfcinv_tail(xp: Any, t: Any) -> Any:
    """erfcinv on 0 < t <= 1/2: Winitzki's closed form (1e-3), then Newton's method on
    log erfc(y) = log erfcx(y) - y^2, which stays finite where erfc(y) underflows."""
    t = xp.clip(t, 0.0, 0.5)
    log_t = xp.log(xp.where(t > 0.0, t, 0.5))
    a = 0.147
    log_w = log_t + xp.log(2.0 - t)  # log(1 - x^2) for x = 1 - t
    b = 2.0 / (math.pi * a) + 0.5 * log_w
    y = xp.sqrt(xp.sqrt(b * b - log_w / a) - b)
    for _ in range(4):
        ex = erfcx(xp, y)
        y = y + (xp.log(ex) - y * y - log_t) * ex / _TWO_OVER_SQRT_PI
    return xp.where(t > 0.0, y, math.inf)


def erfcinv(xp: Any, t: Any) -> Any:
    """The inverse of erfc on [0, 2]; nan outside. Each branch's argument (1 - t, 2 - t)
    is exact where it is taken, so no precision is lost to cancellation."""
    small = _erfcinv_tail(xp, t)
    middle = _erfinv_small(xp, 1.0 - t)
    large = -_erfcinv_tail(xp, 2.0 - t)
    y = xp.where(t < 0.5, small, xp.where(t <= 1.5, middle, large))
    return xp.where((t >= 0.0) & (t <= 2.0), y, math.nan)


def erfinv(xp: Any, x: Any) -> Any:
    """The inverse of erf on [-1, 1]; nan outside."""
    tail = _erfcinv_tail(xp, 1.0 - xp.abs(x))
    y = xp.where(xp.abs(x) <= 0.5, _erfinv_small(xp, x), xp.where(x < 0, -tail, tail))
    return xp.where(xp.abs(x) <= 1.0, y, math.nan)


def ndtr(xp: Any, x: Any) -> Any:
    """The standard normal CDF, accurate in both tails."""
    return 0.5 * erfc(xp, x * -_SQRT_HALF)


def log_ndtr(xp: Any, x: Any) -> Any:
    """log ndtr(x): through erfcx in the left tail (where ndtr underflows), log1p in the
    right one (where it rounds to 1)."""
    neg, pos = xp.clip(x, None, 0.0), xp.clip(x, 0.0, None)
    left = xp.log(0.5 * erfcx(xp, neg * -_SQRT_HALF)) - 0.5 * neg * neg
    right = xp.log1p(-0.5 * erfc(xp, pos * _SQRT_HALF))
    return xp.where(x < 0.0, left, right)


def ndtri(xp: Any, p: Any) -> Any:
    """The inverse of ndtr on [0, 1]; nan outside."""
    return erfcinv(xp, 2.0 * p) * -math.sqrt(2.0)


def _lgamma_right(xp: Any, x: Any) -> Any:
    """log Gamma(x) for x >= 1/2 by Lanczos' approximation."""
    z = x - 1.0
    series = x * 0.0 + _LANCZOS[0]
    for k, c in enumerate(_LANCZOS[1:], 1):
        series = series + c / (z + k)
    t = z + (_LANCZOS_G + 0.5)
    return 0.5 * math.log(2 * math.pi) + (z + 0.5) * xp.log(t) - t + xp.log(series)


def _fraction(xp: Any, x: Any) -> Any:
    """``x`` modulo 1, moved into ``(-1/2, 1/2]``: exact, so integers give exactly 0."""
    r = x - xp.floor(x)
    return xp.where(r > 0.5, r - 1.0, r)


def lgamma(xp: Any, x: Any) -> Any:
    """log |Gamma(x)|; +inf at the poles 0, -1, -2, ..."""
    left = x < 0.5
    right = _lgamma_right(xp, xp.where(left, 1.0 - x, x))
    # |sin(pi x)| from the reduced argument: exactly 0 at the poles, accurate near them
    sin = xp.abs(xp.sin(math.pi * _fraction(xp, xp.where(left, x, 0.5))))
    reflected = math.log(math.pi) - xp.log(sin) - right
    return xp.where(left, reflected, right)


def _polygamma_right(xp: Any, n: int, x: Any) -> Any:
    """psi^(n)(x) for x >= 1/2: shift by the recurrence, then the asymptotic series."""
    if n == 0:
        # psi(y) ~ log y - 1/(2y) - sum_k B_2k / (2k y^2k)
        y = x + _SHIFT
        inv2 = 1.0 / (y * y)
        tail = x * 0.0
        for k in range(len(_BERNOULLI), 0, -1):
            tail = (tail + _BERNOULLI[k - 1] / (2 * k)) * inv2
        value = xp.log(y) - 0.5 / y - tail
        for k in range(_SHIFT):
            value = value - 1.0 / (x + k)
        return value
    # psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x)
    return ((-1) ** (n + 1) * math.factorial(n)) * zeta(xp, float(n + 1), x)


def zeta(xp: Any, s: Any, q: Any) -> Any:
    """Hurwitz's zeta ``sum_k (k + q)^-s`` for s > 1 (a number or an array), q > 0:
    ``_SHIFT`` terms summed, the rest by Euler-Maclaurin at q + _SHIFT."""
    y = q + _SHIFT
    value = y ** (1.0 - s) / (s - 1.0) + 0.5 * y ** (-s)
    rising = s  # s (s + 1) ... (s + 2j - 2)
    for j, b in enumerate(_BERNOULLI, 1):
        value = value + (b / math.factorial(2 * j)) * rising * y ** (-s - (2 * j - 1))
        rising = rising * (s + (2 * j - 1)) * (s + 2 * j)
    for k in range(_SHIFT):
        value = value + (q + k) ** (-s)
    return value


def _cot_derivative(n: int) -> list[float]:
    """Coefficients (lowest degree first) of P_n with d^n/du^n cot(u) = P_n(cot u)."""
    p = [0.0, 1.0]
    for _ in range(n):
        dp = [k * p[k] for k in range(1, len(p))] or [0.0]
        # -(1 + c^2) * P'(c)
        out = [0.0] * (len(dp) + 2)
        for k, c in enumerate(dp):
            out[k] -= c
            out[k + 2] -= c
        p = out
    return p


def polygamma(xp: Any, n: int, x: Any) -> Any:
    """psi^(n)(x), the n-th derivative of the digamma function (n = 0: digamma)."""
    left = x < 0.5
    right = _polygamma_right(xp, n, xp.where(left, 1.0 - x, x))
    # reflection: psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot(pi x))
    cot = 1.0 / xp.tan(math.pi * _fraction(xp, xp.where(left, x, 0.25)))  # inf at poles
    coefficients = _cot_derivative(n)[::-1]
    reflected = (-1) ** n * right - math.pi ** (n + 1) * _horner(cot, coefficients)
    return xp.where(left, reflected, right)
