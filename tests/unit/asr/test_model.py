"""Model location and loading, job timeouts, and importing the package without the optional extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from podgist.asr.model import bundled_tiny_en_path, load_model, model_source
from podgist.asr.transcribe import estimate_job_timeout, model_slowdown
from podgist.settings import Settings
from tests.unit.asr.support import tiny_settings

REPO = Path(__file__).resolve().parents[3]


def test_size_names_pass_through_and_directories_resolve(tmp_path: Path) -> None:
    assert model_source("base.en") == "base.en"
    assert model_source(str(tmp_path)) == str(tmp_path)


def test_job_timeout_grows_with_duration_and_model_size(tmp_path: Path) -> None:
    tiny = Settings(asr_model="tiny.en")
    small = Settings(asr_model="small.en")
    assert estimate_job_timeout(0.0, tiny) >= 60.0  # a margin even for a tiny file
    assert estimate_job_timeout(3600.0, tiny) > estimate_job_timeout(600.0, tiny)
    assert estimate_job_timeout(3600.0, small) > estimate_job_timeout(3600.0, tiny)
    assert estimate_job_timeout(3600.0, tiny) >= 3600.0 * 0.2  # generous: five times our slowest measure
    unknown = tmp_path / "converted"
    unknown.mkdir()
    assert model_slowdown(str(unknown)) >= model_slowdown("large-v3")


@pytest.mark.asr
def test_bundled_model_is_found_and_used_for_tiny_en(asr_ready: None) -> None:
    folder = bundled_tiny_en_path()
    assert folder is not None and (folder / "model.bin").is_file()
    assert model_source("tiny.en") == str(folder)
    # Judged by its weight file, the bundled copy gets tiny's timeout, not the unknown-model one.
    assert model_slowdown(str(folder)) == pytest.approx(model_slowdown("tiny.en"), rel=0.25)


@pytest.mark.asr
def test_model_is_loaded_once_per_settings(asr_ready: None) -> None:
    first = load_model(tiny_settings())
    assert load_model(tiny_settings()) is first
    assert load_model(tiny_settings(asr_chunk_seconds=30.0)) is first  # chunking is not a model setting
    assert load_model(tiny_settings(asr_threads=2)) is not first


def test_package_imports_and_refuses_cleanly_without_faster_whisper() -> None:
    script = (
        "import sys\n"
        "sys.modules['faster_whisper'] = None\n"  # as if the 'asr' extra were not installed
        "from pathlib import Path\n"
        "import podgist.asr as asr\n"
        "from podgist.errors import NoTranscript\n"
        "from podgist.settings import Settings\n"
        "assert not asr.asr_available()\n"
        "try:\n"
        "    asr.transcribe_file(Path('x.mp3'), Settings())\n"
        "except NoTranscript as exc:\n"
        "    print('refused', exc.code)\n"
        "assert 'faster_whisper' not in {m for m in sys.modules if sys.modules[m] is not None}\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused no_transcript"
