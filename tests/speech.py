"""Real test speech: espeak-ng voices joined by sox into one episode-like file, with its reference text.

Every helper writes into a directory the caller owns (a pytest session tmp dir, or ``bench/out``) and
reuses files already there, so one session synthesizes each recording once.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

VOICES: tuple[str, str] = ("en-us+m3", "en-gb")
"""Two clearly different voices: an American male variant and the default British voice."""

WORDS_PER_MINUTE = 150
TURN_GAP_S = 0.8  # silence between turns, like a pause before the other person answers

# A short two-person conversation in plain, common words (no digits: they would need number normalizing).
DIALOGUE: tuple[str, ...] = (
    "Welcome to the show. Today we are talking about gardening in small city apartments.",
    "Thank you for having me. I started with a single pot of mint on the kitchen window.",
    "Why do tomatoes grow so well in a sunny spot near the window?",
    "Tomatoes love warm sunlight and plenty of water, but they hate cold wind.",
    "That sounds like a lot of work. How much time do you spend on it every week?",
    "Maybe one hour each week. The plants mostly take care of themselves.",
)

# More lines for a long episode; cycled with the dialogue, each pass tagged so no two lines repeat.
MORE_LINES: tuple[str, ...] = (
    "Last summer the whole street started to share seeds and small plants with each other.",
    "People who never spoke before now stop and talk about their flowers in the morning.",
    "The hardest part is the first winter, when nothing seems to happen for a long time.",
    "You have to be patient and trust that the roots are busy under the ground.",
    "What would you tell someone who has never grown anything before?",
    "Start with something easy, water it often, and put it where you will see it every day.",
    "Do you think children should learn about this at school?",
    "Yes, they learn where food comes from, and they are proud when something finally grows.",
    "Our listeners often ask about the cost of getting started.",
    "It can be very cheap. A bag of soil, a few pots and some seeds are enough for a good start.",
    "What about people who only have a dark room with one small window?",
    "Herbs and leafy greens do well with less light, and a simple lamp can help in winter.",
)

PASS_TAGS: tuple[str, ...] = ("", "Here is another story.", "One more thought on that.", "And finally.")


@dataclass(frozen=True)
class Speech:
    """A synthesized recording: the wav, its compressed copies (when sox can write them) and what is said."""

    wav: Path
    duration: float
    text: str
    turns: tuple[tuple[str, str], ...]  # (voice, line) in order
    mp3: Path | None = None
    ogg: Path | None = None


def speech_tools_missing() -> str | None:
    """Why real speech cannot be made here (a missing program), or None when it can."""
    for tool in ("espeak-ng", "sox", "soxi"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def require_speech_tools() -> None:
    """Skip the calling test when espeak-ng/sox are missing (fail it when ``PODGIST_REQUIRE_ASR=1``)."""
    reason = speech_tools_missing()
    if reason is None:
        return
    if os.environ.get("PODGIST_REQUIRE_ASR") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def dialogue(folder: Path) -> Speech:
    """The short two-voice conversation (about 35 s) as wav, mp3 and ogg."""
    turns = tuple((VOICES[i % 2], line) for i, line in enumerate(DIALOGUE))
    return synthesize(folder / "dialogue", turns, compressed=True)


def long_episode(folder: Path, seconds: float = 180.0) -> Speech:
    """A conversation of about ``seconds`` seconds (wav only, at most ~7 minutes) of distinct lines."""
    lines = list(DIALOGUE + MORE_LINES)
    turns: list[tuple[str, str]] = []
    spoken_s = 0.0
    for tag in PASS_TAGS:
        for line in lines:
            text = f"{tag} {line}".strip() if turns and line is lines[0] else line
            turns.append((VOICES[len(turns) % 2], text))
            spoken_s += len(text.split()) * 60.0 / WORDS_PER_MINUTE + TURN_GAP_S
        if spoken_s >= seconds:
            break
    return synthesize(folder / f"episode-{int(seconds)}s", tuple(turns), compressed=False)


def synthesize(base: Path, turns: tuple[tuple[str, str], ...], *, compressed: bool) -> Speech:
    """Speak each (voice, line) with espeak-ng, pad each turn with silence and join them with sox."""
    base.mkdir(parents=True, exist_ok=True)
    wav = base / "speech.wav"
    meta = base / "speech.json"
    if not (
        wav.exists() and meta.exists() and json.loads(meta.read_text())["turns"] == [list(t) for t in turns]
    ):
        parts = [_turn(base, i, voice, line) for i, (voice, line) in enumerate(turns)]
        _run(["sox", *map(str, parts), str(wav)])
        for part in parts:
            part.unlink()
        meta.write_text(json.dumps({"turns": [list(t) for t in turns]}))
    mp3 = _convert(wav, base / "speech.mp3") if compressed else None
    ogg = _convert(wav, base / "speech.ogg") if compressed else None
    duration = float(_run(["soxi", "-D", str(wav)]).strip())
    text = " ".join(line for _, line in turns)
    return Speech(wav=wav, duration=duration, text=text, turns=turns, mp3=mp3, ogg=ogg)


def non_audio_file(folder: Path, kind: str = "html") -> Path:
    """A file named like an episode that holds no audio: an HTML error page or random bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"not-audio-{kind}.mp3"
    if kind == "html":
        page = "<!doctype html><html><head><title>404</title></head><body><h1>Not found</h1></body></html>\n"
        path.write_text(page * 50)
    elif kind == "random":
        path.write_bytes(random.Random(7).randbytes(256 * 1024))
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        raise ValueError(f"unknown non-audio kind {kind!r}")
    return path


def truncated_copy(src: Path, dest: Path, keep_fraction: float) -> Path:
    """A copy of ``src`` cut after ``keep_fraction`` of its bytes (a download that stopped early)."""
    data = src.read_bytes()
    dest.write_bytes(data[: int(len(data) * keep_fraction)])
    return dest


def _turn(base: Path, index: int, voice: str, line: str) -> Path:
    raw = base / f"turn{index:03d}.raw.wav"
    padded = base / f"turn{index:03d}.wav"
    _run(["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(raw), line])
    # One common format so sox can concatenate; the gap goes after each turn.
    _run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(padded), "pad", "0", str(TURN_GAP_S)])
    raw.unlink()
    return padded


def _convert(wav: Path, dest: Path) -> Path | None:
    if dest.exists() and dest.stat().st_mtime >= wav.stat().st_mtime:
        return dest
    try:
        _run(["sox", str(wav), str(dest)])
    except subprocess.CalledProcessError:
        return None  # this sox build cannot write that format
    return dest


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return done.stdout
