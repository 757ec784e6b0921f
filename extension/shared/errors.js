// What each failure means to a person: a title, a sentence, and which buttons make sense.

import { ApiError } from "./api.js";

const NOT_PODCAST = new Set(["unsupported_source", "no_public_feed", "invalid_url", "private_address"]);
const NOT_FOUND = new Set(["episode_not_found", "not_found"]);
const KEY_PROBLEMS = new Set(["unauthorized", "forbidden", "insufficient_credits"]);

/**
 * @param {unknown} err
 * @param {{server: string}} context
 * @returns {{kind: string, title: string, message: string, code: string, retry: boolean,
 *            options: boolean, retryAt: number|null}}
 */
export function describeError(err, { server }) {
  const code = err instanceof ApiError ? err.code : err?.code || "internal_error";
  const message = err?.message || "";
  const base = { code, retry: true, options: false, retryAt: null, detail: "" };

  if (code === "not_podcast" || NOT_PODCAST.has(code)) {
    return {
      ...base,
      kind: "not_podcast",
      retry: false,
      title: "This page isn't a podcast episode",
      message:
        code === "not_podcast"
          ? message
          : `${message} Open Podgist on a page that plays an episode: YouTube, Apple Podcasts, Spotify, ` +
            "a show's site, a feed or an audio file.",
    };
  }
  if (NOT_FOUND.has(code)) {
    return { ...base, kind: "not_found", title: "Episode not found", message };
  }
  if (code === "no_transcript") {
    return {
      ...base,
      kind: "no_transcript",
      retry: false,
      title: "No transcript for this episode",
      message: "The publisher shares no transcript, and speech-to-text is turned off on this Podgist server.",
      detail: server,
    };
  }
  if (code === "unreachable") {
    return {
      ...base,
      kind: "unreachable",
      options: true,
      title: "Can't reach the Podgist server",
      message: "Is it running? Check the server address in Options.",
      detail: server,
    };
  }
  if (code === "no_permission") {
    return {
      ...base,
      kind: "unreachable",
      retry: false,
      options: true,
      title: "Podgist may not talk to this server yet",
      message: "Open Options and save the server address again to allow it.",
      detail: server,
    };
  }
  if (code === "rate_limited") {
    const seconds = Math.max(1, Number(err?.retryAfter) || 1);
    return {
      ...base,
      kind: "rate_limited",
      title: "Too many requests",
      message: "The server asks to slow down.",
      retryAt: Date.now() + seconds * 1000,
    };
  }
  if (KEY_PROBLEMS.has(code)) {
    return { ...base, kind: "api_key", options: true, retry: false, title: "API key problem", message };
  }
  return {
    ...base,
    kind: "failed",
    title: "Something went wrong",
    message: message || "The lookup failed.",
  };
}
