"""Convolutions, deconvolutions, depthwise convolution and im2col: values against a direct
loop, each option's gradients on NumPy (the op table combines them), Chainer's documented
shapes, and the errors for bad input."""

import itertools

import numpy as np
import pytest

import flexgrad.functions as F
from flexgrad.errors import InvalidTypeError, InvalidValueError
from flexgrad.testing import check_backward, check_double_backward

RNG = np.random.default_rng(0)


def direct_convolution(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """y[n, o, *p] = sum over c, *i of W[o, c, *i] x_pad[n, g C/G + c, *(p s + i d)]."""
    nd = x.ndim - 2
    s, p, d = ((v,) * nd if isinstance(v, int) else v for v in (stride, pad, dilate))
    k = W.shape[2:]
    reach = [di * (ki - 1) + 1 for ki, di in zip(k, d, strict=True)]
    out = [(n + 2 * pi - r + (si - 1 if cover_all else 0)) // si + 1
           for n, pi, r, si in zip(x.shape[2:], p, reach, s, strict=True)]
    extra = [max(0, si * (o - 1) + r - n - pi)
             for si, o, r, n, pi in zip(s, out, reach, x.shape[2:], p, strict=True)]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(pi, e) for pi, e in zip(p, extra, strict=True)])
    n, c = x.shape[:2]
    o_ch, cg = W.shape[0], c // groups
    y = np.zeros((n, o_ch, *out))
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = W[g * (o_ch // groups):(g + 1) * (o_ch // groups)]
        for i in itertools.product(*map(range, k)):
            window = tuple(slice(ii * di, ii * di + si * (o - 1) + 1, si)
                           for ii, di, si, o in zip(i, d, s, out, strict=True))
            y[:, g * (o_ch // groups):(g + 1) * (o_ch // groups)] += np.einsum(
                "nc...,oc->no...", xs[(slice(None), slice(None), *window)],
                ws[(slice(None), slice(None), *i)])
    if b is not None:
        y += b.reshape((1, -1) + (1,) * nd)
    return y


OPTIONS = [
    {},
    {"stride": 2},
    {"stride": (1, 3), "pad": (2, 1)},
    {"stride": 2, "pad": 1, "cover_all": True},
    {"dilate": 2, "pad": 2},
    {"dilate": (1, 2)},
    {"groups": 2},
    {"groups": 4, "stride": 2, "pad": 1},
]


@pytest.mark.parametrize("options", OPTIONS, ids=[repr(o) for o in OPTIONS])
def test_convolution_2d_matches_a_direct_loop(options):
    groups = options.get("groups", 1)
    x = RNG.standard_normal((2, 4, 6, 5))
    W = RNG.standard_normal((4, 4 // groups, 3, 2))
    b = RNG.standard_normal(4)
    y = F.convolution_2d(x, W, b, **options)
    np.testing.assert_allclose(y.array, direct_convolution(x, W, b, **options), atol=1e-12)


@pytest.mark.parametrize("options", OPTIONS, ids=[repr(o) for o in OPTIONS])
def test_convolution_2d_gradients(options):
    groups = options.get("groups", 1)
    xs = (RNG.standard_normal((1, 4, 5, 4)), RNG.standard_normal((4, 4 // groups, 2, 2)),
          RNG.standard_normal(4))

    def f(x, W, b):
        return F.convolution_2d(x, W, b, **options)

    check_backward(f, xs)
    check_double_backward(f, xs, None, None)


@pytest.mark.parametrize("options", OPTIONS, ids=[repr(o) for o in OPTIONS])
def test_deconvolution_2d_is_the_transpose_of_convolution_2d(options):
    """<deconv(x, W), z> == <x, conv(z, W)>: the deconvolution is the convolution's gradient."""
    options = dict(options)
    cover_all = options.pop("cover_all", False)
    groups = options.get("groups", 1)
    z = RNG.standard_normal((2, 4, 7, 6))
    W = RNG.standard_normal((4, 4 // groups, 3, 2))
    y = F.convolution_2d(z, W, cover_all=cover_all, **options)
    x = RNG.standard_normal(y.shape)
    back = F.deconvolution_2d(x, W, outsize=z.shape[2:], **options)
    assert back.shape == z.shape
    np.testing.assert_allclose(np.sum(back.array * z), np.sum(x * y.array))


def test_deconvolution_2d_default_outsize_and_gradients():
    x, W, b = RNG.standard_normal((2, 2, 3, 2)), RNG.standard_normal((2, 3, 3, 3)), np.ones(3)
    y = F.deconvolution_2d(x, W, b, stride=2, pad=1)
    assert y.shape == (2, 3, 2 * 2 + 3 - 2, 2 * 1 + 3 - 2)  # s (d - 1) + k - 2 p

    def f(x, W, b):
        return F.deconvolution_2d(x, W, b, stride=(2, 1), pad=1, outsize=(6, 4), dilate=(1, 2))

    check_backward(f, (x, W, b))
    check_double_backward(f, (x, W, b), None, None)


def test_nd_functions_match_the_2d_ones():
    x, W = RNG.standard_normal((2, 2, 5, 4)), RNG.standard_normal((3, 2, 2, 3))
    np.testing.assert_allclose(F.convolution_nd(x, W, None, 2, 1).array,
                               F.convolution_2d(x, W, None, 2, 1).array)
    Wt = RNG.standard_normal((2, 3, 2, 3))
    np.testing.assert_allclose(F.deconvolution_nd(x, Wt, None, 2, 1).array,
                               F.deconvolution_2d(x, Wt, None, 2, 1).array)


def test_convolution_nd_in_one_and_three_dimensions():
    for shape, kernel in (((2, 3, 7), (2, 3, 3)), ((1, 2, 3, 4, 3), (2, 2, 2, 3, 2))):
        x, W = RNG.standard_normal(shape), RNG.standard_normal(kernel)
        b = np.arange(kernel[0] * 1.0)
        y = F.convolution_nd(x, W, b, stride=2, pad=1, cover_all=True)
        np.testing.assert_allclose(y.array, direct_convolution(x, W, b, 2, 1, True), atol=1e-12)

        def f(x, W):
            return F.convolution_nd(x, W, stride=2, pad=1)

        check_double_backward(f, (x, W), None, None)


def test_depthwise_convolution_2d_convolves_each_channel_with_its_own_filters():
    x, W, b = RNG.standard_normal((2, 3, 5, 5)), RNG.standard_normal((2, 3, 3, 3)), np.arange(6.0)
    y = F.depthwise_convolution_2d(x, W, b, stride=2, pad=1).array
    for c, m in itertools.product(range(3), range(2)):
        expected = direct_convolution(x[:, c:c + 1], W[m:m + 1, c:c + 1], stride=2, pad=1)
        np.testing.assert_allclose(y[:, c * 2 + m], expected[:, 0] + c * 2 + m, atol=1e-12)


def test_im2col_layout_is_chainers():
    x = RNG.standard_normal((2, 3, 5, 4))
    cols = F.im2col(x, (2, 3), stride=(2, 1), pad=1, dilate=(2, 1)).array
    xp = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)])
    oh, ow = (5 + 2 - 3) // 2 + 1, (4 + 2 - 3) + 1
    assert cols.shape == (2, 3 * 2 * 3, oh, ow)
    for c, i, j in itertools.product(range(3), range(2), range(3)):
        np.testing.assert_array_equal(cols[:, (c * 2 + i) * 3 + j],
                                      xp[:, c, 2 * i:2 * i + 2 * (oh - 1) + 1:2, j:j + ow])


def test_im2col_cover_all_adds_windows():
    x = np.ones((1, 1, 4, 4))
    assert F.im2col(x, 3, stride=2).shape == (1, 9, 1, 1)
    assert F.im2col(x, 3, stride=2, cover_all=True).shape == (1, 9, 2, 2)


@pytest.mark.parametrize("call, arg", [
    (lambda: F.convolution_2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3))), "'W'"),
    (lambda: F.convolution_2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 5, 1)), pad=1), "'W'"),
    (lambda: F.convolution_2d(np.ones((1, 3, 4, 4)), np.ones((2, 2, 3, 3))), "'W'"),
    (lambda: F.convolution_2d(np.ones((1, 3, 4, 4)), np.ones((2, 1, 3, 3)), groups=2),
     "'groups'"),
    (lambda: F.convolution_2d(np.ones((1, 4, 4, 4)), np.ones((3, 2, 3, 3)), groups=2),
     "'groups'"),
    (lambda: F.convolution_2d(np.ones((1, 1, 4)), np.ones((1, 1, 3))), "'x'"),
    (lambda: F.convolution_2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), np.ones(2)), "'b'"),
    (lambda: F.convolution_2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), stride=0),
     "'stride'"),
    (lambda: F.convolution_nd(np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), pad=(1, 1, 1)),
     "'pad'"),
    (lambda: F.deconvolution_2d(np.ones((1, 2, 3, 3)), np.ones((1, 2, 3, 3))), "'W'"),
    (lambda: F.deconvolution_2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), stride=2,
                                outsize=(9, 9)), "'outsize'"),
    (lambda: F.deconvolution_2d(np.ones((1, 1, 1, 1)), np.ones((1, 1, 1, 1)), pad=1), "'pad'"),
    (lambda: F.depthwise_convolution_2d(np.ones((1, 3, 4, 4)), np.ones((2, 2, 3, 3))), "'W'"),
    (lambda: F.im2col(np.ones((1, 1, 2, 2)), 3), "'ksize'"),
])
def test_bad_input_names_the_function_and_argument(call, arg):
    with pytest.raises(InvalidValueError, match=arg):
        call()


def test_bad_dtypes_are_type_errors():
    with pytest.raises(InvalidTypeError, match="'W'"):
        F.convolution_2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2), np.float32))
    with pytest.raises(InvalidTypeError, match="'x'"):
        F.convolution_2d(np.ones((1, 1, 3, 3), int), np.ones((1, 1, 2, 2), int))


def test_agrees_with_pytorch_when_installed():
    torch = pytest.importorskip("torch")
    x, W, b = RNG.standard_normal((2, 4, 7, 6)), RNG.standard_normal((6, 2, 3, 3)), np.ones(6)
    t = torch.nn.functional.conv2d(torch.tensor(x), torch.tensor(W), torch.tensor(b),
                                   (2, 1), (1, 2), (1, 2), 2)
    y = F.convolution_2d(x, W, b, stride=(2, 1), pad=(1, 2), dilate=(1, 2), groups=2)
    np.testing.assert_allclose(y.array, t.numpy(), atol=1e-12)
    Wt = RNG.standard_normal((4, 3, 3, 3))
    t = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(Wt), None, 2, 1, 1)
    y = F.deconvolution_2d(x, Wt, stride=2, pad=1, outsize=tuple(t.shape[2:]))
    np.testing.assert_allclose(y.array, t.numpy(), atol=1e-12)


@pytest.mark.parametrize("call, arg", [
    (lambda: F.depthwise_convolution_2d(np.ones((1, 2, 4, 4)), np.ones((1, 2, 3, 3)),
                                        stride=0), "'stride'"),
    (lambda: F.depthwise_convolution_2d(np.ones((1, 2, 2, 2)), np.ones((1, 2, 3, 3))), "'W'"),
    (lambda: F.depthwise_convolution_2d(np.ones((1, 2, 4, 4)), np.ones((3, 2, 3, 3)),
                                        np.ones(3)), "'b'"),
])
def test_depthwise_errors_name_depthwise(call, arg):
    with pytest.raises(InvalidValueError, match=f"depthwise_convolution_2d: argument {arg}"):
        call()
