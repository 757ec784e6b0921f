// Options live in chrome.storage.local; finished episodes are cached per tab URL in chrome.storage.session.

export const DEFAULT_SERVER = "http://127.0.0.1:8000";

export const SECTIONS = [
  ["summary", "Summary"],
  ["takeaways", "Key takeaways"],
  ["quotes", "Notable quotes"],
  ["questions", "Questions answered"],
  ["chapters", "Chapters"],
  ["keywords", "Topics"],
];

export const DEFAULT_OPTIONS = Object.freeze({
  server: DEFAULT_SERVER,
  apiKey: "",
  language: "",
  sections: Object.fromEntries(SECTIONS.map(([key]) => [key, true])),
  autoCheck: false,
});

const MAX_CACHED_EPISODES = 12;

/** The options, with defaults filled in. */
export async function loadOptions() {
  const stored = await chrome.storage.local.get(["server", "apiKey", "language", "sections", "autoCheck"]);
  return {
    ...DEFAULT_OPTIONS,
    ...stored,
    server: normalizeServer(stored.server) || DEFAULT_SERVER,
    sections: { ...DEFAULT_OPTIONS.sections, ...(stored.sections || {}) },
  };
}

export async function saveOptions(options) {
  await chrome.storage.local.set({ ...options, server: normalizeServer(options.server) || DEFAULT_SERVER });
}

/** "http://host:port" without a trailing slash, or "" when it is not an http(s) URL. */
export function normalizeServer(value) {
  if (!value) return "";
  try {
    const url = new URL(String(value).trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "";
  }
}

/** The cache key of a page: its URL without the fragment, on one server. */
export function pageKey(server, url) {
  return `url:${server}|${String(url).split("#", 1)[0]}`;
}

/** The cached episode for `url` on `server`, or null. */
export async function cachedEpisode(server, url) {
  const key = pageKey(server, url);
  const { [key]: episodeId } = await chrome.storage.session.get(key);
  if (!episodeId) return null;
  const epKey = `ep:${server}|${episodeId}`;
  const { [epKey]: episode } = await chrome.storage.session.get(epKey);
  return episode || null;
}

/** Remember `episode` for `url` (and evict the oldest when too many are kept). */
export async function cacheEpisode(server, url, episode) {
  const epKey = `ep:${server}|${episode.id}`;
  const { order = [] } = await chrome.storage.session.get("order");
  const next = [...order.filter((k) => k !== epKey), epKey];
  const evicted = next.length > MAX_CACHED_EPISODES ? next.splice(0, next.length - MAX_CACHED_EPISODES) : [];
  if (evicted.length) await chrome.storage.session.remove(evicted);
  try {
    await chrome.storage.session.set({ [epKey]: episode, [pageKey(server, url)]: episode.id, order: next });
  } catch {
    // Over the session quota: start over with just this episode.
    await chrome.storage.session.clear();
    await chrome.storage.session.set({ [epKey]: episode, [pageKey(server, url)]: episode.id, order: [epKey] });
  }
}

export async function forgetPage(server, url) {
  await chrome.storage.session.remove(pageKey(server, url));
}
