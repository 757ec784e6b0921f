// Functions injected into the episode's tab with chrome.scripting.executeScript. Each one is serialized on
// its own, so it must not use anything from this module's scope.

/** Hints a page carries about its episode: feed link, audio, Apple episode id. Runs in the isolated world. */
export function probePage() {
  const absolute = (value) => {
    if (!value) return null;
    try {
      const url = new URL(value, document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  };
  const host = location.hostname.replace(/^www\./, "");
  const youtube = /(^|\.)youtube(-nocookie)?\.com$/.test(host) || host === "youtu.be";

  let feedUrl = null;
  if (!youtube) {
    for (const link of document.querySelectorAll("link[rel][type][href]")) {
      const rels = link.rel.toLowerCase().split(/\s+/);
      const type = link.type.toLowerCase().trim();
      if (rels.includes("alternate") && /^application\/(rss|atom)\+xml$/.test(type)) {
        feedUrl = absolute(link.getAttribute("href"));
        if (feedUrl) break;
      }
    }
  }

  let audioUrl = null;
  const metaAudio = document.querySelector(
    'meta[property="og:audio"], meta[property="og:audio:url"], meta[property="og:audio:secure_url"],' +
      ' meta[name="og:audio"], meta[name="twitter:player:stream"]',
  );
  audioUrl = absolute(metaAudio?.getAttribute("content"));
  if (!audioUrl) {
    for (const el of document.querySelectorAll("audio[src], audio source[src]")) {
      audioUrl = absolute(el.getAttribute("src"));
      if (audioUrl) break;
    }
  }
  if (!audioUrl) {
    const playing = [...document.querySelectorAll("audio")].find((a) => /^https?:/.test(a.currentSrc));
    audioUrl = playing ? playing.currentSrc : null;
  }

  // Apple Podcasts episode ids: the `i=` of this page or of a "listen on Apple Podcasts" link.
  let appleId = null;
  const appleEpisode = (href) => {
    try {
      const url = new URL(href, document.baseURI);
      if (!/(^|\.)(podcasts|itunes)\.apple\.com$/.test(url.hostname)) return null;
      const id = url.searchParams.get("i");
      return id && /^\d{5,}$/.test(id) ? id : null;
    } catch {
      return null;
    }
  };
  appleId = appleEpisode(location.href);
  if (!appleId) {
    for (const a of document.querySelectorAll('a[href*="apple.com"]')) {
      appleId = appleEpisode(a.getAttribute("href"));
      if (appleId) break;
    }
  }

  const media = document.querySelectorAll("audio, video").length;
  return { url: location.href, title: document.title, feedUrl, audioUrl, appleId, media, youtube };
}

/**
 * The caption track a YouTube watch page already loaded, as {videoId, cues, language, kind}, or null.
 * Runs in the page's MAIN world (it reads the player's response object) and fetches from the page.
 */
export async function readYouTubeCaptions(preferredLanguage) {
  const MAX_CUES = 20000;
  const here = new URL(location.href);
  const videoId =
    here.searchParams.get("v") || (/^\/(?:shorts|live|embed)\/([\w-]{11})/.exec(here.pathname) || [])[1];
  if (!videoId) return null;

  const responses = [];
  try {
    responses.push(document.getElementById("movie_player")?.getPlayerResponse?.());
  } catch {
    // the player API is not there (yet)
  }
  responses.push(window.ytInitialPlayerResponse);
  const player = responses.find((r) => r?.videoDetails?.videoId === videoId);
  const tracks = player?.captions?.playerCaptionsTracklistRenderer?.captionTracks || [];

  const lang = (preferredLanguage || navigator.language || "en").toLowerCase().split("-")[0];
  const score = (t) =>
    (t.kind === "asr" ? 0 : 2) + ((t.languageCode || "").toLowerCase().split("-")[0] === lang ? 1 : 0);
  const track = [...tracks].sort((a, b) => score(b) - score(a))[0];

  // No innerHTML/DOMParser here: YouTube enforces Trusted Types, so entities are decoded by hand.
  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  const decode = (text) =>
    text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
      if (name[0] !== "#") return NAMED[name.toLowerCase()] ?? whole;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    });
  const plain = (text) => String(text || "").replace(/\s+/g, " ").trim();
  const clean = (xmlText) => plain(decode(decode(String(xmlText || "")).replace(/<[^>]*>/g, "")));

  const parse = (body) => {
    const cues = [];
    const trimmed = body.trim();
    if (trimmed.startsWith("{")) {
      for (const ev of JSON.parse(trimmed).events || []) {
        const text = plain((ev.segs || []).map((s) => s.utf8 || "").join(""));
        if (!text) continue;
        const start = (ev.tStartMs || 0) / 1000;
        cues.push({ start, end: start + (ev.dDurationMs || 0) / 1000, text });
      }
    } else if (trimmed.startsWith("<")) {
      // srv1 `<text start="1.2" dur="3">` or srv3 `<p t="1200" d="3000">`
      const attr = (attrs, name) => (new RegExp(`\\b${name}="([^"]*)"`).exec(attrs) || [])[1];
      for (const m of trimmed.matchAll(/<(text|p)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
        const text = clean(m[3]);
        if (!text) continue;
        const inSeconds = m[1] === "text";
        const start = Number(attr(m[2], inSeconds ? "start" : "t")) / (inSeconds ? 1 : 1000) || 0;
        const dur = Number(attr(m[2], inSeconds ? "dur" : "d")) / (inSeconds ? 1 : 1000) || 0;
        cues.push({ start, end: start + dur, text });
      }
    }
    return cues;
  };

  const fromPanel = () => {
    const rows = [...document.querySelectorAll("ytd-transcript-segment-renderer")];
    const cues = rows
      .map((row) => {
        const stampText = row.querySelector(".segment-timestamp")?.textContent?.trim() || "";
        const start = stampText.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
        return { start, text: plain(row.querySelector(".segment-text")?.textContent) };
      })
      .filter((c) => c.text && Number.isFinite(c.start));
    return cues.map((c, i) => ({ ...c, end: cues[i + 1]?.start ?? c.start + 5 }));
  };

  let cues = [];
  if (track?.baseUrl) {
    // Prefer the exact request the player made (it carries the tokens YouTube now asks for).
    const loaded = performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((u) => u.includes("/api/timedtext") && u.includes(`v=${videoId}`));
    const sameLang = loaded.filter((u) => new URL(u).searchParams.get("lang") === track.languageCode);
    for (const candidate of [...sameLang, track.baseUrl]) {
      try {
        const url = new URL(candidate, location.href);
        url.searchParams.set("fmt", "json3");
        const res = await fetch(url.href, { credentials: "include" });
        cues = res.ok ? parse(await res.text()) : [];
      } catch {
        cues = [];
      }
      if (cues.length) break;
    }
  }
  let kind = track?.kind === "asr" ? "asr" : "manual";
  let language = track?.languageCode || null;
  if (!cues.length) {
    cues = fromPanel();
    if (!cues.length) return null;
    kind = "manual";
    language = language || document.documentElement.lang || null;
  }
  return { videoId, cues: cues.slice(0, MAX_CUES), language, kind };
}
