// Service worker: keeps the toolbar badge honest. The popup marks a tab once its episode is shown; with
// the opt-in "autoCheck" option (which asks for the `tabs` permission) every loaded page is checked against
// the server's cache with GET /v1/episodes/by-url, which never starts a job.

import { createClient } from "./shared/api.js";
import { cachedEpisode, loadOptions } from "./shared/storage.js";

const BADGE = { text: "✓", color: "#15803d", title: "Podgist: the gist of this episode is ready" };
const checked = new Map(); // `${tabId}|${url}` → in-flight or finished check, so one page is asked once

async function markTab(tabId, cached) {
  await chrome.action.setBadgeText({ tabId, text: cached ? BADGE.text : "" });
  if (cached) {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: BADGE.color });
    await chrome.action.setTitle({ tabId, title: BADGE.title });
  }
}

/** Is `url`'s episode cached (here in this session, or on the server)? */
async function isCached(url, options) {
  if (await cachedEpisode(options.server, url)) return true;
  const origin = `${new URL(options.server).origin}/*`;
  if (!(await chrome.permissions.contains({ origins: [origin] }))) return false;
  return Boolean(await createClient(options).episodeIdByUrl(url));
}

async function checkTab(tab) {
  const url = tab?.url;
  if (tab?.id == null || !url || !/^https?:\/\//i.test(url)) return;
  const options = await loadOptions();
  if (!options.autoCheck) return;
  const key = `${tab.id}|${url.split("#", 1)[0]}`;
  if (checked.has(key)) return checked.get(key);
  const job = isCached(url, options)
    .then((cached) => markTab(tab.id, cached))
    .catch(() => checked.delete(key)); // server down: try again on the next load
  checked.set(key, job);
  if (checked.size > 500) checked.delete(checked.keys().next().value);
  return job;
}

// Without the `tabs` permission Chrome leaves `tab.url` out (except on hosts we already may access),
// so these listeners quietly do nothing until the user opts in.
chrome.tabs.onUpdated.addListener((_tabId, change, tab) => {
  if (change.status === "complete") checkTab(tab);
});
chrome.tabs.onActivated.addListener(({ tabId }) => {
  chrome.tabs.get(tabId).then(checkTab, () => {});
});
chrome.tabs.onRemoved.addListener((tabId) => {
  for (const key of checked.keys()) if (key.startsWith(`${tabId}|`)) checked.delete(key);
});
