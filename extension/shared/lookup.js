// One lookup from request to episode: submit, follow the job with ?wait= long-polls, then read the episode.

import { ApiError } from "./api.js";

const WAIT_S = 25; // server holds each poll until the state changes (it allows up to 30 s)
const MIN_POLL_GAP_MS = 400; // never spin, even if a server answers a long-poll at once
const TRANSIENT_RETRIES = 2;

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** Lookup states in order, with the words shown to people. */
export const STEPS = [
  ["queued", "Queued"],
  ["resolving", "Finding the episode"],
  ["fetching", "Fetching the transcript"],
  ["transcribing", "Transcribing the audio"],
  ["analyzing", "Finding the gist"],
];

export function stepLabel(status) {
  return (STEPS.find(([key]) => key === status) || [null, "Working"])[1];
}

/**
 * Run a lookup to its end.
 * @param {ReturnType<import("./api.js").createClient>} api
 * @param {object} request  LookupRequest body
 * @param {{onProgress?: (lookup: object) => void, signal?: AbortSignal}} [opts]
 * @returns {Promise<object>} the episode
 */
export async function runLookup(api, request, { onProgress = () => {}, signal } = {}) {
  const first = await api.submit(request, { signal });
  if (first.episode) return first.episode;
  let state = first.lookup;
  onProgress(state);
  let failures = 0;
  let resubmitted = false;
  while (state.status !== "done" && state.status !== "failed") {
    const started = Date.now();
    try {
      state = await api.lookup(state.statusUrl, { wait: WAIT_S, since: state.updatedAt, signal });
      failures = 0;
    } catch (err) {
      if (signal?.aborted) throw err;
      if (err instanceof ApiError && err.status === 404 && !resubmitted) {
        // The lookup expired between polls: ask again once (joins or answers from the cache).
        resubmitted = true;
        const again = await api.submit(request, { signal });
        if (again.episode) return again.episode;
        state = again.lookup;
      } else if (err instanceof ApiError && isTransient(err) && failures < TRANSIENT_RETRIES) {
        failures += 1;
        await sleep(1000 * failures, signal);
        continue;
      } else {
        throw err;
      }
    }
    onProgress(state);
    const elapsed = Date.now() - started;
    if (elapsed < MIN_POLL_GAP_MS) await sleep(MIN_POLL_GAP_MS - elapsed, signal);
  }
  if (state.status === "failed") throw ApiError.fromBody(state.error, api.server);
  return api.episode(state.episodeId, { signal });
}

function isTransient(err) {
  return err.code === "unreachable" || err.code === "cache_unavailable" || err.status >= 502;
}
