"""Op table rows: the losses (classification, regression, VAE)."""

from __future__ import annotations

from hypothesis import strategies as st
from op_table import ANY, Arg, kinked, same
from op_table import OpCase as C


BINARY = Arg(kind="int", low=-1, high=1)  # sigmoid_cross_entropy: 0, 1 or -1 (ignored)
# two inputs on interleaved grids: x0 - x1 is never 0, and never within 0.05 of +-1
EVEN, ODD = Arg(grid=0.1), Arg(grid=0.1, offset=0.05)


@st.composite
def labelled(draw: st.DrawFn, classes: tuple[int, int] = (3, 4), soft: bool = False,
             extra: int = 1):
    """Shapes of scores ``(N, C, ...)`` and of their labels ``(N, ...)`` (or soft
    targets of the scores' shape), with up to ``extra`` trailing axes."""
    n = draw(st.integers(1, 4))
    c = draw(st.integers(*classes))
    rest = tuple(draw(st.lists(st.integers(1, 3), max_size=extra)))
    x = (n, c, *rest)
    return x, (x if soft else (n, *rest))


CLASSIFICATION = [
    C("sigmoid_cross_entropy", same(2, min_dims=1), (ANY, BINARY)),
    C("sigmoid_cross_entropy", same(2, min_dims=1), (ANY, BINARY), kw={"reduce": "no"}),
    C("sigmoid_cross_entropy", same(2, min_dims=1), (Arg(-40.0, 40.0), BINARY),
      kw={"normalize": False}),
    C("hinge", labelled(extra=0), (kinked(-1.0, 1.0), Arg(kind="int", low=0, high=2))),
    C("hinge", labelled(extra=0), (kinked(-1.0, 1.0), Arg(kind="int", low=0, high=2)),
      kw={"norm": "L2", "reduce": "no"}),
]

REGRESSION = [
    C("mean_squared_error", same(2)),
    C("squared_error", same(2)),
    C("mean_absolute_error", same(2), (EVEN, ODD)),
    C("absolute_error", same(2), (EVEN, ODD)),
    C("huber_loss", same(2, min_dims=2), (EVEN, ODD), kw={"delta": 1.0}),
    C("huber_loss", same(2), (EVEN, ODD), kw={"delta": 0.5, "reduce": "no"}),
]

CASES = CLASSIFICATION + REGRESSION
