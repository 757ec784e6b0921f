"""Fixtures for the speech-to-text tests: real espeak-ng speech and the tiny.en model shipped on PyPI.

Tests that need them skip with the reason when something is missing, or fail when
``PODGIST_REQUIRE_ASR=1`` (CI), so a missing model cannot pass unnoticed there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.speech import Speech, dialogue
from tests.unit.asr.support import missing_asr_parts, skip_or_fail


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per session where synthesized speech is cached."""
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def asr_ready() -> None:
    """Skip (or fail) unless faster-whisper, the bundled model, espeak-ng and sox are all present."""
    reason = missing_asr_parts()
    if reason:
        skip_or_fail(reason)


@pytest.fixture(scope="session")
def talk(asr_ready: None, speech_dir: Path) -> Speech:
    """The two-voice dialogue (wav, mp3, ogg) with its reference text."""
    return dialogue(speech_dir)
