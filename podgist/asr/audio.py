"""Reading episode audio with PyAV: probe what a file is, and decode one time range at a time.

Decoding goes range by range so a three-hour episode never sits in memory whole: a range of ``s``
seconds costs ``s × 16000 × 4`` bytes (10 minutes ≈ 38 MB). PyAV arrives with faster-whisper (the
``asr`` extra), so it is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from podgist.errors import AudioInvalid

SAMPLE_RATE = 16_000
"""What the recognizer listens at: 16 kHz mono float32 in [-1, 1]."""

_CHECK_PACKETS = 200  # how far into the file a probe looks for decodable audio
# Decoding starts this long before a range: after a seek, mp3's bit reservoir and the resampler's filter
# need a few frames before their output matches a decode from the top of the file.
_PREROLL_S = 0.5


@dataclass(frozen=True)
class AudioInfo:
    """What a probe learned about an audio file."""

    duration: float
    sample_rate: int
    channels: int
    codec: str


def probe_audio(path: Path) -> AudioInfo:
    """Check that ``path`` holds decodable audio and measure its duration.

    Raises ``AudioInvalid`` for anything else: an HTML page, random bytes, an empty or truncated-to-
    nothing file. When the container does not state a duration, the file is decoded once (streaming).
    """
    import av

    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioInvalid("The file has no audio stream.", detail={"path": path.name})
            stream = container.streams.audio[0]
            _check_decodable(container, stream, path)
            duration = _stated_duration(container, stream)
            info = AudioInfo(
                duration=duration if duration is not None else 0.0,
                sample_rate=int(stream.sample_rate or 0),
                channels=int(stream.codec_context.channels or 0),
                codec=str(stream.codec_context.name),
            )
    except av.error.FFmpegError as exc:
        raise AudioInvalid(detail={"path": path.name, "reason": str(exc)}) from exc
    if duration is None:
        info = AudioInfo(_decoded_duration(path), info.sample_rate, info.channels, info.codec)
    if info.duration <= 0:
        raise AudioInvalid("The audio is empty.", detail={"path": path.name})
    return info


def decode_range(path: Path, start: float, end: float | None = None) -> npt.NDArray[np.float32]:
    """Decode ``[start, end)`` seconds of ``path`` to 16 kHz mono float32 (``end=None``: to the end).

    Sample 0 of the result is at ``start`` seconds: the decoder seeks near ``start`` and the surplus
    before it is trimmed (or silence prepended when the seek lands late).
    """
    import av

    pieces: list[npt.NDArray[np.float32]] = []
    first_time: float | None = None
    decode_from = max(0.0, start - _PREROLL_S)
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            if decode_from > 0 and stream.time_base is not None:
                container.seek(int(decode_from / stream.time_base), stream=stream, backward=True)
            elif decode_from > 0:
                container.seek(int(decode_from * 1_000_000), backward=True)  # in AV_TIME_BASE units
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for frame in _frames(container, stream):
                frame_start = frame.time
                if frame_start is not None:
                    if end is not None and frame_start >= end:
                        break
                    if frame_start + frame.samples / frame.sample_rate <= decode_from:
                        continue
                if first_time is None:
                    first_time = frame_start if frame_start is not None else decode_from
                pieces.extend(_to_array(f) for f in resampler.resample(frame))
            pieces.extend(_to_array(f) for f in resampler.resample(None))
    except av.error.FFmpegError as exc:
        raise AudioInvalid(detail={"path": path.name, "reason": str(exc)}) from exc
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    lead_s = (first_time if first_time is not None else decode_from) - start
    return _align(samples, lead_s, start, end)


def _align(
    samples: npt.NDArray[np.float32], lead_s: float, start: float, end: float | None
) -> npt.NDArray[np.float32]:
    """Shift decoded samples so index 0 is ``start``: trim when decoding began early, pad when late."""
    lead = round(lead_s * SAMPLE_RATE)
    if lead < 0:
        samples = samples[-lead:]
    elif lead > 0:
        samples = np.concatenate([np.zeros(lead, dtype=np.float32), samples])
    if end is not None:
        samples = samples[: max(0, round((end - start) * SAMPLE_RATE))]
    return np.ascontiguousarray(samples, dtype=np.float32)


def _frames(container: Any, stream: Any) -> Iterator[Any]:
    """Decoded frames, skipping packets the decoder rejects (a damaged spot should not end the episode)."""
    import av

    for packet in container.demux(stream):
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            continue


def _to_array(frame: Any) -> npt.NDArray[np.float32]:
    return np.asarray(frame.to_ndarray(), dtype=np.float32).reshape(-1)


def _check_decodable(container: Any, stream: Any, path: Path) -> None:
    """Decode the first packets: real audio yields frames, junk that merely looks like mp3 yields errors."""
    import av

    good = bad = 0
    for n, packet in enumerate(container.demux(stream)):
        if n >= _CHECK_PACKETS:
            break
        try:
            good += sum(1 for frame in packet.decode() if frame.samples > 0)
        except av.error.InvalidDataError:
            bad += 1
    if good == 0 or bad > good:
        raise AudioInvalid("The file does not decode as audio.", detail={"path": path.name})


def _stated_duration(container: Any, stream: Any) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000  # AV_TIME_BASE
    return None


def _decoded_duration(path: Path) -> float:
    """Duration by decoding everything once, frame by frame (for streams that do not state it)."""
    import av

    seconds = 0.0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            for frame in _frames(container, stream):
                seconds += frame.samples / frame.sample_rate
    except av.error.FFmpegError as exc:
        raise AudioInvalid(detail={"path": path.name, "reason": str(exc)}) from exc
    return seconds
