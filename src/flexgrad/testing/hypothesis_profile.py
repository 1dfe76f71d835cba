"""The hypothesis settings the kit's checks need, registered as the ``'flexgrad'`` profile.

Hypothesis fails an example that takes over 200 ms by default; a check that runs forward,
backward and central differences on several backends takes longer, and the first one also
imports Dask (seconds). So: no deadline, and slow example generation is not an error.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

PROFILE = "flexgrad"

settings.register_profile(
    PROFILE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)

# Decorate a test with it, or pass it as a parent: settings(hypothesis_settings, ...).
hypothesis_settings = settings.get_profile(PROFILE)
