"""Podcasting 2.0 JSON, HTML, plain text and Markdown transcripts on small hand-written files."""

from __future__ import annotations

import json

import pytest

from podgist.errors import TranscriptInvalid, UnsupportedFormat
from podgist.transcripts import html, markdown, p20json, text


def test_p20_word_level_segments_merge_into_sentences() -> None:
    words = [
        ("Ana", 0.5, 0.7, "I"),
        ("Ana", 0.8, 1.0, "am."),
        ("Ana", 1.1, 1.3, "Yes"),
        ("Ben", 1.4, 1.6, "No"),
    ]
    doc = {
        "version": "1.0.0",
        "segments": [dict(speaker=s, startTime=a, endTime=b, body=w) for s, a, b, w in words],
    }
    segments = p20json.parse(json.dumps(doc))
    assert [(s.speaker, s.start, s.end, s.text) for s in segments] == [
        ("Ana", 0.5, 1.0, "I am."),
        ("Ana", 1.1, 1.3, "Yes"),
        ("Ben", 1.4, 1.6, "No"),
    ]


def test_p20_sentence_level_segments_are_kept_and_bad_items_skipped() -> None:
    doc = {
        "segments": [
            {"startTime": "1.5", "endTime": 3, "body": "A whole sentence here."},
            {"body": "no time"},
        ]
    }
    assert [(s.start, s.end, s.speaker) for s in p20json.parse(json.dumps(doc))] == [(1.5, 3.0, None)]


@pytest.mark.parametrize("doc", ["{", '{"segments": 3}', '{"segments": [{"startTime": -1, "body": "x"}]}'])
def test_p20_broken_documents_are_invalid(doc: str) -> None:
    with pytest.raises(TranscriptInvalid):
        p20json.parse(doc)


@pytest.mark.parametrize("doc", ["[]", '{"items": []}', "3"])
def test_other_json_is_not_a_transcript(doc: str) -> None:
    with pytest.raises(UnsupportedFormat):
        p20json.parse(doc)


def test_html_cite_time_p() -> None:
    page = (
        "<html><body><cite>Ana:</cite><time>0:05</time><p>Hello <b>all</b>.</p><p>More.</p>"
        "<cite>Ben</cite><time>1:02:03</time><p>Hi!</p></body></html>"
    )
    segments, timed = html.parse(page)
    assert [(s.speaker, s.start, s.end, s.text) for s in segments] == [
        ("Ana", 5.0, 3723.0, "Hello all."),
        ("Ana", 5.0, 3723.0, "More."),
        ("Ben", 3723.0, 3723.0, "Hi!"),
    ]
    assert not timed  # the second paragraph has no stamp of its own


def test_text_stamps_in_every_shape() -> None:
    body = "00:00:01 Ana: Hello there.\n[0:05] Ben: Hi!\n(1:02:03.5) Ana: Back.\nand more words\n"
    segments, timed = text.parse(body)
    assert timed
    assert [(s.speaker, s.start, s.end, s.text) for s in segments] == [
        ("Ana", 1.0, 5.0, "Hello there."),
        ("Ben", 5.0, 3723.5, "Hi!"),
        ("Ana", 3723.5, 3723.5, "Back. and more words"),
    ]


def test_text_header_lines_name_the_speaker() -> None:
    body = "Speaker 1  0:03\nFirst thing.\n\nJane Doe (0:10): Second.\n"
    segments, _ = text.parse(body)
    assert [(s.speaker, s.start, s.text) for s in segments] == [
        ("Speaker 1", 3.0, "First thing."),
        ("Jane Doe", 10.0, "Second."),
    ]


def test_untimed_text_keeps_zero_times_and_is_flagged() -> None:
    segments, timed = text.parse("Ana: One.\n\nBen: Two.\n\nThree, still Ben.")
    assert not timed
    assert [(s.speaker, s.start, s.end) for s in segments] == [
        ("Ana", 0.0, 0.0),
        ("Ben", 0.0, 0.0),
        ("Ben", 0.0, 0.0),
    ]


def test_markdown_turns_and_inline_stamps() -> None:
    body = (
        "# Title\nShow\n\n**Ana:** Hello \\[laugh\\] there.\n\n\\[01:00\\] Still Ana.\n\n"
        "**Ben:** \\[01:02:03.25\\] Hi *you*, my_var.\n"
    )
    segments, timed = markdown.parse(body)
    assert not timed
    assert [(s.speaker, s.start, s.end, s.text) for s in segments] == [
        ("Ana", 0.0, 60.0, "Hello [laugh] there."),
        ("Ana", 60.0, 3723.25, "Still Ana."),
        ("Ben", 3723.25, 3723.25, "Hi you, my_var."),
    ]


def test_markdown_reads_its_own_heading_shape() -> None:
    body = "# T\n\n**Ana** (0:05)\nHello.\n\n**Ben** (1:00:00)\nBye.\n"
    segments, timed = markdown.parse(body)
    assert timed
    assert [(s.speaker, s.start, s.text) for s in segments] == [
        ("Ana", 5.0, "Hello."),
        ("Ben", 3600.0, "Bye."),
    ]
