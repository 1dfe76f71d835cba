"""The suite's harness (tests/conftest.py) can fail: the config guard and the gpu marker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).parents[1] / "conftest.py"


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A scratch test directory that uses this suite's conftest."""
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs CuPy and a CUDA device\n")
    return pytester


def test_a_test_that_leaves_config_changed_fails(suite: pytest.Pytester) -> None:
    suite.makepyfile("""
        import flexgrad
        from flexgrad import configuration

        def test_leaks_a_thread_flag():
            flexgrad.config.train = False

        def test_leaks_a_global_flag():
            flexgrad.global_config.debug = True

        def test_restores():
            with flexgrad.using_config("train", False):
                pass

        def test_was_restored_after_the_leaks():
            assert flexgrad.config.train and not flexgrad.config.debug
    """)
    result = suite.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines(["*left flexgrad.config changed*"])


def test_gpu_tests_skip_without_a_device(suite: pytest.Pytester) -> None:
    suite.makepyfile("""
        import pytest

        @pytest.mark.gpu
        def test_needs_gpu():
            import cupy
            assert cupy.cuda.runtime.getDeviceCount() > 0
    """)
    result = suite.runpytest("-p", "no:cacheprovider", "-rs")
    from conftest import _gpu_missing

    if _gpu_missing() is None:
        result.assert_outcomes(passed=1)
    else:
        result.assert_outcomes(skipped=1)
        result.stdout.fnmatch_lines(["*gpu test:*"])


def test_the_header_names_the_hypothesis_profile(suite: pytest.Pytester) -> None:
    suite.makepyfile("def test_nothing():\n    pass\n")
    result = suite.runpytest("-p", "no:cacheprovider")
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    result.stdout.fnmatch_lines([f"flexgrad hypothesis profile: {profile!r}*"])
