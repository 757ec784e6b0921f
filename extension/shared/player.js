// Seek the episode's player in its tab; when the tab has none we can reach, open the audio at #t=.

import { clock } from "./time.js";

/** Injected into the tab (isolated world): seek the page's main <video>/<audio> element. */
export function seekMedia(seconds) {
  const media = [...document.querySelectorAll("video, audio")];
  if (!media.length) return { ok: false };
  const playing = media.find((el) => !el.paused && !el.ended);
  const longest = [...media].sort((a, b) => (b.duration || 0) - (a.duration || 0))[0];
  const el = playing || longest;
  el.currentTime = seconds;
  if (el.paused) el.play?.()?.catch?.(() => {}); // may be refused by the page's autoplay rules: seek stays
  return { ok: true, tag: el.tagName.toLowerCase(), time: el.currentTime };
}

const YOUTUBE = /(^|\.)youtube(-nocookie)?\.com$/;

function isYouTube(value) {
  try {
    return YOUTUBE.test(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** A URL that starts the episode at `seconds`: YouTube's `t=`, else the audio file's `#t=`. */
export function urlAt(episode, tabUrl, seconds) {
  const t = Math.max(0, Math.floor(seconds));
  for (const candidate of [tabUrl, episode.pageUrl]) {
    if (!isYouTube(candidate)) continue;
    const url = new URL(candidate);
    if (url.searchParams.get("v")) {
      url.searchParams.set("t", `${t}s`);
      return url.href;
    }
  }
  if (episode.audioUrl) return `${episode.audioUrl.split("#", 1)[0]}#t=${t}`;
  return null;
}

/**
 * Jump to `seconds`. Returns a short message saying what happened (for the live region).
 * @param {{tabId: number|null, tabUrl: string, episode: object, seconds: number}} where
 */
export async function seekTo({ tabId, tabUrl, episode, seconds }) {
  if (tabId != null) {
    try {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId },
        func: seekMedia,
        args: [Number(seconds) || 0],
      });
      if (result?.result?.ok) return `Playing from ${clock(seconds)}`;
    } catch {
      // no access to the tab (navigated away, or a page extensions may not touch)
    }
  }
  const url = urlAt(episode, tabUrl, seconds);
  if (!url) return "There is no player to jump to for this episode.";
  if (tabId != null && isYouTube(url) && isYouTube(tabUrl)) {
    await chrome.tabs.update(tabId, { url });
  } else {
    await chrome.tabs.create({ url, active: true });
  }
  return `Opened the episode at ${clock(seconds)}`;
}
