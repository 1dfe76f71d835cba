"""Random orders of indices, drawn from flexgrad's seeded NumPy-backend generator."""

from __future__ import annotations

from typing import Any

from .. import backends


def permutation(n: int, random_state: Any = None) -> Any:
    """A random permutation of ``range(n)`` as a 1-d integer NumPy array.

    ``random_state`` is None (flexgrad's default generator, fixed by ``flexgrad.set_seed``),
    an int seed, a ``flexgrad.backends.Generator``, or anything with NumPy's
    ``permutation(n)`` (a ``numpy.random.RandomState`` or ``Generator``, as in Chainer).
    """
    if hasattr(random_state, "permutation"):
        return random_state.permutation(n)
    numpy_backend = backends.NUMPY
    if random_state is None:
        generator = numpy_backend.default_generator()
    elif isinstance(random_state, backends.Generator):
        generator = random_state
    else:
        generator = numpy_backend.generator(int(random_state))
    keys = generator.uniform(0.0, 1.0, (n,), "float64")
    return numpy_backend.xp.argsort(keys, stable=True)
