"""Suite-wide harness: hypothesis profiles, the gpu marker, and a guard on global config.

Profiles (choose with ``HYPOTHESIS_PROFILE``): ``ci``, the default, sized so the whole
suite runs in a few minutes on 2 cores with the same examples every run; ``thorough``,
many more random examples for long runs.
"""

from __future__ import annotations

import importlib.util
import os

# JAX's 64-bit types, before anything imports JAX: the sweeps run float64 on every backend.
os.environ.setdefault("JAX_ENABLE_X64", "1")
# Eager JAX compiles each op for each new shape, and the tests' arrays are tiny: compile
# fast (XLA's LLVM passes off) rather than run fast. A quarter off the JAX leg's time.
os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0 "
                                   "--xla_llvm_disable_expensive_passes=true")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

import flexgrad  # noqa: E402
from flexgrad import configuration  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def pytest_report_header(config: pytest.Config) -> str:
    return (f"flexgrad hypothesis profile: {PROFILE!r} (max_examples="
            f"{settings().max_examples}; set HYPOTHESIS_PROFILE=thorough for long runs)")


def _gpu_missing() -> str | None:
    """Why GPU tests cannot run here, or None when CuPy sees a CUDA device."""
    if importlib.util.find_spec("cupy") is None:
        return "cupy is not installed"
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() < 1:
            return "no CUDA device"
    except Exception as exc:  # CUDA driver or runtime missing: CuPy raises its own errors
        return f"no usable CUDA device ({type(exc).__name__})"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gpu_items = [item for item in items if "gpu" in item.keywords]
    if not gpu_items:
        return
    reason = _gpu_missing()
    if reason is not None:
        for item in gpu_items:
            item.add_marker(pytest.mark.skip(reason=f"gpu test: {reason}"))


@pytest.fixture
def as_if_on_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every backend treats its arrays as a GPU's, where reading a value is a device sync:
    value checks then run only in debug mode, as they would on CuPy."""
    for library in ("torch", "jax"):  # their adapters, so that they are patched too
        if importlib.util.find_spec(library) is not None:
            flexgrad.backends.get_backend(library)
    classes = [flexgrad.backends.Backend]
    for cls in classes:
        classes.extend(cls.__subclasses__())
        monkeypatch.setattr(cls, "reads_are_free", lambda self, array: False)


def numpy_of(value: object) -> np.ndarray:
    """A NumPy copy of an array or a Variable's array, from any backend (for assertions)."""
    array = flexgrad.as_array(value)
    return flexgrad.backends.backend_of(array).to_numpy(array)


def _defaults() -> dict[str, object]:
    """The global flag values (class attributes of the config defaults)."""
    return {name: value for name, value in vars(configuration._Defaults).items()
            if not name.startswith("_") and not callable(value)}


@pytest.fixture(autouse=True)
def _config_restored():
    """Fail a test that leaves ``flexgrad.config`` (thread or global) changed."""
    local, defaults = dict(flexgrad.config.__dict__), _defaults()
    yield
    local_after, defaults_after = dict(flexgrad.config.__dict__), _defaults()
    if local_after == local and defaults_after == defaults:
        return
    flexgrad.config.__dict__.clear()
    flexgrad.config.__dict__.update(local)
    for name in set(defaults_after) - set(defaults):
        delattr(configuration._Defaults, name)
    for name, value in defaults.items():
        setattr(configuration._Defaults, name, value)
    pytest.fail(
        "the test left flexgrad.config changed (restored now): "
        f"thread flags {local} -> {local_after}, global flags {defaults} -> {defaults_after}; "
        "use flexgrad.using_config(...) or restore the value",
        pytrace=False,
    )
