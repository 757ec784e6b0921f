"""The extension's parts in real Chromium, without the API: manifest, exports, page probe, a 4,500-line
transcript served from the session cache (search speed, keyboard, seeking), options page."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import EXTENSION, Extension
from tests.browser.helpers import long_episode, silent_wav, youtube_like_page
from tests.episodes import publish
from tests.podcastweb import PodcastWeb

pytestmark = pytest.mark.browser
CLOSED_SERVER = "http://127.0.0.1:9"  # discard port: nothing listens, so any request would fail loudly


def test_manifest_asks_for_little() -> None:
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert sorted(manifest["permissions"]) == ["activeTab", "scripting", "storage"]
    assert manifest["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert "_execute_action" in manifest["commands"]
    for size in ("16", "32", "48", "128"):
        assert (EXTENSION / manifest["icons"][size]).read_bytes().startswith(b"\x89PNG")
    # no inline scripts or handlers, no remote code: every script is a local module file
    for html in EXTENSION.rglob("*.html"):
        text = html.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'type="module"' in tag and 'src="' in tag and "//" not in tag, (html, tag)
        assert not re.search(r"<script>|<[^>]*\son[a-z]+\s*=", text), html


def test_exports_match_their_formats(ext: Extension) -> None:
    page = ext.context.new_page()
    page.goto(ext.url("options/options.html"))
    out = page.evaluate(
        """async () => {
            const f = await import('/shared/formats.js');
            const ep = {
              title: 'Bread & butter', show: 'The Bread Show', published: '2026-11-03T10:00:00Z',
              speakers: [{name: 'Alice Host', role: 'host'}, {name: 'Bob Guest'}],
              transcript: {segments: [
                {id: 0, start: 0, end: 4, text: 'Welcome <b>to</b> the show.', speaker: 'Alice Host'},
                {id: 1, start: 4.5, end: 9, text: 'Thanks.', speaker: 'Bob Guest'},
                {id: 2, start: 9.5, end: 14.25, text: 'Glad to be here.', speaker: 'Bob Guest'},
                {id: 3, start: 3725.5, end: 3730, text: 'Bye.', speaker: 'Alice Host'},
              ]},
            };
            const segs = ep.transcript.segments;
            return {md: f.toMarkdown(ep), srt: f.toSrt(segs), vtt: f.toVtt(segs), txt: f.toText(ep),
                    name: f.fileName(ep, 'vtt')};
        }"""
    )
    assert out["md"] == (
        "# Bread & butter\n\nThe Bread Show · 2026-11-03\n\nSpeakers: Alice Host, Bob Guest\n\n"
        "**Alice Host** (0:00)\nWelcome <b>to</b> the show.\n\n"
        "**Bob Guest** (0:04)\nThanks. Glad to be here.\n\n"
        "**Alice Host** (1:02:05)\nBye.\n"
    )
    assert out["srt"].startswith(
        "1\n00:00:00,000 --> 00:00:04,000\nAlice Host: Welcome <b>to</b> the show.\n\n2\n"
    )
    assert "4\n01:02:05,500 --> 01:02:10,000\nAlice Host: Bye.\n" in out["srt"]
    assert out["vtt"].startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice Host>Welcome &lt;b&gt;to")
    assert "00:00:09.500 --> 00:00:14.250\n<v Bob Guest>Glad to be here." in out["vtt"]
    assert "[1:02:05] Alice Host: Bye." in out["txt"]
    assert out["name"] == "bread-butter.vtt"


def test_probe_reads_feed_audio_and_captions(ext: Extension, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug)
    web.add(
        f"/{slug}/other",
        '<html><head><meta property="og:audio" content="/a.mp3"></head><body>'
        '<a href="https://podcasts.apple.com/us/podcast/x/id123?i=1000654321">Apple</a></body></html>',
    )
    web.add(f"/{slug}/watch", youtube_like_page("abcdefghijk", f"/{slug}/timedtext"))
    events = {
        "events": [
            {"tStartMs": 1200, "dDurationMs": 2000, "segs": [{"utf8": "Hello "}, {"utf8": "there"}]},
            {"tStartMs": 3400, "dDurationMs": 1500, "segs": [{"utf8": "\n"}]},
            {"tStartMs": 5000, "dDurationMs": 1000, "segs": [{"utf8": "General Kenobi"}]},
        ]
    }
    web.add(f"/{slug}/timedtext", json.dumps(events), "application/json")
    pages = {}
    for name, url in {
        "episode": ep.page_url,
        "other": web.url(f"/{slug}/other"),
        "watch": web.url(f"/{slug}/watch?v=abcdefghijk"),
    }.items():
        pages[name] = ext.context.new_page()
        pages[name].goto(url)
    control = ext.context.new_page()
    control.goto(ext.url("options/options.html"))
    run = """async ([tabId, name, world, args]) => {
        const probe = await import('/shared/page-probe.js');
        const [r] = await chrome.scripting.executeScript({target: {tabId}, func: probe[name], world, args});
        return r.result;
    }"""
    hints = control.evaluate(run, [ext.tab_id(ep.page_url), "probePage", "ISOLATED", []])
    assert hints["feedUrl"] == ep.feed_url and hints["audioUrl"] == ep.audio_url and hints["media"] == 1
    other = control.evaluate(run, [ext.tab_id(web.url(f"/{slug}/other")), "probePage", "ISOLATED", []])
    assert (
        other["audioUrl"] == web.url("/a.mp3")
        and other["appleId"] == "1000654321"
        and other["feedUrl"] is None
    )
    watch_tab = ext.tab_id(web.url(f"/{slug}/watch?v=abcdefghijk"))
    track = control.evaluate(run, [watch_tab, "readYouTubeCaptions", "MAIN", ["en"]])
    assert track == {
        "videoId": "abcdefghijk",
        "language": "en",
        "kind": "manual",
        "cues": [
            {"start": 1.2, "end": 3.2, "text": "Hello there"},
            {"start": 5, "end": 6, "text": "General Kenobi"},
        ],
    }
    fetched = [path for path, _ in web.requests if path.startswith(f"/{slug}/timedtext")]
    assert fetched and "lang=en" in fetched[0] and "fmt=json3" in fetched[0]


def open_cached(
    ext: Extension, web: PodcastWeb, slug: str, episode: dict[str, Any], *, dark: bool = False
) -> Any:
    """A fixture page whose episode sits in the extension's session cache, and its popup."""
    page_url = web.add(
        f"/{slug}/cached",
        f'<html><body><h1>Cached</h1><audio controls src="/{slug}/audio.wav"></audio></body></html>',
    )
    web.add(f"/{slug}/audio.wav", silent_wav(seconds=60 * 95, rate=1000), "audio/wav")
    ext.reset(CLOSED_SERVER)
    fixture = ext.context.new_page()
    fixture.goto(page_url)
    control = ext.context.new_page()
    control.goto(ext.url("options/options.html"))
    control.evaluate(
        "async ([s, u, e]) => (await import('/shared/storage.js')).cacheEpisode(s, u, e)",
        [CLOSED_SERVER, page_url, episode],
    )
    control.close()
    popup = ext.open_popup(ext.tab_id(page_url), dark=dark)
    popup.wait_for_selector("#episode:not([hidden])")
    return fixture, popup


def test_long_transcript_search_is_fast_and_keyboard_friendly(
    ext: Extension, web: PodcastWeb, slug: str, shots: Path
) -> None:
    episode = long_episode(4500)
    fixture, popup = open_cached(ext, web, slug, episode)
    assert popup.locator("#episode-header .title").inner_text() == episode["title"]
    assert popup.locator("#tab-gist").get_attribute("aria-selected") == "true"
    assert popup.locator("#h-summary").is_visible() and popup.locator(".takeaways li").count() == 3
    assert popup.locator(".quotes li").count() == 2 and popup.locator(".questions details").count() == 1
    assert popup.locator(".chapters li").count() == 3
    popup.screenshot(path=str(shots / "popup-gist-light.png"))
    popup.emulate_media(color_scheme="dark")
    popup.screenshot(path=str(shots / "popup-gist-dark.png"))
    popup.emulate_media(color_scheme="light")
    popup.locator(".questions summary").click()  # open the answer
    popup.locator("#h-quotes").scroll_into_view_if_needed()
    popup.screenshot(path=str(shots / "popup-gist-quotes.png"))
    popup.locator("#h-keywords").scroll_into_view_if_needed()
    popup.screenshot(path=str(shots / "popup-gist-chapters.png"))

    # tabs: arrow keys move between them
    popup.locator("#tab-gist").focus()
    popup.keyboard.press("ArrowRight")
    assert popup.locator("#tab-transcript").get_attribute("aria-selected") == "true"
    assert popup.evaluate("document.activeElement.id") == "tab-transcript"
    popup.wait_for_function("() => document.querySelectorAll('#lines li').length === 4500")
    assert popup.locator("#lines li.turn-start .who").first.inner_text() == "Alice Host"
    assert popup.locator("#lines .time").nth(3100).text_content() == "1:02:00"  # h:mm:ss past an hour

    # typing filters and highlights; the whole update lands well within a frame budget after the debounce
    search = popup.locator("#search")
    search.focus()
    started = time.monotonic()
    popup.keyboard.type("zeppelin", delay=15)
    popup.wait_for_function(
        "() => document.getElementById('search-count').textContent === '9 matching lines'"
    )
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"search took {elapsed:.2f}s"
    assert popup.locator("#lines li:not([hidden])").count() == 9
    assert popup.locator("#lines li").nth(0).is_hidden() and popup.locator("#lines li").nth(250).is_visible()
    assert popup.locator("#lines mark").count() == 9
    cost = popup.evaluate(
        """() => new Promise(resolve => {
            const input = document.getElementById('search');
            const t0 = performance.now();
            input.value = 'sourdough levain';
            input.dispatchEvent(new Event('input'));
            input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
            requestAnimationFrame(() => resolve(performance.now() - t0));
        })"""
    )
    assert cost < 250, f"filtering 4,500 lines took {cost:.0f} ms"
    search.fill("")
    search.focus()
    popup.keyboard.type("zeppelin")
    popup.wait_for_function(
        "() => document.getElementById('search-count').textContent === '9 matching lines'"
    )
    popup.screenshot(path=str(shots / "popup-transcript-search.png"))

    # keyboard: ArrowDown from the search box focuses the first match; Enter on a line seeks the player
    popup.keyboard.press("ArrowDown")
    first = popup.evaluate("document.activeElement.closest('li').dataset.i")
    assert first == "250"
    popup.keyboard.press("ArrowDown")
    assert popup.evaluate("document.activeElement.closest('li').dataset.i") == "750"
    popup.keyboard.press("Enter")
    fixture.wait_for_function("() => Math.abs(document.querySelector('audio').currentTime - 900) < 1.5")
    assert "Playing from 15:00" in popup.locator("#notice").inner_text()

    # Escape clears the search; the list is whole again and stays one tab stop
    search.focus()
    popup.keyboard.press("Escape")
    popup.wait_for_function("() => document.querySelectorAll('#lines li[hidden]').length === 0")
    assert popup.locator("#lines .time[tabindex='0']").count() == 1

    # a topic chip jumps to the transcript filtered by it
    popup.locator("#tab-gist").click()
    popup.locator(".topics button", has_text="starter").click()
    popup.wait_for_function("() => document.getElementById('search').value === 'starter'")
    assert popup.locator("#tab-transcript").get_attribute("aria-selected") == "true"


def test_dark_mode_and_no_insights(ext: Extension, web: PodcastWeb, slug: str, shots: Path) -> None:
    episode = long_episode(30, insights=False)
    _, popup = open_cached(ext, web, slug, episode, dark=True)
    # without insights the popup opens on the transcript and the gist says so, with no invented content
    assert popup.locator("#tab-transcript").get_attribute("aria-selected") == "true"
    assert popup.locator("#lines li").count() == 30
    popup.screenshot(path=str(shots / "popup-transcript-dark.png"))
    popup.locator("#tab-gist").click()
    assert "No gist has been computed" in popup.locator("#panel-gist").inner_text()
    assert popup.locator("#h-summary").count() == 0 and popup.locator("#h-quotes").count() == 0
    bg = popup.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(22, 22, 28)"


def test_options_page_saves_and_validates(ext: Extension, web: PodcastWeb, shots: Path) -> None:
    ext.reset("http://127.0.0.1:8000")
    page = ext.context.new_page()
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(ext.url("options/options.html"))
    assert page.locator("#server").input_value() == "http://127.0.0.1:8000"
    page.screenshot(path=str(shots / "options.png"), full_page=True)
    page.fill("#server", "not a url")
    page.click("#save")
    assert page.locator("#server").get_attribute("aria-invalid") == "true"
    assert "http://" in page.locator("#status").inner_text()
    page.fill("#server", f"{web.base}/")
    page.fill("#apiKey", "secret-key")
    page.select_option("#language", "de")
    page.get_by_label("Topics").uncheck()
    page.click("#save")
    page.wait_for_function("() => document.getElementById('status').textContent === 'Saved.'")
    stored = ext.worker.evaluate("() => chrome.storage.local.get(null)")
    assert stored["server"] == web.base and stored["apiKey"] == "secret-key" and stored["language"] == "de"
    assert stored["sections"]["keywords"] is False and stored["sections"]["summary"] is True
    ext.reset("http://127.0.0.1:8000")


def test_not_a_web_page(ext: Extension, shots: Path) -> None:
    ext.reset(CLOSED_SERVER)
    blank = ext.context.new_page()
    blank.goto("about:blank")
    tabs = ext.worker.evaluate("async () => (await chrome.tabs.query({})).map(t => t.id)")
    popup = ext.open_popup(max(tabs))
    popup.wait_for_selector(".error-not_podcast")
    assert "isn't a podcast episode" in popup.locator("#status").inner_text()
    assert popup.locator('[data-action="retry"]').count() == 0
    blank.close()
