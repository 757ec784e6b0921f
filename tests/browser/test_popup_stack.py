"""The popup against the real stack: `podgist api` + `podgist worker` + Redis, and the fixture podcast web.

Each test opens a fixture page in a tab, then opens the popup page for that tab id (headless Chromium has
no toolbar to click), exactly as the toolbar popup serves the active tab.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import httpx
import pytest

from tests.browser.conftest import Extension
from tests.browser.helpers import plain_page, ranged, silent_wav
from tests.episodes import publish
from tests.podcastweb import PodcastWeb
from tests.stack import Stack, free_port

pytestmark = pytest.mark.browser
DONE_TIMEOUT_MS = 30_000


def poll(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def wait_audio_at(page: Any, seconds: float) -> None:
    """The page's <audio> was sought to ``seconds`` (it may have played on a little since)."""
    page.wait_for_function(
        "t => (now => now >= t - 0.05 && now < t + 2.5)(document.querySelector('audio').currentTime)",
        arg=seconds,
        timeout=5000,
    )


def open_episode_page(ext: Extension, url: str) -> tuple[object, int]:
    page = ext.context.new_page()
    page.goto(url)
    return page, ext.tab_id(url)


def test_popup_shows_progress_then_the_episode_and_seeks_the_page(
    ext: Extension, stack: Stack, web: PodcastWeb, slug: str, shots: Path
) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 1.5})
    web.add(ep.paths["audio"], handler=ranged(silent_wav(40)))  # a real, seekable file for the <audio>
    ext.reset(stack.base)
    page, tab = open_episode_page(ext, ep.page_url)
    popup = ext.popup_page()
    posted: list[dict[str, Any]] = []
    popup.on("request", lambda r: r.method == "POST" and posted.append(r.post_data_json))
    popup.goto(ext.popup_url(tab))

    # progress in words and a bar while the (slow) transcript is fetched
    popup.wait_for_selector(".progress .bar[aria-valuenow]", timeout=DONE_TIMEOUT_MS)
    assert popup.locator("#status").get_attribute("aria-live") == "polite"
    assert popup.locator(".progress-label").inner_text().endswith("…")
    popup.wait_for_selector(".steps li.current", timeout=DONE_TIMEOUT_MS)
    popup.screenshot(path=str(shots / "popup-progress.png"))

    popup.wait_for_selector("#episode:not([hidden])", timeout=DONE_TIMEOUT_MS)
    # the page's hints went along with its URL
    assert posted == [{"url": ep.page_url, "feedUrl": ep.feed_url, "audioUrl": ep.audio_url}]
    assert popup.locator("#status").inner_text() == ""
    assert popup.locator("#episode-header .title").inner_text() == ep.title
    assert popup.locator("#episode-header .show").text_content() == f"The {slug} show"
    assert "Nov 3, 2026" in popup.locator("#episode-header .facts").inner_text()
    assert "With Alice Host (host), Bob Guest (guest)" in popup.locator("#episode-header").inner_text()

    episode_id = httpx.get(f"{stack.base}/v1/episodes/by-url", params={"url": ep.page_url}).json()[
        "episodeId"
    ]
    episode = httpx.get(f"{stack.base}/v1/episodes/{episode_id}").json()
    insights = episode.get("insights")
    if insights:  # the gist shows exactly what the server computed
        assert popup.locator("#tab-gist").get_attribute("aria-selected") == "true"
        if insights["summary"].get("headline"):
            assert insights["summary"]["headline"] in popup.locator(".summary").inner_text()
        assert popup.locator(".quotes li").count() == len(insights.get("quotes", []))
        assert popup.locator(".takeaways li").count() == len(insights.get("takeaways", []))
        assert popup.locator(".questions details").count() == len(insights.get("questions", []))
    else:
        assert popup.locator("#tab-transcript").get_attribute("aria-selected") == "true"
    popup.locator("#tab-gist").click()
    popup.screenshot(path=str(shots / "popup-stack-gist.png"))
    if insights and insights.get("quotes"):
        quote = insights["quotes"][0]
        popup.locator(".quotes .time").first.click()
        wait_audio_at(page, quote["start"])

    # transcript: speaker turns, search filters and highlights, a line's time seeks the page's <audio>
    popup.locator("#tab-transcript").click()
    lines = popup.locator("#lines li")
    assert lines.count() == len(episode["transcript"]["segments"]) == 7
    assert popup.locator("#lines li.turn-start .who").all_inner_texts() == ["Alice Host", "Bob Guest"] * 3 + [
        "Alice Host"
    ]
    popup.screenshot(path=str(shots / "popup-stack-transcript.png"))
    popup.locator("#search").fill("sourdough")
    popup.wait_for_function(
        "() => document.getElementById('search-count').textContent === '2 matching lines'"
    )
    assert popup.locator("#lines li:visible").count() == 2
    assert popup.locator("#lines mark").all_inner_texts() == ["sourdough", "Sourdough"]
    popup.locator("#search").fill("")
    popup.wait_for_function("() => document.querySelectorAll('#lines li:not([hidden])').length === 7")
    popup.locator("#lines li").nth(3).locator(".time").click()  # 0:14 "Usually about a week…"
    wait_audio_at(page, 14.5)
    popup.wait_for_function("() => document.getElementById('notice').textContent === 'Playing from 0:14'")

    # downloads are generated in the popup from the segments
    with popup.expect_download() as download:
        popup.locator('[data-download="vtt"]').click()
    vtt = Path(download.value.path()).read_text()
    assert download.value.suggested_filename.endswith(".vtt")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice Host>Welcome to the show.")

    popup.locator("#copy-md").click()
    popup.wait_for_function(
        "() => document.getElementById('notice').textContent.startsWith('Transcript copied')"
    )
    # read the clipboard back by pasting into a plain page (no clipboard-read grant for extension origins)
    paste = ext.context.new_page()
    paste.goto(web.add(f"/{slug}/paste", "<textarea id=t></textarea>"))
    paste.focus("#t")
    paste.keyboard.press("Control+V")
    markdown = paste.input_value("#t")
    assert markdown.startswith(
        f"# {ep.title}\n\nThe {slug} show · 2026-11-03\n\nSpeakers: Alice Host, Bob Guest\n\n"
        "**Alice Host** (0:00)\nWelcome to the show. Today we talk about sourdough bread.\n\n"
        "**Bob Guest** (0:04)\nThanks for having me."
    )
    assert markdown.endswith("**Alice Host** (0:34)\nThat is great advice. Thanks for joining us, Bob.\n")

    # the toolbar badge marks the tab; opening the popup again is instant (session cache, no lookup)
    assert ext.badge(tab) == "✓"
    popup.close()
    again = ext.open_popup(tab)
    again.wait_for_selector("#episode:not([hidden])", timeout=2000)
    assert again.locator(".progress").count() == 0


def test_api_down_then_retry(ext: Extension, stack: Stack, web: PodcastWeb, slug: str, shots: Path) -> None:
    ep = publish(web, slug)
    closed = f"http://127.0.0.1:{free_port()}"
    ext.reset(closed)
    _, tab = open_episode_page(ext, ep.page_url)
    popup = ext.open_popup(tab)
    popup.wait_for_selector(".error-unreachable", timeout=15_000)
    text = popup.locator("#status").inner_text()
    assert "Can't reach the Podgist server" in text and closed in text
    assert popup.locator('[data-action="options"]').is_visible()
    assert popup.evaluate("document.activeElement.dataset.action") == "retry"
    popup.screenshot(path=str(shots / "popup-error-unreachable.png"))

    ext.set_storage("local", {"server": stack.base})  # what saving the options page does
    popup.locator('[data-action="retry"]').click()
    popup.wait_for_selector("#episode:not([hidden])", timeout=DONE_TIMEOUT_MS)
    assert popup.locator("#episode-header .title").inner_text() == ep.title


def test_not_a_podcast_page(ext: Extension, stack: Stack, web: PodcastWeb, slug: str, shots: Path) -> None:
    url = web.add(f"/{slug}/about", plain_page("About us"))
    ext.reset(stack.base)
    _, tab = open_episode_page(ext, url)
    popup = ext.open_popup(tab)
    popup.wait_for_selector(".error-not_podcast", timeout=DONE_TIMEOUT_MS)
    assert "This page isn't a podcast episode" in popup.locator("#status").inner_text()
    popup.screenshot(path=str(shots / "popup-error-not-podcast.png"))


def test_no_transcript_and_asr_disabled(ext: Extension, stack: Stack, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug, transcript=None)
    ext.reset(stack.base)
    _, tab = open_episode_page(ext, ep.page_url)
    popup = ext.open_popup(tab)
    popup.wait_for_selector(".error-no_transcript", timeout=DONE_TIMEOUT_MS)
    text = popup.locator("#status").inner_text()
    assert "No transcript for this episode" in text and "speech-to-text is turned off" in text
    assert popup.locator('[data-action="retry"]').count() == 0


def test_episode_not_found(ext: Extension, stack: Stack, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug)
    missing = web.add(
        f"/{slug}/episodes/2",
        f"<html><head><title>A bonus episode</title><link rel=alternate type=application/rss+xml "
        f"href={quoteattr(ep.feed_url)}></head><body><audio src={quoteattr(web.url(f'/{slug}/audio/2.mp3'))}>"
        "</audio></body></html>",
    )
    ext.reset(stack.base)
    _, tab = open_episode_page(ext, missing)
    popup = ext.open_popup(tab)
    popup.wait_for_selector(".error-not_found", timeout=DONE_TIMEOUT_MS)
    assert "Episode not found" in popup.locator("#status").inner_text()
    assert popup.locator('[data-action="retry"]').is_visible()


def test_rate_limited_shows_when_to_retry(
    ext: Extension, stack: Stack, web: PodcastWeb, slug: str, shots: Path
) -> None:
    ep = publish(web, slug)
    ext.reset(stack.base)
    _, tab = open_episode_page(ext, ep.page_url)
    popup = ext.context.new_page()
    popup.set_viewport_size({"width": 400, "height": 600})
    limited = {"on": True}

    def answer_429(route: object) -> None:
        if limited["on"]:
            route.fulfill(  # type: ignore[attr-defined]
                status=429,
                headers={"retry-after": "2", "content-type": "application/json"},
                body=json.dumps(
                    {
                        "code": "rate_limited",
                        "message": "Too many requests; slow down.",
                        "detail": {"retryAfter": 2},
                    }
                ),
            )
        else:
            route.continue_()  # type: ignore[attr-defined]

    popup.route(f"{stack.base}/v1/lookups", answer_429)
    popup.goto(ext.url(f"popup/popup.html?tab={tab}"))
    popup.wait_for_selector(".error-rate_limited", timeout=10_000)
    assert "Too many requests" in popup.locator("#status").inner_text()
    assert "Try again at" in popup.locator("#status").inner_text()
    assert popup.locator('[data-action="retry"]').is_disabled()
    popup.screenshot(path=str(shots / "popup-error-rate-limited.png"))
    popup.wait_for_function("() => !document.querySelector('[data-action=\"retry\"]').disabled", timeout=5000)
    limited["on"] = False
    popup.locator('[data-action="retry"]').click()
    popup.wait_for_selector("#episode:not([hidden])", timeout=DONE_TIMEOUT_MS)


def test_badge_marks_pages_already_cached(
    ext: Extension, client: httpx.Client, web: PodcastWeb, slug: str
) -> None:
    cached = publish(web, slug)
    fresh = publish(web, f"{slug}-new")
    lookup = client.post("/v1/lookups", json={"url": cached.page_url}).json()
    while lookup.get("status") not in ("done", None):
        assert lookup["status"] != "failed", lookup
        lookup = client.get(lookup["statusUrl"], params={"wait": 5}).json()
    ext.reset(str(client.base_url).rstrip("/"))
    ext.set_storage("local", {"autoCheck": True})
    _, tab = open_episode_page(ext, cached.page_url)
    assert poll(lambda: ext.badge(tab) == "✓"), "the cached page's tab was not marked"
    _, other_tab = open_episode_page(ext, fresh.page_url)
    time.sleep(0.5)
    assert ext.badge(other_tab) == ""
