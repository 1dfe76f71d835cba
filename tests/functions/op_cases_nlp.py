"""Op table rows: the NLP losses (negative_sampling, black_out, crf1d, argmax_crf1d).

Samples and label paths are fixed: drawn once from a fixed-seed NumPy generator and sent
to the inputs' backend, so the numerical gradient and every backend see the same ones.
reduce='mean' of crf1d and reduce='no' of black_out are checked in test_loss_nlp.py
(each row costs ~1-3 s, mostly Dask). The CRF rows take their steps packed in one
``(sum B_t, n_label)`` input, split here.
"""

from __future__ import annotations

import numpy as np
import op_refs as R
from hypothesis import strategies as st
from op_table import ANY, Arg
from op_table import OpCase as C

import flexgrad.functions as F

VOCAB, SAMPLES = 5, 3
LABELS = 3
BATCHES = (3, 2, 2, 1)  # a step for each case: one row ends, none end, one ends


def _host_ints(high, shape, seed=0):
    """Integers in ``[0, high)`` of ``shape``, drawn from a generator seeded with ``seed``."""
    return np.random.default_rng(seed).integers(0, high, shape).astype(np.int32)


def _fixed_ints(x, high, shape, seed=0):
    """Integers in ``[0, high)`` of ``shape`` on the backend of ``x`` (a Variable)."""
    return x.device.send(_host_ints(high, shape, seed))


def _negative_sampling(reduce):
    def func(x, t, W):
        sampler = lambda shape: _fixed_ints(x, VOCAB, shape)  # noqa: E731
        return F.negative_sampling(x, t, W, sampler, SAMPLES, reduce=reduce)
    return func


def _negative_sampling_ref(reduce):
    """The sampler is called once with (B, SAMPLES + 1); column 0 makes way for ``t``."""
    def ref(x, t, W):
        negatives = _host_ints(VOCAB, (len(x), SAMPLES + 1))[:, 1:]
        return R.negative_sampling(x, t, W, negatives, reduce)
    return ref


def _black_out(reduce):
    def func(x, t, W):
        return F.black_out(x, t, W, _fixed_ints(x, VOCAB, (x.shape[0], SAMPLES)), reduce)
    return func


@st.composite
def sampled(draw: st.DrawFn):
    """Shapes of ``x`` (B, units), ``t`` (B,) and ``W`` (VOCAB, units)."""
    b, units = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return (b, units), (b,), (VOCAB, units)


def _host_steps(packed):
    return np.split(packed, np.cumsum(BATCHES)[:-1], axis=0)


def _steps(packed):
    """``packed`` split into the time steps of BATCHES."""
    ends = np.cumsum(BATCHES)[:-1].tolist()
    return list(F.split_axis(packed, ends, axis=0))


def _crf1d(reduce):
    def func(cost, packed):
        ys = [_fixed_ints(cost, LABELS, (b,), seed=i) for i, b in enumerate(BATCHES)]
        return F.crf1d(cost, _steps(packed), ys, reduce=reduce)
    return func


def _crf1d_ref(cost, packed):
    ys = [_host_ints(LABELS, (b,), seed=i) for i, b in enumerate(BATCHES)]
    return R.crf1d(cost, _host_steps(packed), ys)


def _score_offsets():
    """Fixed offsets of ``cost`` and of the packed steps (see _argmax_score)."""
    rng = np.random.default_rng(9)
    return [rng.normal(size=s) * 2 for s in ((LABELS, LABELS), (sum(BATCHES), LABELS))]


def _argmax_score(cost, packed):
    """The best paths' scores of scores kept off ties: small inputs around fixed offsets
    whose best path beats the next by over 1.25 in every sequence, more than the inputs
    (within 0.05 each, 7 per path) can change."""
    xp = cost.device.backend.xp
    offsets = [xp.astype(cost.device.send(o), cost.dtype) for o in _score_offsets()]
    return F.argmax_crf1d(cost + offsets[0], _steps(packed + offsets[1]))[0]


def _argmax_score_ref(cost, packed):
    offsets = _score_offsets()
    return R.argmax_crf1d_score(cost + offsets[0], _host_steps(packed + offsets[1]))


CRF_SHAPES = st.just(((LABELS, LABELS), (sum(BATCHES), LABELS)))
TARGET = Arg(kind="int", low=0, high=VOCAB - 1)

CASES = [
    C("negative_sampling", sampled(), (ANY, Arg(kind="int", low=-1, high=VOCAB - 1), ANY),
      func=_negative_sampling("sum"), tag="fixed samples,ignore -1",
      ref=_negative_sampling_ref("sum")),
    C("negative_sampling", sampled(), (ANY, TARGET, ANY), func=_negative_sampling("no"),
      tag="fixed samples,reduce='no'", ref=_negative_sampling_ref("no")),
    C("black_out", sampled(), (ANY, TARGET, ANY), func=_black_out("mean"),
      tag="fixed samples",
      ref=lambda x, t, W: R.black_out(x, t, W, _host_ints(VOCAB, (len(x), SAMPLES)))),
    C("crf1d", CRF_SHAPES, (ANY, ANY), func=_crf1d("no"), tag="fixed labels,reduce='no'",
      ref=_crf1d_ref),
    C("argmax_crf1d", CRF_SHAPES, (Arg(-0.05, 0.05),), func=_argmax_score, tag="score",
      ref=_argmax_score_ref),
]
