"""einsum: NumPy's semantics (ellipsis, implicit output, diagonals), gradients through
diagonals and letters only one operand has, Dask chunks, and the errors."""

import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward, check_double_backward

RNG = np.random.default_rng(0)

SUBSCRIPTS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("iij->ji", [(2, 2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij->ji", [(2, 3)]),
    ("i,j", [(2,), (3,)]),
    ("...ij,...jk->...ik", [(4, 2, 3), (3, 2)]),
    ("...ij,...jk", [(2, 1, 2, 3), (4, 3, 2)]),
    ("bi,bj,ij->b", [(4, 2), (4, 3), (2, 3)]),
    ("i...->...", [(2, 3, 4)]),
    ("a b , b c -> a c", [(2, 3), (3, 2)]),
]


@pytest.mark.parametrize(("subscripts", "shapes"), SUBSCRIPTS, ids=[s for s, _ in SUBSCRIPTS])
def test_values_and_gradients_match_numpy(subscripts, shapes):
    xs = [RNG.normal(size=s) for s in shapes]
    y = F.einsum(subscripts, *xs)
    np.testing.assert_allclose(y.array, np.einsum(subscripts.replace(" ", ""), *xs),
                               rtol=1e-12)
    check_backward(lambda *vs: F.einsum(subscripts, *vs), tuple(xs))


def test_double_backward_through_a_diagonal_and_a_lone_letter():
    x = RNG.normal(size=(3, 3, 2))
    gy = RNG.normal(size=(3,))
    check_double_backward(lambda a: F.einsum("iij->i", a * a), x, gy, RNG.normal(size=x.shape))


def test_dask_diagonal_across_unequal_chunks_stays_lazy():
    x = RNG.normal(size=(5, 5))
    lazy = flexgrad.Variable(da.from_array(x, chunks=((2, 3), (5,))))
    y = F.einsum("ii->i", lazy)
    y.grad = da.ones(5, chunks=2)
    y.backward()
    assert isinstance(y.array, da.Array) and isinstance(lazy.grad, da.Array)
    np.testing.assert_allclose(y.array.compute(), np.diag(x))
    np.testing.assert_allclose(lazy.grad.compute(), np.eye(5))


def test_the_standard_alone_has_no_einsum():
    x = flexgrad.get_device("@array_api_strict").send(np.ones((2, 2)))
    with pytest.raises(InvalidTypeError, match="einsum: array_api_strict arrays have no einsum"):
        F.einsum("ij->i", x)


@pytest.mark.parametrize(("subscripts", "shapes", "match"), [
    ("ij,jk->ik", [(2, 3), (4, 5)], "length 3 for subscript 'j'"),
    ("ij,jk->ik", [(2, 3)], "2 operands"),
    ("ijk", [(2, 3)], "3 axes for operand 0"),
    ("ij->k", [(2, 3)], "output letters"),
    ("ij->ii", [(2, 2)], "output letters"),
    ("i1", [(2, 3)], "letters"),
    ("i->j->k", [(2,)], "at most one"),
    ("..i", [(2,)], "'...'"),
    ("i...j...", [(2, 3, 4)], "well-formed"),
])
def test_bad_subscripts_name_the_problem(subscripts, shapes, match):
    with pytest.raises(InvalidValueError, match=match):
        F.einsum(subscripts, *[np.ones(s) for s in shapes])


def test_sublist_form():
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(4, 3, 2))
    np.testing.assert_allclose(F.einsum(a, [0, 1], b, [Ellipsis, 1, 2], [Ellipsis, 0, 2]).array,
                               np.einsum(a, [0, 1], b, [Ellipsis, 1, 2], [Ellipsis, 0, 2]))
    np.testing.assert_allclose(F.einsum(a, [0, 1]).array, np.einsum(a, [0, 1]))


def test_bad_operands():
    with pytest.raises(InvalidTypeError, match="sublists of ints and Ellipsis"):
        F.einsum(np.ones(2), np.ones(2))
    with pytest.raises(InvalidTypeError, match="sublist entries"):
        F.einsum(np.ones(2), ["i"])
    with pytest.raises(InvalidTypeError, match="dtype float64"):
        F.einsum("i,i", np.ones(2), np.ones(2, dtype=np.float32))
    with pytest.raises(InvalidTypeError, match="real floating"):
        F.einsum("i,i", np.ones(2, dtype=int), np.ones(2, dtype=int))
