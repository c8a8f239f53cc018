"""Shared pytest set-up: a deterministic hypothesis profile (no unseeded randomness)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")
