"""Small hand-written transcripts for the insights tests."""

from __future__ import annotations

from podgist.models import Segment

HOST = "Ana Ruiz"
GUEST = "Ben Okafor"

_INTERVIEW: list[tuple[str, str]] = [
    (HOST, "Welcome back to the show. Today my guest is Ben Okafor, a baker who trains for marathons."),
    (GUEST, "Thanks for having me, Ana."),
    (HOST, "Let's start with bread. What makes a good sourdough starter?"),
    (GUEST, "A good sourdough starter needs flour, water and patience."),
    (GUEST, "I feed my starter twice a day with rye flour, and it doubles within six hours."),
    (GUEST, "The biggest mistake people make is baking before the starter is strong enough."),
    (HOST, "Right?"),
    (GUEST, "Yeah."),
    (HOST, "How long do you let the dough ferment?"),
    (GUEST, "The dough ferments overnight in the fridge, because slow fermentation builds flavor."),
    (GUEST, "Cold fermentation also makes the loaf easier to shape and score in the morning."),
    (HOST, "So the fridge does the work."),
    (GUEST, "I honestly believe patience is the secret ingredient of every great loaf of bread."),
    (HOST, "Now, the marathon. How did baking lead you to running?"),
    (GUEST, "Running started as a way to balance all the bread I was eating, to be honest."),
    (GUEST, "My first marathon took me four hours and thirty minutes, and I loved every painful mile."),
    (GUEST, "Marathon training is mostly slow running, with one long run every weekend."),
    (HOST, "Um, and what about race day nutrition?"),
    (GUEST, "On race day I eat a bagel at breakfast and take an energy gel every forty minutes."),
    (GUEST, "You should never try new food on race day, because your stomach will punish you."),
    (HOST, "Great advice. Where can people find your bakery?"),
    (GUEST, "The bakery is on Mill Street in Leeds, and we open at seven every morning."),
    (HOST, "Thank you, Ben. That's our show for today."),
    (GUEST, "Thank you, it was a pleasure."),
]


def interview() -> list[Segment]:
    """A 24-turn host/guest interview in two topics (sourdough bread, then marathon running)."""
    out: list[Segment] = []
    clock = 0.0
    for i, (speaker, text) in enumerate(_INTERVIEW):
        length = round(len(text.split()) / 2.5, 2)
        out.append(
            Segment(
                id=100 + i, start=round(clock, 2), end=round(clock + length, 2), text=text, speaker=speaker
            )
        )
        clock = round(clock + length + 0.5, 2)
    return out


_BREAD = (
    "The sourdough starter needs rye flour and warm water. Knead the dough until the gluten is strong. "
    "Bake the loaf in a hot oven with steam for a crisp crust. The crumb of a good loaf is open and glossy. "
    "Proof the dough in a basket lined with flour. Score the loaf with a sharp blade before baking. "
)
_RUNNING = (
    "Marathon training needs a long run every weekend. Run the easy miles slowly to build endurance. "
    "Interval sessions on the track improve your race pace. Rest days let the muscles recover between runs. "
    "Race day nutrition means gels every forty minutes. Good running shoes protect your knees on long runs. "
)


def two_topics(repeats: int = 40) -> list[Segment]:
    """A long monologue-style transcript: bread for the first half, running for the second, as short cues."""
    text = _BREAD * repeats + _RUNNING * repeats
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    out: list[Segment] = []
    clock = 0.0
    for i, sentence in enumerate(sentences):
        speaker = HOST if i % 6 == 0 else GUEST
        length = len(sentence.split()) / 2.5
        out.append(
            Segment(id=i, start=round(clock, 2), end=round(clock + length, 2), text=sentence, speaker=speaker)
        )
        clock += length
    return out


def captions(texts: list[str], step: float = 2.0) -> list[Segment]:
    """Unlabelled caption cues of ``step`` seconds each."""
    return [Segment(id=i, start=i * step, end=(i + 1) * step, text=t) for i, t in enumerate(texts)]
