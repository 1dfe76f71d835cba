"""Sequential and Link.repeat: layer order, list operations, paths, copies and repr."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
from flexgrad import initializers


class Scale(flexgrad.Link):
    """y = w * x with a vector weight (a lazily shaped one when ``n`` is None)."""

    def __init__(self, n: int | None = 2, value: float = 2.0) -> None:
        super().__init__()
        with self.init_scope():
            self.w = flexgrad.Parameter(initializers.Constant(value), shape=n)

    def forward(self, x):
        if self.w.array is None:
            self.w.initialize(x.shape[-1:], flexgrad.get_device_from_array(x))
        return self.w * x


def pair(x):
    return x, x + 1


def test_forward_chains_links_and_functions_and_unpacks_tuples():
    model = flexgrad.Sequential(Scale(), F.relu, pair, F.add)
    x = np.array([-1.0, 3.0], np.float32)
    np.testing.assert_array_equal(model(x).array, [1.0, 13.0])
    with pytest.raises(RuntimeError, match="does not have any layer"):
        flexgrad.Sequential()(x)
    with pytest.raises(TypeError, match="must be a Link or a callable"):
        flexgrad.Sequential(3)


def test_paths_count_links_only_and_follow_list_edits():
    a, b, c = Scale(), Scale(), Scale(3)
    model = flexgrad.Sequential(a, F.relu, b)
    assert [p for p, _ in model.namedparams()] == ["/0/w", "/1/w"]
    assert b.name == "1" and model[2] is b and model[1] is F.relu and len(model) == 3
    model.insert(0, c)
    assert [name for name, _ in model.namedlinks(skipself=True)] == ["/0", "/1", "/2"]
    assert a.name == "1" and model.index(a) == 1 and a in model and F.tanh not in model
    assert model.pop() is b and b not in model
    model.remove(c)
    model[0] = b
    assert list(model) == [b, F.relu] and list(model.children()) == [b]
    model.extend([F.relu, c])
    assert model.count(F.relu) == 2
    del model[0]
    assert list(model.children()) == [c] and c.name == "0"
    assert isinstance(model[2:], flexgrad.Sequential) and list(model[2:]) == [c]
    joined = model + flexgrad.Sequential(a)
    assert list(joined) == [F.relu, F.relu, c, a]
    model.clear()
    assert len(model) == 0 and list(model.params()) == []
    with pytest.raises(ValueError, match="is not a layer"):
        model.index(a)


def test_flatten_splices_nested_sequentials():
    inner = flexgrad.Sequential(Scale(), F.relu)
    flat = flexgrad.Sequential(inner, flexgrad.Sequential(inner[0])).flatten()
    assert list(flat) == [inner[0], F.relu, inner[0]]


@pytest.mark.parametrize("mode", ["init", "copy", "share"])
def test_repeat_makes_independent_or_shared_copies(mode):
    base = Scale(2, value=3.0)
    base.w.array = np.array([5.0, 5.0], np.float32)
    stack = base.repeat(3, mode)
    assert isinstance(stack, flexgrad.Sequential) and len(stack) == 3
    assert all(layer is not base for layer in stack)
    expected = 3.0 if mode == "init" else 5.0
    np.testing.assert_array_equal(stack[2].w.array, [expected] * 2)
    assert (stack[0].w.array is base.w.array) == (mode == "share")
    np.testing.assert_array_equal(stack(np.ones(2, np.float32)).array, [expected ** 3] * 2)
    assert len(base.repeat(0)) == 0


def test_copy_keeps_layers_and_children_consistent():
    model = flexgrad.Sequential(Scale(), F.relu, Scale())
    for mode in ("share", "copy"):
        twin = model.copy(mode)
        assert list(twin.children()) == [twin[0], twin[2]] and twin[1] is F.relu
        assert twin[0] is not model[0] and twin[0].name == "0"


def test_lazy_layers_on_another_backend():
    model = flexgrad.Sequential(Scale(None), F.tanh).to_device("@array_api_strict")
    x = model.device.send(np.ones((2, 3), np.float32))
    y = model(x)
    assert model[0].w.shape == (3,)
    assert flexgrad.get_device_from_array(y.array) == model.device


def test_repr_lists_functions_and_links():
    model = flexgrad.Sequential(Scale(), F.relu, Scale(None))
    assert repr(model) == "\n".join([
        "Sequential(  2 params",
        "  (0): Scale(w=float32(2,))  2 params",
        "  (1): relu",
        "  (2): Scale(w=uninitialized)  0 params",
        ")",
    ])
