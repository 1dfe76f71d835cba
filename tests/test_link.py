"""Link, Chain and ChainList: registration, paths, gradients, devices, serialization."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import initializers


class Affine(flexgrad.Link):
    """A tiny link with a lazily initialized weight (shape known at the first call)."""

    def __init__(self, n_out: int, n_in: int | None = None) -> None:
        super().__init__()
        self.n_out = n_out
        with self.init_scope():
            self.W = flexgrad.Parameter(initializers.One())
            self.b = flexgrad.Parameter(0.0, shape=(n_out,))
        if n_in is not None:
            self.W.initialize((n_out, n_in), self.device)
        self.add_persistent("calls", 0)

    def forward(self, x):
        if self.W.array is None:
            self.W.initialize((self.n_out, x.shape[1]), flexgrad.get_device_from_array(x))
        self.calls += 1
        return F.matmul(x, F.transpose(self.W)) + self.b


class MLP(flexgrad.Chain):
    def __init__(self) -> None:
        super().__init__()
        with self.init_scope():
            self.l1 = Affine(3, 2)
            self.l2 = Affine(1)

    def forward(self, x):
        return self.l2(self.l1(x))


def test_init_scope_registers_params_and_children():
    model = MLP()
    assert [p for p, _ in model.namedparams()] == ["/l1/W", "/l1/b", "/l2/W", "/l2/b"]
    assert [p for p, _ in model.namedlinks()] == ["/", "/l1", "/l2"]
    assert [p for p, _ in model.namedlinks(skipself=True)] == ["/l1", "/l2"]
    assert list(model.children()) == [model.l1, model.l2]
    assert model["l1"] is model.l1 and model.l1.name == "l1"
    assert len(list(model.params(include_uninit=False))) == 3   # l2.W is still lazy
    model.plain = Affine(1)                                    # outside init_scope
    assert len(list(model.links())) == 3


def test_assignment_outside_scope_and_reassignment():
    link = flexgrad.Link()
    link.p = flexgrad.Parameter(np.zeros(2, np.float32))
    assert list(link.params()) == []
    with link.init_scope():
        link.p = flexgrad.Parameter(np.zeros(2, np.float32))
        link.p = flexgrad.Parameter(np.ones(3, np.float32))
    assert [(n, p.shape) for n, p in link.namedparams()] == [("/p", (3,))]
    del link.p
    assert list(link.params()) == []


def test_lazy_initialization_and_forward():
    model = MLP()
    x = np.arange(4, dtype=np.float32).reshape(2, 2)
    y = model(x)
    assert model.l2.W.shape == (1, 3) and model.l2.W.dtype == np.float32
    np.testing.assert_allclose(y.array, (x.sum(1, keepdims=True)) * 3)
    F.sum(y).backward()
    assert all(p.grad is not None for p in model.params())
    model.cleargrads()
    assert all(p.grad is None for p in model.params())
    model.zerograds()
    assert all(np.all(p.grad == 0) for p in model.params())


def test_register_persistent_registers_an_existing_attribute():
    link = flexgrad.Link()
    link.mean = np.zeros(2, np.float32)
    link.register_persistent("mean")
    store = {}
    flexgrad.serializers.DictionarySerializer(store).save(link)
    assert list(store) == ["mean"]
    with pytest.raises(AttributeError, match="no attribute 'var' to register"):
        link.register_persistent("var")


def test_add_param_and_add_persistent():
    link = flexgrad.Link()
    link.add_param("W", (2, 3))
    link.add_param("u", dtype="float64")
    link.add_param("c", 2, initializer=5.0)
    assert np.isnan(link.W.array).all() and link.W.dtype == np.float32
    assert link.u.array is None
    link.u.initialize(4)
    assert link.u.dtype == np.float64
    np.testing.assert_array_equal(link.c.array, [5.0, 5.0])
    link.add_persistent("mean", np.zeros(2, np.float32))
    with pytest.raises(AttributeError, match="already exists"):
        link.add_param("mean", (1,))
    with pytest.raises(AttributeError, match="already exists"):
        link.add_persistent("W", 1)
    old_form = flexgrad.Link(W=(2,), b=((3,), "float64"), u=None)
    assert old_form.W.shape == (2,) and old_form.b.dtype == np.float64
    assert old_form.u.array is None


def test_chain_add_link_and_chainlist_paths():
    chain = flexgrad.Chain(a=Affine(2, 2))
    chain.add_link("b", Affine(2, 2))
    with pytest.raises(TypeError, match="must be a Link"):
        chain.add_link("c", 3)
    seq = flexgrad.ChainList(Affine(2, 2), chain)
    seq.append(Affine(1, 2))
    assert len(seq) == 3 and seq[1] is chain and list(seq)[2] is seq[2]
    assert [p for p, _ in seq.namedparams()] == [
        "/0/W", "/0/b", "/1/a/W", "/1/a/b", "/1/b/W", "/1/b/b", "/2/W", "/2/b"]
    with pytest.raises(TypeError, match="append"), seq.init_scope():
        seq.x = Affine(1, 1)


def test_forward_missing_is_reported():
    with pytest.raises(NotImplementedError, match="Link defines no forward"):
        flexgrad.Link()(1)


@pytest.mark.parametrize("spec", ["@array_api_strict", "@dask"])
def test_to_device_moves_params_persistents_and_lazy_ones(spec):
    model = MLP()
    model.l1.add_persistent("avg", np.ones(3, np.float32))
    assert model.to_device(spec) is model
    device = flexgrad.get_device(spec)
    assert model.device == device and model.l1.device == device and model.xp is device.xp
    x = device.send(np.ones((2, 2), np.float32))
    y = model(x)
    for _, p in model.namedparams():
        assert flexgrad.get_device_from_array(p.array) == device
    assert flexgrad.get_device_from_array(model.l1.avg) == device
    np.testing.assert_allclose(device.backend.to_numpy(y.array), [[6.0], [6.0]])
    model.to_cpu()
    assert isinstance(model.l1.W.array, np.ndarray) and isinstance(model.l1.avg, np.ndarray)


class DictSaver:
    """The serializer protocol: ``s[name]`` descends, ``s(key, value)`` records."""

    def __init__(self, store, prefix=""):
        self.store, self.prefix = store, prefix

    def __getitem__(self, name):
        return type(self)(self.store, self.prefix + name + "/")

    def __call__(self, key, value):
        self.store[self.prefix + key] = None if value is None else np.asarray(value)
        return value


class DictLoader(DictSaver):
    def __call__(self, key, value):
        loaded = self.store[self.prefix + key]
        if value is None or not hasattr(value, "shape"):
            return loaded
        return flexgrad.get_device_from_array(value).send(loaded)


def test_serialize_round_trip_including_lazy_params():
    source = MLP()
    source(np.ones((1, 2), np.float32))
    store = {}
    source.serialize(DictSaver(store))
    assert sorted(store) == ["l1/W", "l1/b", "l1/calls", "l2/W", "l2/b", "l2/calls"]
    target = MLP().to_device("@array_api_strict")
    target.serialize(DictLoader(store))
    assert target.l2.W.shape == (1, 3) and target.l1.calls == 1
    assert flexgrad.get_device_from_array(target.l2.W.array) == target.device
    np.testing.assert_array_equal(np.asarray(target.l1.b.array), store["l1/b"])


@pytest.mark.parametrize("spec", ["@numpy", "@dask"])
def test_copy_modes(spec):
    model = MLP().to_device(spec)
    model(model.device.send(np.ones((1, 2), np.float32)))
    model.l1.W.grad = model.device.send(np.ones((3, 2), np.float32))
    shared = model.copy()
    assert shared.l1 is not model.l1 and shared.l1.W is not model.l1.W
    assert shared.l1.W.array is model.l1.W.array and shared.l1.W.grad is None
    assert shared.l1.name == "l1" and shared.name is None
    copied = model.copy(mode="copy")
    assert copied.l1.W.array is not model.l1.W.array and copied.device == model.device
    np.testing.assert_array_equal(np.asarray(copied.l1.W.array), np.asarray(model.l1.W.array))
    model.l1.W.initializer = flexgrad.initializers.Zero()
    fresh = model.copy(mode="init")
    np.testing.assert_array_equal(np.asarray(fresh.l1.W.array), np.zeros((3, 2)))
    assert flexgrad.get_device_from_array(fresh.l1.W.array) == model.device
    listed = flexgrad.ChainList(Affine(1, 1)).copy()
    assert listed[0].name == "0"
    with pytest.raises(ValueError, match="mode must be"):
        model.copy("deep")


@pytest.mark.parametrize("spec", ["@numpy", "@dask"])
def test_a_shared_copy_follows_every_update_until_it_is_given_another_array(spec):
    model = L.Classifier(L.Linear(None, 2)).to_device(spec)
    evaluator_copy = model.copy()  # before the lazy W exists, as Chainer's PTB example does
    optimizer = flexgrad.optimizers.Adam().setup(model)
    x = model.device.send(np.ones((2, 3), np.float32))
    t = model.device.send(np.array([0, 1], np.int32))
    for _ in range(2):
        optimizer.update(model, x, t)
        for mine, theirs in zip(model.params(), evaluator_copy.params(), strict=True):
            assert theirs.array is mine.array and theirs.grad is None
    copied = model.copy(mode="copy")
    evaluator_copy.predictor.W.array = evaluator_copy.predictor.W.array * 0  # its own now
    optimizer.update(model, x, t)
    assert evaluator_copy.predictor.W.array is not model.predictor.W.array
    assert evaluator_copy.predictor.b.array is model.predictor.b.array
    assert copied.predictor.W.array is not model.predictor.W.array


def test_copyparams_addgrads_and_count():
    a, b = MLP(), MLP()
    a(np.ones((1, 2), np.float32))
    a.l1.calls = 5
    b.to_device("@array_api_strict").copyparams(a)
    assert b.l2.W.shape == (1, 3)  # a lazy parameter takes the source shape
    assert b.l1.calls == 5
    np.testing.assert_array_equal(np.asarray(b.l1.b.array), np.asarray(a.l1.b.array))
    assert flexgrad.get_device_from_array(b.l1.W.array) == b.device
    F.sum(a(np.ones((1, 2), np.float32))).backward()
    b.addgrads(a)
    b.addgrads(a)
    np.testing.assert_array_equal(np.asarray(b.l1.W.grad), 2 * a.l1.W.grad)
    assert a.count_params() == 13
    with pytest.raises(ValueError, match="differ in parameters"):
        a.copyparams(Affine(1, 1))


class Rule:
    enabled = True


def test_enable_and_disable_update():
    model = MLP()
    assert not model.update_enabled
    for p in model.params():
        p.update_rule = Rule()
    assert model.update_enabled
    model.l1.disable_update()
    assert model.update_enabled and not model.l1.update_enabled
    model.disable_update()
    assert not model.update_enabled
    model.enable_update()
    assert all(p.update_rule.enabled for p in model.params())


def test_repr_shows_layers_shapes_and_counts():
    model = flexgrad.ChainList(MLP())
    model[0].add_param("s", (2,), dtype="float64")
    assert repr(model) == "\n".join([
        "ChainList(  12 params",
        "  (0): MLP(  12 params",
        "    s=float64(2,)",
        "    (l1): Affine(W=float32(3, 2), b=float32(3,))  9 params",
        "    (l2): Affine(W=uninitialized, b=float32(1,))  1 param",
        "  )",
        ")",
    ])
    page = model._repr_html_()
    assert "<td>/0/l1/W</td><td>float32(3, 2)</td><td>6</td>" in page
    assert "12 parameters" in page
