"""A tiny stand-in model and a dict serializer for the optimizer and hook tests."""

from __future__ import annotations

import numpy as np

import flexgrad

BACKENDS = ["@numpy", "@dask", "@array_api_strict"]


class Model:
    """The part of a Link an optimizer uses: ``params``, ``namedparams``, ``cleargrads``."""

    def __init__(self, *arrays):
        self.ps = [flexgrad.Parameter(a) for a in arrays]

    def params(self, include_uninit=True):
        yield from self.ps

    def namedparams(self, include_uninit=True):
        for i, p in enumerate(self.ps):
            yield f"/p{i}", p

    def cleargrads(self):
        for p in self.ps:
            p.cleargrad()


class DictSerializer:
    """Saves into (``load=False``) or loads from (``load=True``) a flat dict of NumPy arrays."""

    def __init__(self, store, load, path=""):
        self.store, self.load, self.path = store, load, path

    def __getitem__(self, name):
        return DictSerializer(self.store, self.load, f"{self.path}/{name.strip('/')}")

    def __call__(self, key, value):
        key = f"{self.path}/{key}"
        if not self.load:
            self.store[key] = np.asarray(flexgrad.backends.backend_of(value).to_numpy(value)
                                         if flexgrad.backends.is_array(value) else value)
            return value
        loaded = self.store[key]
        if value is None or not flexgrad.backends.is_array(value):
            return loaded if value is None else type(value)(loaded)
        return flexgrad.backends.get_device_from_array(value).send(loaded)


def to_numpy(array):
    return flexgrad.backends.backend_of(array).to_numpy(array)


def send(array, spec):
    return flexgrad.get_device(spec).send(np.asarray(array))
