"""Array extras against NumPy and Chainer's documented examples: pad's modes, sequences,
select_item, scatter_add, axis moves, stacks, depth/space, resize_images, permutate,
diagonal; laziness on Dask and the errors they raise."""

import dask
import dask.array as da
import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad.errors import BackendMismatchError, InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward

RNG = np.random.default_rng(0)


def _refuse(*args, **kwargs):
    raise AssertionError("a Dask value was computed inside forward or backward")


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap"])
@pytest.mark.parametrize("width", [1, (0, 5), ((2, 1), (7, 0))])
def test_pad_matches_numpy(mode, width):
    x = RNG.normal(size=(2, 3))
    np.testing.assert_array_equal(F.pad(x, width, mode).array, np.pad(x, width, mode))


def test_pad_constant_values_per_axis_and_side():
    x = np.ones((2, 2))
    values = ((1.0, 2.0), (3.0, 4.0))
    np.testing.assert_array_equal(F.pad(x, 1, constant_values=values).array,
                                  np.pad(x, 1, constant_values=values))
    labels = F.pad(np.array([1, 2]), (0, 2), constant_values=-1).array
    np.testing.assert_array_equal(labels, [1, 2, -1, -1])


def test_pad_gradient_sums_repeated_sources_and_stays_lazy():
    check_backward(lambda x: F.pad(x, (3, 4), "reflect"), RNG.normal(size=(3,)))
    x = flexgrad.Variable(da.from_array(np.arange(4.0), chunks=2))
    with dask.config.set(scheduler=_refuse):
        y = F.pad(x, (2, 1), mode="edge")
        y.grad = da.ones(7, chunks=3)
        y.backward()
    np.testing.assert_array_equal(x.grad.compute(), [3.0, 1.0, 1.0, 2.0])


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"mode": "mean"}, InvalidValueError, "one of 'constant'"),
    ({"pad_width": -1}, InvalidValueError, "non-negative"),
    ({"pad_width": (1, 2, 3)}, InvalidTypeError, "pair"),
    ({"pad_width": ((1, 2),) * 3}, InvalidTypeError, r"one pair per axis \(2\)"),
    ({"mode": "edge", "constant_values": 1}, InvalidTypeError, "no such keyword"),
    ({"mode": "reflect", "reflect_type": "odd"}, InvalidValueError, "'even'"),
    ({"constant_values": "a"}, InvalidTypeError, "constant_values"),
])
def test_pad_errors(kwargs, error, match):
    kwargs = {"pad_width": 1, **kwargs}
    with pytest.raises(error, match=match):
        F.pad(np.ones((2, 2)), **kwargs)
    with pytest.raises(InvalidValueError, match="non-empty axis"):
        F.pad(np.ones((0, 2)), 1, "wrap")
    with pytest.raises(InvalidTypeError, match="integer array"):
        F.pad(np.array([1, 2]), 1, constant_values=0.5)


def test_pad_sequence_follows_chainer():
    xs = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0]])]
    y = F.pad_sequence(xs, length=3, padding=-1.0)
    np.testing.assert_array_equal(y.array, [[[1, 2], [3, 4], [-1, -1]],
                                            [[5, 6], [-1, -1], [-1, -1]]])
    with pytest.raises(InvalidValueError, match="longest length 2"):
        F.pad_sequence(xs, length=1)
    with pytest.raises(InvalidValueError, match="shape"):
        F.pad_sequence([np.ones((2, 2)), np.ones((2, 3))])


def test_transpose_sequence_follows_chainer():
    xs = [np.array([0.0, 1, 2, 3]), np.array([4.0, 5]), np.array([6.0])]
    ys = F.transpose_sequence(xs)
    assert [y.array.tolist() for y in ys] == [[0, 4, 6], [1, 5], [2], [3]]
    back = F.transpose_sequence(ys)
    assert [b.array.tolist() for b in back] == [x.tolist() for x in xs]
    vs = [flexgrad.Variable(x) for x in xs]
    F.sum(F.transpose_sequence(vs)[1] * 3.0).backward()  # only step 1 feeds the loss
    assert [v.grad.tolist() for v in vs] == [[0, 3, 0, 0], [0, 3], [0]]
    assert F.transpose_sequence([]) == ()
    with pytest.raises(InvalidValueError, match="decreasing length"):
        F.transpose_sequence([np.ones(1), np.ones(2)])


def test_separate_and_its_gradient():
    x = flexgrad.Variable(RNG.normal(size=(2, 3)))
    ys = F.separate(x, axis=1)
    assert len(ys) == 3 and all(y.shape == (2,) for y in ys)
    F.sum(ys[2]).backward()
    np.testing.assert_array_equal(x.grad, [[0, 0, 1], [0, 0, 1]])
    assert F.separate(np.ones((0, 2))) == ()


def test_select_item_follows_chainer_and_checks_labels():
    x = np.array([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], dtype=np.float32)
    np.testing.assert_array_equal(F.select_item(x, np.array([0, 2])).array, [0.0, 5.0])
    with flexgrad.using_config("debug", True), \
            pytest.raises(InvalidValueError, match=r"labels in \[0, 3\)"):
        F.select_item(x, np.array([0, 3]))
    with pytest.raises(InvalidValueError, match=r"labels in \[0, 3\)"):
        F.select_item(x, np.array([-1, 1]))
    with pytest.raises(InvalidTypeError, match="integer dtype"):
        F.select_item(x, np.array([0.0, 1.0]))
    with pytest.raises(InvalidValueError, match="length 2"):
        F.select_item(x, np.array([0]))
    with pytest.raises(BackendMismatchError, match="like x"):
        F.select_item(x, da.from_array(np.array([0, 1])))


def test_scatter_add_matches_numpy_add_at():
    a, b = RNG.normal(size=(4, 3)), RNG.normal(size=(5, 3))
    index = [0, 1, 1, 3, 0]
    expected = a.copy()
    np.add.at(expected, index, b)
    av, bv = flexgrad.Variable(a), flexgrad.Variable(b)
    y = F.scatter_add(av, index, bv)
    np.testing.assert_allclose(y.array, expected)
    np.testing.assert_array_equal(a, av.array)  # a itself is unchanged
    gy = RNG.normal(size=(4, 3))
    y.grad = gy
    y.backward()
    np.testing.assert_array_equal(av.grad, gy)
    np.testing.assert_array_equal(bv.grad, gy[index])
    with pytest.raises(InvalidValueError, match=r"a\[slices\] \(5, 3\)"):
        F.scatter_add(a, index, b[:2])


@pytest.mark.parametrize(("source", "destination"), [(0, -1), ((0, 1), (2, 0)), (-1, 1)])
def test_moveaxis_matches_numpy(source, destination):
    x = np.zeros((2, 3, 4))
    assert F.moveaxis(x, source, destination).shape == \
        np.moveaxis(x, source, destination).shape


@pytest.mark.parametrize(("axis", "start"), [(2, 0), (0, 3), (1, -1), (1, 1), (-1, -3)])
def test_rollaxis_matches_numpy(axis, start):
    x = RNG.normal(size=(2, 3, 4))
    np.testing.assert_array_equal(F.rollaxis(x, axis, start).array,
                                  np.rollaxis(x, axis, start))


def test_axis_move_errors():
    with pytest.raises(InvalidValueError, match="2 axes, as many as source"):
        F.moveaxis(np.zeros((2, 3)), (0, 1), 0)
    with pytest.raises(InvalidValueError, match="distinct"):
        F.moveaxis(np.zeros((2, 3)), (0, 0), (0, 1))
    with pytest.raises(InvalidValueError, match=r"\[-2, 2\]"):
        F.rollaxis(np.zeros((2, 3)), 0, 3)


@pytest.mark.parametrize("shapes", [[(2,), (3,)], [(2, 3), (2, 1)], [(), ()],
                                    [(2, 3, 1), (2, 3, 2)]])
@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack"])
def test_stacks_match_numpy(name, shapes):
    xs = [RNG.normal(size=s) for s in shapes]
    try:
        expected = getattr(np, name)(xs)
    except ValueError:
        return
    np.testing.assert_array_equal(getattr(F, name)(xs).array, expected)


def test_depth2space_and_space2depth_follow_chainer():
    x = np.arange(24).reshape(1, 4, 2, 3).astype(np.float32)
    y = F.depth2space(x, 2)
    np.testing.assert_array_equal(y.array[0, 0], [[0, 6, 1, 7, 2, 8], [12, 18, 13, 19, 14, 20],
                                                  [3, 9, 4, 10, 5, 11],
                                                  [15, 21, 16, 22, 17, 23]])
    np.testing.assert_array_equal(F.space2depth(y, 2).array, x)
    x = np.arange(24).reshape(1, 1, 4, 6).astype(np.float32)
    np.testing.assert_array_equal(F.space2depth(x, 2).array[0, :, 0],
                                  [[0, 2, 4], [1, 3, 5], [6, 8, 10], [7, 9, 11]])
    with pytest.raises(InvalidValueError, match="divisible by r \\* r = 4"):
        F.depth2space(np.ones((1, 3, 2, 2)), 2)
    with pytest.raises(InvalidValueError, match="4-d"):
        F.space2depth(np.ones((2, 2)), 2)


def _chainer_bilinear(x, out_h, out_w, align_corners):
    """Chainer 7's sampling points and weights, written out for one image."""
    h, w = x.shape[-2:]
    if align_corners:
        v, u = np.linspace(0, h - 1, out_h), np.linspace(0, w - 1, out_w)
    else:
        v = np.maximum((np.arange(out_h) + 0.5) * h / out_h - 0.5, 0)
        u = np.maximum((np.arange(out_w) + 0.5) * w / out_w - 0.5, 0)
    vw, v = np.modf(v)
    uw, u = np.modf(u)
    v, u = v.astype(int), u.astype(int)
    v1, u1 = np.minimum(v + 1, h - 1), np.minimum(u + 1, w - 1)
    vw, uw = vw[:, None], uw[None, :]
    return ((1 - vw) * (1 - uw) * x[..., v[:, None], u[None, :]]
            + (1 - vw) * uw * x[..., v[:, None], u1[None, :]]
            + vw * (1 - uw) * x[..., v1[:, None], u[None, :]]
            + vw * uw * x[..., v1[:, None], u1[None, :]])


@pytest.mark.parametrize("align_corners", [True, False])
@pytest.mark.parametrize("out", [(5, 7), (2, 3), (1, 1), (3, 4)])
def test_resize_images_matches_chainer(out, align_corners):
    x = RNG.normal(size=(2, 2, 3, 4))
    y = F.resize_images(x, out, align_corners=align_corners)
    np.testing.assert_allclose(y.array, _chainer_bilinear(x, *out, align_corners), rtol=1e-12,
                               atol=1e-14)


def test_resize_images_nearest_and_errors():
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    y = F.resize_images(x, (6, 2), mode="nearest")
    np.testing.assert_array_equal(y.array[0, 0], x[0, 0][[0, 0, 1, 1, 2, 2]][:, [0, 2]])
    with pytest.raises(InvalidValueError, match="'bilinear' or 'nearest'"):
        F.resize_images(x, (2, 2), mode="bicubic")
    with pytest.raises(InvalidTypeError, match="positive ints"):
        F.resize_images(x, (0, 2))


def test_permutate_follows_chainer_and_checks_indices():
    x = np.arange(6).reshape((3, 2)).astype(np.float32)
    indices = np.array([2, 0, 1], np.int32)
    np.testing.assert_array_equal(F.permutate(x, indices).array, [[4, 5], [0, 1], [2, 3]])
    np.testing.assert_array_equal(F.permutate(x, indices, inv=True).array,
                                  [[2, 3], [4, 5], [0, 1]])
    np.testing.assert_array_equal(F.permutate(x, np.array([1, 0]), axis=1).array,
                                  [[1, 0], [3, 2], [5, 4]])
    with flexgrad.using_config("debug", True), \
            pytest.raises(InvalidValueError, match="permutation of range"):
        F.permutate(x, np.array([0, 0, 1]))
    with pytest.raises(InvalidValueError):
        F.permutate(x, np.array([0, -1, 1]))
    with pytest.raises(InvalidValueError, match="length 3"):
        F.permutate(x, np.array([0, 1]))


@pytest.mark.parametrize(("offset", "axis1", "axis2"), [(0, 0, 1), (1, 0, 2), (-1, 2, 0),
                                                         (5, 0, 1), (-2, 1, -1)])
def test_diagonal_matches_numpy(offset, axis1, axis2):
    x = RNG.normal(size=(3, 4, 2))
    np.testing.assert_array_equal(F.diagonal(x, offset, axis1, axis2).array,
                                  np.diagonal(x, offset, axis1, axis2))
    with pytest.raises(InvalidValueError, match="other than axis1"):
        F.diagonal(x, 0, 1, -2)
