"""YouTube's watch page and its innertube player response: caption tracks, and every refusal mapped to a
typed error. Pure functions over text and JSON; fetching lives in ``youtube``.

Refusals, as YouTube answers them:

=====================================================  =====================================
consent interstitial (``consent.youtube.com`` form)    retried once with its consent cookie,
                                                       else :class:`UpstreamBlocked`
reCAPTCHA "unusual traffic" page, HTTP 429             :class:`UpstreamBlocked`
``LOGIN_REQUIRED`` "Sign in to confirm you're not a    :class:`UpstreamBlocked`
bot"
``LOGIN_REQUIRED`` age check ("inappropriate for       :class:`UnsupportedSource` (age_restricted)
some users", "confirm your age")
``ERROR`` "This video is unavailable" (or no player)   :class:`EpisodeNotFound`
any other non-OK status (``UNPLAYABLE``, ``CUSTOM``)    :class:`UnsupportedSource` (unplayable)
OK without ``captions``                                :class:`NoTranscript` (transcripts disabled)
only tracks needing a proof-of-origin token           :class:`UpstreamBlocked` (po_token)
=====================================================  =====================================
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

from podgist.errors import EpisodeNotFound, NoTranscript, UnsupportedSource, UpstreamBlocked, UpstreamError

PLAYER_MARKER = "ytInitialPlayerResponse"
CONSENT_FORM = 'action="https://consent.youtube.com/s"'
CONSENT_VALUE = re.compile(r'name="v" value="(.*?)"')
RECAPTCHA = 'class="g-recaptcha"'
BOT_CHECK = ("not a bot", "confirm you", "sign in to confirm")
AGE_CHECK = ("inappropriate", "age")
UNAVAILABLE = ("unavailable", "does not exist", "removed", "private")
BLOCKED_HINT = "YouTube refused this server; send the captions with the lookup (transcript field) instead."


class CaptionTrack(msgspec.Struct, frozen=True):
    """One caption track offered by the player."""

    url: str
    language: str
    kind: str  # "manual" or "asr"
    name: str = ""

    @property
    def needs_po_token(self) -> bool:
        """Tracks marked ``exp=xpe`` only answer with a proof-of-origin token we cannot make."""
        return "&exp=xpe" in self.url or "?exp=xpe" in self.url


def consent_value(html: str) -> str | None:
    """The consent form's ``v`` value when ``html`` is YouTube's consent interstitial; '' when the form
    is there but unusable; None when the page is not a consent page."""
    if CONSENT_FORM not in html:
        return None
    match = CONSENT_VALUE.search(html)
    return match.group(1) if match else ""


def player_from_html(html: str) -> dict[str, Any]:
    """The ``ytInitialPlayerResponse`` object of a watch page."""
    if RECAPTCHA in html:
        raise UpstreamBlocked("YouTube asks this server to solve a CAPTCHA. " + BLOCKED_HINT)
    if consent_value(html) is not None:
        raise UpstreamBlocked("YouTube answered with its cookie-consent page. " + BLOCKED_HINT)
    at = html.find(PLAYER_MARKER)
    start = html.find("{", at) if at >= 0 else -1
    if start < 0:
        raise UpstreamError("YouTube's watch page carries no player data.")
    try:
        player, _ = json.JSONDecoder().raw_decode(html, start)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the stack
        raise UpstreamError("YouTube's player data could not be read.") from exc
    if not isinstance(player, dict):
        raise UpstreamError("YouTube's player data is not an object.")
    return player


def _dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one: the player JSON is upstream's, of any shape."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _reason(status: dict[str, Any]) -> str:
    texts = [status.get("reason") or ""]
    for renderer in _dict(status.get("errorScreen")).values():
        reason = renderer.get("reason") if isinstance(renderer, dict) else None
        if isinstance(reason, dict):
            texts.extend(run.get("text", "") for run in _list(reason.get("runs")) if isinstance(run, dict))
            texts.append(reason.get("simpleText", ""))
    return " ".join(t for t in texts if isinstance(t, str) and t).replace("\u2019", "'")


def check_playable(player: dict[str, Any], video_id: str) -> None:
    """Raise the typed error for a player that refuses to play (see the table above)."""
    status = _dict(player.get("playabilityStatus"))
    code = status.get("status", "OK")
    if code == "OK":
        return
    reason = _reason(status)
    lower = reason.lower()
    detail = {"videoId": video_id, "status": code, "reason": reason[:300]}
    if code == "LOGIN_REQUIRED" and any(k in lower for k in BOT_CHECK):
        raise UpstreamBlocked(
            f"YouTube asks this server to prove it is not a bot. {BLOCKED_HINT}", detail=detail
        )
    if code in ("LOGIN_REQUIRED", "AGE_CHECK_REQUIRED") and any(k in lower for k in AGE_CHECK):
        raise UnsupportedSource("This video is age-restricted.", detail=detail | {"why": "age_restricted"})
    if code == "ERROR" or any(k in lower for k in UNAVAILABLE):
        raise EpisodeNotFound("This YouTube video is unavailable.", detail=detail)
    raise UnsupportedSource(
        f"YouTube will not play this video: {reason or code}.", detail=detail | {"why": "unplayable"}
    )


def caption_tracks(player: dict[str, Any]) -> list[CaptionTrack]:
    """Every caption track the player offers (empty when captions are disabled)."""
    renderer = _dict(_dict(player.get("captions")).get("playerCaptionsTracklistRenderer"))
    tracks: list[CaptionTrack] = []
    for raw in _list(renderer.get("captionTracks")):
        if not isinstance(raw, dict) or not raw.get("baseUrl"):
            continue
        name = _dict(raw.get("name"))
        runs = [r.get("text") for r in _list(name.get("runs")) if isinstance(r, dict)]
        simple = name.get("simpleText")
        label = (
            simple if isinstance(simple, str) and simple else "".join(t for t in runs if isinstance(t, str))
        )
        tracks.append(
            CaptionTrack(
                url=str(raw["baseUrl"]).replace("\\u0026", "&"),
                language=str(raw.get("languageCode") or ""),
                kind="asr" if raw.get("kind") == "asr" else "manual",
                name=label,
            )
        )
    return tracks


def _speaks(track: CaptionTrack, language: str) -> bool:
    lang, want = track.language.lower(), language.lower()
    return lang == want or lang.split("-")[0] == want.split("-")[0]


def choose_track(tracks: list[CaptionTrack], language: str, video_id: str) -> CaptionTrack:
    """Manual before auto-generated, the wanted language before any other; typed errors when none fits."""
    if not tracks:
        raise NoTranscript("Captions are disabled for this video.", detail={"videoId": video_id})
    usable = [t for t in tracks if not t.needs_po_token]
    if not usable:
        raise UpstreamBlocked(
            "YouTube only serves these captions with a proof-of-origin token. " + BLOCKED_HINT,
            detail={"videoId": video_id, "why": "po_token"},
        )
    order = [
        [t for t in usable if t.kind == "manual" and _speaks(t, language)],
        [t for t in usable if t.kind == "asr" and _speaks(t, language)],
        [t for t in usable if t.kind == "manual"],
        usable,
    ]
    return next(group[0] for group in order if group)


def video_details(player: dict[str, Any]) -> dict[str, Any]:
    """``videoDetails`` (title, author, lengthSeconds, thumbnail) or an empty dict."""
    details = player.get("videoDetails")
    return details if isinstance(details, dict) else {}
