"""Real Chromium with the unpacked extension loaded (headless new mode), driven by Playwright.

Skipped with a clear reason when /usr/bin/chromium or the playwright package is missing, unless
``PODGIST_REQUIRE_BROWSER=1``, which turns those skips into failures.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
OUTPUT = REPO / "test-output"
CHROMIUM = os.environ.get("PODGIST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--no-default-browser-check",
]


def _missing_browser() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install 'playwright>=1.49,<2')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_browser()
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent != here:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and os.environ.get("PODGIST_REQUIRE_BROWSER") != "1":
            item.add_marker(pytest.mark.skip(reason=f"browser tests need Chromium: {reason}"))


class Extension:
    """The loaded extension: its id, service worker, and helpers to open its pages for a given tab."""

    def __init__(self, context: Any, worker: Any) -> None:
        self.context = context
        self.worker = worker
        self.id = worker.url.split("/")[2]
        self.origin = f"chrome-extension://{self.id}"

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def tab_id(self, url: str) -> int:
        """The tab id of the (only) tab showing ``url``."""
        tabs = self.worker.evaluate("async () => (await chrome.tabs.query({})).map(t => [t.id, t.url])")
        ids = [tab_id for tab_id, tab_url in tabs if tab_url == url]
        assert len(ids) == 1, f"expected one tab at {url}, found {tabs}"
        return int(ids[0])

    def set_storage(self, area: str, values: dict[str, Any]) -> None:
        self.worker.evaluate(f"v => chrome.storage.{area}.set(v)", values)

    def reset(self, server: str) -> None:
        """Fresh options pointing at ``server`` and an empty session cache."""
        self.worker.evaluate(
            """async (server) => {
                await chrome.storage.local.clear();
                await chrome.storage.session.clear();
                await chrome.storage.local.set({ server });
            }""",
            server,
        )

    def popup_page(self, *, dark: bool = False) -> Any:
        """A blank page sized like the popup (400 × 600), in the light or dark colour scheme."""
        page = self.context.new_page()
        page.set_viewport_size({"width": 400, "height": 600})
        page.emulate_media(color_scheme="dark" if dark else "light")
        return page

    def popup_url(self, tab_id: int | None) -> str:
        return self.url(f"popup/popup.html?tab={tab_id}" if tab_id is not None else "popup/popup.html")

    def open_popup(self, tab_id: int | None, *, dark: bool = False) -> Any:
        """The popup page in its own tab, serving ``tab_id`` (as the toolbar popup serves the active tab)."""
        page = self.popup_page(dark=dark)
        page.goto(self.popup_url(tab_id))
        return page

    def badge(self, tab_id: int) -> str:
        return str(self.worker.evaluate("id => chrome.action.getBadgeText({ tabId: id })", tab_id))


@pytest.fixture(scope="package")
def extension() -> Iterator[Extension]:
    # Package scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
    # while it is open, and every later test that calls asyncio.run() would fail.
    reason = _missing_browser()
    if reason:
        if os.environ.get("PODGIST_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="podgist-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=[
                *CHROMIUM_ARGS,
                f"--disable-extensions-except={EXTENSION}",
                f"--load-extension={EXTENSION}",
            ],
            accept_downloads=True,
        )
        try:
            workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
            worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=20_000)
            yield Extension(context, worker)
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def ext(extension: Extension) -> Iterator[Extension]:
    """The shared browser, with every page a test opened closed afterwards."""
    before = set(extension.context.pages)
    yield extension
    for page in extension.context.pages:
        if page not in before:
            page.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
