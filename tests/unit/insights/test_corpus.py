"""The extractive engine on real long transcripts and QMSum meetings: everything grounded and verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from podgist.insights import extractive_insights
from podgist.models import Segment, to_json
from tests.corpus import corpus_path

from .checks import assert_grounded
from .loaders import load_markdown, load_qmsum, load_tsv

LONG = ["harmontown-87.tsv", "harmontown-120.tsv", "harmontown-212.tsv"]
LONG += ["changelog-592.md", "changelog-594.md", "gotime-300.md"]


def _load(path: Path) -> list[Segment]:
    return load_tsv(path) if path.suffix == ".tsv" else load_markdown(path)


@pytest.mark.corpus
@pytest.mark.parametrize("name", LONG)
def test_long_transcripts(name: str) -> None:
    segs = _load(corpus_path("long", name))
    assert len(segs) > 300
    ins = extractive_insights(segs)
    assert_grounded(ins, segs)
    assert 4 <= len(ins.takeaways) <= 8
    assert 5 <= len(ins.quotes) <= 10
    assert len(ins.questions) >= 3
    assert len(ins.chapters) >= 5
    assert len(ins.keywords) == 10
    assert ins.summary.overview.count(" ") > 40
    if name.endswith(".md"):
        assert ins.speakers and ins.questions[0].asked_by is not None
    assert to_json(extractive_insights(segs)) == to_json(ins)


@pytest.mark.corpus
def test_qmsum_sample() -> None:
    folder = corpus_path("summaries", "qmsum-test")
    files = sorted(folder.glob("*.json"))[::5]
    assert len(files) >= 7
    for path in files:
        segs, _ = load_qmsum(path)
        ins = extractive_insights(segs)
        assert_grounded(ins, segs)
        assert ins.summary.overview and ins.quotes and ins.takeaways
