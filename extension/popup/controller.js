// Runs the popup's one job: find the target tab, read its hints, look the episode up, and put every step
// into the store. Nothing here touches the DOM.

import { ApiError, createClient } from "../shared/api.js";
import { describeError } from "../shared/errors.js";
import { runLookup } from "../shared/lookup.js";
import { probePage, readYouTubeCaptions } from "../shared/page-probe.js";
import { cacheEpisode, cachedEpisode, loadOptions } from "../shared/storage.js";

const PROBE_TIMEOUT_MS = 3000;
const CAPTIONS_TIMEOUT_MS = 8000;

const withTimeout = (promise, ms) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);

/** @param {ReturnType<import("../shared/store.js").createStore>} store */
export function createController(store, { tabId = null } = {}) {
  let running = null;

  async function targetTab() {
    // `?tab=<id>` makes the popup serve that tab (used when the popup page is opened outside the toolbar).
    if (tabId != null) return chrome.tabs.get(tabId);
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    return tab;
  }

  async function start({ fresh = false } = {}) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const { signal } = controller;
    store.set({ phase: "starting", startingText: "Reading the page…", error: null, lookup: null, stepsSeen: [] });
    const options = await loadOptions(); // fresh: they may have changed since the popup opened
    store.set({ options });
    try {
      const tab = await targetTab();
      const url = tab?.url || tab?.pendingUrl || "";
      store.set({ tab: tab ? { id: tab.id, url, title: tab.title || "" } : null });
      if (!/^https?:\/\//i.test(url)) throw notPodcast(url);

      const cached = fresh ? null : await cachedEpisode(options.server, url);
      if (cached) return show(cached, tab, signal);

      await ensurePermission(options.server);
      const request = await lookupRequest(tab, url, options.language);
      if (signal.aborted) return;
      store.set({ startingText: "Asking the Podgist server…" });
      const api = createClient(options);
      const episode = await runLookup(api, request, {
        signal,
        onProgress: (lookup) =>
          signal.aborted ||
          store.set((s) => ({
            phase: "working",
            lookup,
            stepsSeen: s.stepsSeen.includes(lookup.status) ? s.stepsSeen : [...s.stepsSeen, lookup.status],
          })),
      });
      await cacheEpisode(options.server, url, episode);
      show(episode, tab, signal);
    } catch (err) {
      if (signal.aborted) return;
      store.set({ phase: "error", error: describeError(err, { server: options.server }) });
    }
  }

  function show(episode, tab, signal) {
    if (signal.aborted) return;
    store.set((s) => ({
      phase: "ready",
      episode,
      view: s.viewChosen ? s.view : episode.insights ? "gist" : "transcript",
    }));
    if (tab?.id != null) markCached(tab.id);
  }

  return { start };
}

/** Page hints for the request; anything we cannot read is simply left out. */
async function lookupRequest(tab, url, language) {
  const request = { url };
  let hints = null;
  try {
    const injected = chrome.scripting.executeScript({ target: { tabId: tab.id }, func: probePage });
    hints = (await withTimeout(injected, PROBE_TIMEOUT_MS))?.[0]?.result || null;
  } catch {
    return request; // a page extensions may not script: the URL alone has to do
  }
  if (!hints) return request;
  if (hints.feedUrl && hints.feedUrl !== url) request.feedUrl = hints.feedUrl;
  if (hints.audioUrl && hints.audioUrl !== url) request.audioUrl = hints.audioUrl;
  if (hints.appleId) request.appleId = hints.appleId;
  if (hints.youtube) {
    try {
      const injected = chrome.scripting.executeScript({
        target: { tabId: tab.id },
        world: "MAIN",
        func: readYouTubeCaptions,
        args: [language || ""],
      });
      const track = (await withTimeout(injected, CAPTIONS_TIMEOUT_MS))?.[0]?.result;
      if (track?.videoId && track.cues?.length) {
        request.transcript = { videoId: track.videoId, cues: track.cues, language: track.language, kind: track.kind };
      }
    } catch {
      // the server reads the captions itself
    }
  }
  return request;
}

async function ensurePermission(server) {
  const origin = `${new URL(server).origin}/*`;
  if (!(await chrome.permissions.contains({ origins: [origin] }))) {
    throw new ApiError("no_permission", `Podgist has no permission to contact ${server}.`, { server });
  }
}

function notPodcast(url) {
  const why = url
    ? "Podgist reads episodes from web pages, and this tab shows no http(s) page."
    : "Podgist can read the current tab only after you click its toolbar icon or press its shortcut.";
  return Object.assign(new Error(why), { code: "not_podcast" });
}

function markCached(tabId) {
  chrome.action.setBadgeText({ tabId, text: "✓" }).catch(() => {});
  chrome.action.setBadgeBackgroundColor({ tabId, color: "#15803d" }).catch(() => {});
  chrome.action.setTitle({ tabId, title: "Podgist: the gist of this episode is ready" }).catch(() => {});
}
