"""Access to the shared, read-only test corpus (``../shared/corpus`` by default).

Tests that read it skip when it is absent, unless ``PODGIST_REQUIRE_CORPUS=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def corpus_root() -> Path | None:
    """The corpus folder, or None when it is not there."""
    root = Path(os.environ.get("PODGIST_CORPUS_DIR", REPO_ROOT.parent / "shared" / "corpus"))
    return root if root.is_dir() else None


def corpus_path(*parts: str) -> Path:
    """A path inside the corpus; skips the test (or fails it, when the corpus is required) if absent."""
    root = corpus_root()
    target = root.joinpath(*parts) if root else None
    if target is None or not target.exists():
        message = f"corpus path missing: {'/'.join(parts)} (set PODGIST_CORPUS_DIR)"
        if os.environ.get("PODGIST_REQUIRE_CORPUS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return target
