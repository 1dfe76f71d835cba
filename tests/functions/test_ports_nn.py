"""The neural-net functions ported from Chainer for issue 13, by example: what the op table
cannot see (ties among several samples, options its rows leave out, lazy evaluation,
agreement with PyTorch's CTC, the link, and the errors for bad input)."""

from __future__ import annotations

import numpy as np
import pytest
from op_cases_ports_nn import ctc, roi_aligned, roi_pooled

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward

RNG = np.random.default_rng(13)
BOXES = np.array([[0.5, 1.0, 6.0, 4.5], [2.0, 0.0, 3.0, 7.0], [-3.0, -2.0, 1.0, 9.0]])
IMAGE = np.array([0, 1, 1])


def refuse_to_compute(*args, **kwargs):
    raise AssertionError("a dask array was computed")


# -- pooling --------------------------------------------------------------------------------
@pytest.mark.parametrize("fn, bad", [(F.max_pooling_1d, (1, 1, 4, 4)),
                                     (F.average_pooling_3d, (1, 1, 4)),
                                     (F.unpooling_1d, (1, 1, 2, 2))])
def test_fixed_rank_poolings_name_themselves_on_the_wrong_rank(fn, bad):
    with pytest.raises(InvalidValueError, match=fn.__name__ + ".*argument 'x'"):
        fn(np.zeros(bad), 2)


def test_unpooling_3d_undoes_the_shape_of_max_pooling_3d():
    x = RNG.standard_normal((1, 2, 4, 6, 5))
    y = F.max_pooling_3d(x, 2, cover_all=False)
    assert F.unpooling_3d(y, 2, outsize=(4, 6, 5), cover_all=False).shape == x.shape


def test_spatial_pyramid_pooling_gives_one_length_for_any_image_size():
    for h, w in ((4, 4), (7, 5), (9, 13)):
        y = F.spatial_pyramid_pooling_2d(RNG.standard_normal((2, 3, h, w)), 3)
        assert y.shape == (2, 3 * (1 + 4 + 16), 1, 1)
    with pytest.raises(InvalidValueError, match="pooling"):
        F.spatial_pyramid_pooling_2d(np.zeros((1, 1, 4, 4)), 2, pooling="average")


# -- local convolution ----------------------------------------------------------------------
def test_local_convolution_with_one_filter_everywhere_is_a_convolution():
    x, W, b = RNG.standard_normal((2, 3, 6, 5)), RNG.standard_normal((4, 3, 3, 2)), \
        RNG.standard_normal(4)
    out = (2, 2)  # stride 2: (6 - 3) // 2 + 1, (5 - 2) // 2 + 1
    local = F.local_convolution_2d(x, np.broadcast_to(W, out + W.shape).copy(),
                                   np.broadcast_to(b[:, None, None], (4,) + out).copy(), 2)
    np.testing.assert_allclose(local.array, F.convolution_2d(x, W, b, 2).array, rtol=1e-12)


def test_local_convolution_refuses_more_positions_than_fit():
    with pytest.raises(InvalidValueError, match="local_convolution_2d.*'W'.*at most"):
        F.local_convolution_2d(np.zeros((1, 1, 3, 3)), np.zeros((3, 3, 1, 1, 2, 2)))


def test_local_convolution_link_takes_its_sizes_from_the_first_input():
    link = L.LocalConvolution2D(None, 4, ksize=3, stride=(1, 2))
    y = link(np.ones((2, 3, 5, 7), dtype=np.float32))
    assert y.shape == (2, 4, 3, 3)
    assert link.W.shape == (3, 3, 4, 3, 3, 3) and link.b.shape == (4, 3, 3)
    assert link.W.dtype == np.float32


# -- regions of interest --------------------------------------------------------------------
@pytest.mark.parametrize("ratio", [None, 2, (3, 1)])
def test_roi_max_align_takes_the_largest_sample(ratio):
    x = RNG.standard_normal((2, 3, 8, 7))
    y = F.roi_max_align_2d(x, BOXES, IMAGE, (2, 3), 0.9, ratio)
    np.testing.assert_allclose(y.array, roi_aligned(x, BOXES, IMAGE, (2, 3), 0.9, "max", ratio),
                               rtol=1e-10, atol=1e-12)


def test_roi_max_align_gradient_reaches_the_winning_sample():
    x = RNG.standard_normal((2, 2, 6, 6))
    check_backward(lambda v: F.roi_max_align_2d(v, BOXES[:2] * 0.7, IMAGE[:2], 2, 1.0, 2),
                   (x,), dtype="float64")


def test_roi_average_align_reads_nothing_back_from_dask():
    dask = pytest.importorskip("dask")
    x = RNG.standard_normal((2, 3, 9, 8))
    expected = roi_aligned(x, BOXES * 2, IMAGE, 3, 0.45, "mean")
    device = flexgrad.get_device("@dask")
    with dask.config.set(scheduler=refuse_to_compute):
        y = F.roi_average_align_2d(device.send(x), device.send(BOXES * 2), device.send(IMAGE),
                                   3, 0.45)
    np.testing.assert_allclose(np.asarray(y.array.compute()), expected, rtol=1e-10, atol=1e-12)


def test_roi_bins_outside_the_image_give_zeros():
    x = RNG.standard_normal((1, 2, 4, 4)) + 10.0
    boxes = np.array([[10.0, 10.0, 14.0, 14.0]])
    for fn in (F.roi_max_pooling_2d, F.roi_average_pooling_2d):
        np.testing.assert_array_equal(fn(x, boxes, np.array([0]), 2, 1.0).array, 0.0)
    np.testing.assert_allclose(F.roi_average_pooling_2d(x, BOXES, np.zeros(3, int), 3, 0.5)
                               .array, roi_pooled(x, BOXES, np.zeros(3), 3, 0.5, "mean"))


@pytest.mark.parametrize("rois, index, arg", [
    (BOXES[:, :3], IMAGE, "rois"), (BOXES, IMAGE[:2], "roi_indices"),
    (BOXES, IMAGE + 1, "roi_indices"), (BOXES.astype(np.float32), IMAGE, "rois")])
def test_roi_functions_name_the_bad_argument(rois, index, arg):
    with pytest.raises((InvalidValueError, InvalidTypeError), match=f"argument '{arg}'"):
        F.roi_max_pooling_2d(np.zeros((2, 1, 4, 4)), rois, index, 2, 1.0)


# -- spatial transformer --------------------------------------------------------------------
def test_the_identity_transform_samples_the_image_back():
    x = RNG.standard_normal((2, 3, 4, 5))
    theta = np.tile(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), (2, 1, 1))
    y = F.spatial_transformer_sampler(x, F.spatial_transformer_grid(theta, (4, 5)))
    np.testing.assert_allclose(y.array, x, atol=1e-12)


def test_transformer_gradients_reach_theta_and_vanish_outside_the_image():
    x = RNG.standard_normal((1, 2, 4, 5))
    theta = flexgrad.Variable(np.array([[[0.7, 0.2, 0.1], [-0.1, 0.8, 0.05]]]))
    F.sum(F.spatial_transformer_sampler(x, F.spatial_transformer_grid(theta, (3, 3)))).backward()
    assert np.abs(theta.grad).sum() > 0
    grid = flexgrad.Variable(np.full((1, 2, 1, 1), 3.0))  # far outside
    y = F.spatial_transformer_sampler(x, grid)
    y.grad = np.ones_like(y.array)
    y.backward()
    assert (y.array == 0).all() and (grid.grad == 0).all()


# -- CTC ------------------------------------------------------------------------------------
def test_ctc_agrees_with_torch_on_loss_and_gradient():
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((6, 3, 5))
    t = np.array([[1, 2, 2], [3, 1, 0], [4, 4, 4]])
    lengths, label_lengths = np.array([6, 4, 6]), np.array([3, 2, 1])
    steps = [flexgrad.Variable(step) for step in x]
    loss = F.connectionist_temporal_classification(steps, t, 0, lengths, label_lengths, "no")
    F.sum(loss).backward()
    tx = torch.tensor(x, requires_grad=True)
    expected = torch.nn.functional.ctc_loss(
        torch.log_softmax(tx, 2), torch.tensor(t), torch.tensor(lengths),
        torch.tensor(label_lengths), blank=0, reduction="none")
    expected.sum().backward()
    np.testing.assert_allclose(loss.array, expected.detach().numpy(), rtol=1e-9)
    np.testing.assert_allclose(np.stack([s.grad for s in steps]), tx.grad.numpy(), atol=1e-9)


def test_ctc_blank_elsewhere_and_an_impossible_label_sequence():
    x = RNG.standard_normal((3, 2, 4))
    t = np.array([[0, 1], [2, 2]])  # blank 3
    np.testing.assert_allclose(F.connectionist_temporal_classification(list(x), t, 3).array,
                               ctc(x, t, 3))
    too_long = F.connectionist_temporal_classification(list(x[:2]), t, 3, reduce="no")
    assert 1e9 < float(too_long.array[1]) < 1e11  # 2 2 needs 3 steps: Chainer's 1e10


@pytest.mark.parametrize("kw, arg", [
    ({"blank_symbol": 4}, "blank_symbol"), ({"t": np.array([[1, 5]])}, "t"),
    ({"t": np.array([1, 2])}, "t"), ({"input_length": np.array([3, 1])}, "input_length"),
    ({"reduce": "sum"}, "reduce")])
def test_ctc_names_the_bad_argument(kw, arg):
    args = {"x": [np.zeros((1, 4))] * 2, "t": np.array([[1, 2]]), "blank_symbol": 0, **kw}
    with pytest.raises((InvalidValueError, InvalidTypeError), match=f"argument '{arg}'"):
        F.connectionist_temporal_classification(**args)
