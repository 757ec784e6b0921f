"""A short coverage-guided atheris run per parser, each in its own process (libFuzzer owns the process
and exits on the first escaped exception). Two at a time: one per CPU.

``PODGIST_TEST_FUZZ_SECONDS`` (default 2) sets each run's length; a longer one costs only time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile.fuzz_seeds import SEEDS
from tests.stack import REPO

pytestmark = pytest.mark.faults

SECONDS = float(os.environ.get("PODGIST_TEST_FUZZ_SECONDS", "2"))
PARALLEL = 2
Run = Future[subprocess.CompletedProcess[str]]


def fuzz(name: str, corpus: Path) -> subprocess.CompletedProcess[str]:
    corpus.mkdir(parents=True)
    for index, seed in enumerate(SEEDS[name]):
        (corpus / f"seed{index}").write_bytes(seed.encode() if isinstance(seed, str) else seed)
    command = [
        sys.executable,
        "-m",
        "tests.hostile.fuzz_targets",
        name,
        f"-max_total_time={SECONDS:g}",
        "-max_len=16384",
        "-timeout=10",  # one input taking this long is a hang worth reporting
        "-rss_limit_mb=2048",
        f"-artifact_prefix={corpus}/",  # a crashing input lands next to the corpus, not in the repo
        str(corpus),
    ]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=SECONDS + 90)


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Run]]:
    """Start the selected targets' runs at once, so they overlap while the tests wait on each in turn."""
    pytest.importorskip(
        "atheris", reason="atheris (libFuzzer for CPython) is not installed or cannot load here"
    )
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "module", None) is request.module and hasattr(item, "callspec")
    ]
    root = tmp_path_factory.mktemp("fuzz")
    with ThreadPoolExecutor(PARALLEL) as pool:
        yield {name: pool.submit(fuzz, name, root / name) for name in selected}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_parser_survives_fuzzing(name: str, runs: dict[str, Run]) -> None:
    result = runs[name].result()
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
    assert result.returncode == 0, f"{name}: fuzzing found a crash\n{tail}"
    done = re.search(r"Done (\d+) runs", result.stderr)
    assert done and int(done.group(1)) > len(SEEDS[name]), f"{name}: the fuzzer did not run\n{tail}"


def test_every_target_has_seeds() -> None:
    source = (REPO / "tests" / "hostile" / "fuzz_targets.py").read_text()
    declared = set(re.findall(r'^    "(\w+)": ', source.split("TARGETS: dict[str, Target] = {", 1)[1], re.M))
    assert declared == set(SEEDS)
