"""Fault and load tests: real processes pushed past the happy path (quick versions in CI, long ones slow)."""
