"""Speech-to-text: turn an episode's audio into timed segments when no transcript is published.

faster-whisper (the optional ``asr`` extra) is imported only when a model loads, so this package imports
without it. Modules: ``audio`` (probe, ranged decode), ``chunks`` (where to cut), ``model`` (loading),
``loops`` (hallucination cleanup), ``speakers`` (who is talking), ``transcribe`` (putting it together).
"""

from podgist.asr.audio import AudioInfo, decode_range, probe_audio
from podgist.asr.model import asr_available, bundled_tiny_en_path, load_model
from podgist.asr.speakers import Diarizer, label_speakers
from podgist.asr.transcribe import estimate_job_timeout, transcribe_file

__all__ = [
    "AudioInfo",
    "Diarizer",
    "asr_available",
    "bundled_tiny_en_path",
    "decode_range",
    "estimate_job_timeout",
    "label_speakers",
    "load_model",
    "probe_audio",
    "transcribe_file",
]
