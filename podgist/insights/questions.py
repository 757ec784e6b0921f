"""Questions answered: real questions (not "right?") followed by an answer from someone else.

With speaker labels the answer is the next turn(s) by another speaker (short interjections of the asker are
skipped); without labels it is the sentences that follow, up to the next question. The answer's gist is its
most salient one or two sentences; ``answer_start`` is where the answer begins.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from podgist.insights.analysis import Analysis
from podgist.insights.text import as_sentence
from podgist.insights.units import Unit
from podgist.models import QuestionAnswered

MIN_ANSWER_WORDS = 15
MAX_ANSWER_UNITS = 12
MAX_QUESTIONS = 10
HOST_BONUS = 1.2

_TAG = re.compile(r"\b(right|you know|isn't it|is it|no|huh|yeah|okay|ok|correct|really|yes|what)\W*$", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """A question, the units that phrase it, the units that answer it and its score."""

    asked: tuple[Unit, ...]
    answer: tuple[Unit, ...]
    score: float


def question_count(a: Analysis) -> int:
    """About one per 2,500 words, at least 3 and at most 10 (when that many are found)."""
    return max(3, min(MAX_QUESTIONS, a.total_words // 2500))


def questions(a: Analysis) -> list[QuestionAnswered]:
    """The best questions with their answers, in transcript order."""
    found = sorted(_find(a), key=lambda f: (-f.score, f.asked[-1].index))
    picked: list[Found] = []
    for f in found:
        if len(picked) >= question_count(a):
            break
        if all(_disjoint(f, p) for p in picked):
            picked.append(f)
    picked.sort(key=lambda f: f.asked[-1].index)
    return [_item(a, f) for f in picked]


def is_question(u: Unit) -> bool:
    """A sentence asking something worth answering: ends with ``?``, has content, is not a tag question."""
    text = u.text.rstrip(" \"'”’)]")
    if not text.endswith("?") or len(set(u.terms)) < 2 or u.words < 4:
        return False
    return not (u.words < 8 and _TAG.search(text[:-1]))


def _find(a: Analysis) -> list[Found]:
    out: list[Found] = []
    units = a.units
    for u in units:
        if not is_question(u) or not _ends_turn(units, u):
            continue
        answer = _answer(units, u)
        words = sum(v.words for v in answer)
        if words < MIN_ANSWER_WORDS:
            continue
        asked = _phrasing(units, u)
        score = min(6, len({t for q in asked for t in q.terms})) * math.log(words)
        score *= HOST_BONUS if u.speaker is not None and u.speaker == a.host else 1.0
        out.append(Found(asked=asked, answer=answer, score=score))
    return out


def _ends_turn(units: list[Unit], u: Unit) -> bool:
    """With labels, a question must close its turn (a few words may follow) so the other side answers."""
    if u.speaker is None:
        return True
    after = 0
    for v in units[u.index + 1 :]:
        if v.turn != u.turn:
            break
        after += v.words
    return after <= 12


def _answer(units: list[Unit], q: Unit) -> tuple[Unit, ...]:
    out: list[Unit] = []
    for v in units[q.index + 1 :]:
        if len(out) >= MAX_ANSWER_UNITS:
            break
        if q.speaker is None:
            if v.text.rstrip().endswith("?") and out:
                break
            out.append(v)
        elif v.turn == q.turn:
            continue
        elif v.speaker == q.speaker or v.speaker is None:
            if v.words > 5 or not out:
                break  # the asker talks on (or unknown voice): the answer, if any, is over
        else:
            out.append(v)
    return tuple(out)


def _phrasing(units: list[Unit], q: Unit) -> tuple[Unit, ...]:
    """A short question leans on the sentence before it ("You were at Sun. Why leave?"): keep both."""
    if q.index > 0 and q.words < 8:
        prev = units[q.index - 1]
        if prev.turn == q.turn and prev.words <= 30 and not prev.text.rstrip().endswith("?"):
            return (prev, q)
    return (q,)


def _disjoint(f: Found, p: Found) -> bool:
    spans = [(x[0].index, x[-1].index) for x in (f.asked + f.answer, p.asked + p.answer)]
    return spans[0][1] < spans[1][0] or spans[1][1] < spans[0][0]


def _gist(a: Analysis, answer: tuple[Unit, ...]) -> list[Unit]:
    good = [v for v in answer if v.words >= 6 and not v.text.rstrip().endswith("?")]
    best = sorted(good, key=lambda v: (-a.scores[v.index], v.index))[:2]
    return sorted(best, key=lambda v: v.index) or list(answer[:2])


def _item(a: Analysis, f: Found) -> QuestionAnswered:
    gist = _gist(a, f.answer)
    ids, start, end = a.unit_span([*f.asked, *gist])
    return QuestionAnswered(
        segment_ids=ids,
        start=start,
        end=end,
        question=" ".join(as_sentence(u.text) for u in f.asked),
        answer=" ".join(as_sentence(u.text) for u in gist),
        asked_by=f.asked[-1].speaker,
        answered_by=gist[0].speaker,
        answer_start=a.segments[f.answer[0].first].start,
    )
