"""English stopwords for scoring spoken text: function words plus the fillers of conversation.

Spoken transcripts are full of words that carry no topic ("yeah", "gonna", "stuff"); keeping them out of the
term vectors is what lets plain TF-IDF find the subject of a talk.
"""

from __future__ import annotations

_FUNCTION = """
a about above across after again against all almost along already also although always am among an
and another any anybody anyone anything anyway anywhere are aren't around as at away back be became
because become becomes been before behind being below beside besides between beyond both but by can
can't cannot could couldn't did didn't do does doesn't doing don't done down during each either else
elsewhere enough etc even ever every everybody everyone everything everywhere except few for from
further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's however i i'd i'll i'm i've if in inside instead into is isn't it it'd
it'll it's its itself just least less let let's many may maybe me might mine more most mostly much
must mustn't my myself neither never next no nobody none nor not nothing now nowhere of off often on
once one ones only onto or other others otherwise ought our ours ourselves out outside over own per
perhaps rather same shall shan't she she'd she'll she's should shouldn't since so some somebody
someone something sometimes somewhat somewhere still such than that that'd that'll that's the their
theirs them themselves then there there'd there'll there're there's these they they'd they'll
they're they've thing things this those though through throughout thus till to together too toward
towards under unless until up upon us very via was wasn't we we'd we'll we're we've were weren't
what what's whatever when when's whenever where where's whereas wherever whether which while who
who's whoever whole whom whose why why's will with within without won't would wouldn't yet you you'd
you'll you're you've your yours yourself yourselves
"""

_SPOKEN = """
interesting interested excited exciting fun funny hard easy bad nice awesome amazing super love loved
favorite different same kinda
happen happened happens happening keep kept watch watched watching show shows episode
actually ah ahead alright anyhow aw basically bit blah cool course definitely did do does doing done
eh er exactly fine get gets getting go goes going gone gonna good got gotta great guess guy guys ha
hey hi hm hmm huh i'd idea kind kinda know knows known like likes little lot lots make makes making
mean means mhm mm mmm much na nah need needs oh ok okay oops ooh people pretty probably put quite
really right say saying says said see seeing seem seems seen sort sorta stuff sure take takes talk
talked talking tell thank thanks think thinking thought totally true try trying uh uhm um umm uh-huh
wanna want wanted wants way ways well whoa whatnot wow yeah yep yes yup ya ye absolutely anyways
certainly literally obviously honestly seriously simply somehow laugh laughs laughter applause
crosstalk inaudible music vocalsound disfmarker gap come comes coming came give gives given goes
went look looks looking looked feel feels felt kinda lots also fuck fucking fucked fuckin shit
shitty damn dammit ass dick hell sorry call called person guy able sometimes yeah-yeah mm-hmm one
two three first second last new old big long many much lot time times year years day days today week
weeks back point part start started end ended use used using work works
"""


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _set(_FUNCTION) | _set(_SPOKEN)
"""Words never used as terms, keywords or title words."""

FILLERS: frozenset[str] = _set(
    "um uh uhm umm er ah eh hmm hm mm mhm mmm like yeah yep oh okay ok so well actually basically "
    "literally kinda sorta gonna wanna you know i mean right"
)
"""Words whose density marks a sentence as loose talk rather than a statement."""

OPINION: frozenset[str] = _set(
    """believe think feel convinced key important crucial essential fundamental problem mistake truth secret
    lesson best worst always never everyone nobody must should shouldn't love hate wrong matters matter
    real really biggest hardest easiest favorite favourite trick rule point reason hard simple beautiful
    terrible amazing incredible powerful dangerous"""
)
"""Words that mark a sentence as a claim or a view, the stuff of quotes."""

REFERRING: frozenset[str] = _set("it that this these those they them he she him her which there")
"""Openers that point back at something said before, so the sentence does not stand alone."""

ABBREVIATIONS: frozenset[str] = _set(
    "mr mrs ms dr prof st vs etc e.g i.e jr sr inc ltd co no vol fig approx dept est u.s u.k"
)
"""Words after which a full stop does not end the sentence."""
