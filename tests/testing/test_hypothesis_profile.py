"""The kit's hypothesis settings: no deadline, slow examples tolerated, a named profile."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexgrad import testing


def test_the_settings_lift_the_deadline_and_register_the_profile():
    kit = testing.hypothesis_settings
    assert kit.deadline is None
    assert HealthCheck.too_slow in kit.suppress_health_check
    assert settings.get_profile("flexgrad").deadline is None


def test_a_slow_example_passes_under_the_settings():
    @settings(testing.hypothesis_settings, max_examples=2, database=None)
    @given(st.integers())
    def slow(i):
        time.sleep(0.25)  # beyond hypothesis' default 200 ms deadline

    slow()
