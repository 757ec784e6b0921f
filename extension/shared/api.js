// The Podgist REST client: POST /v1/lookups, GET /v1/lookups/{id}?wait=, GET /v1/episodes/{id}, by-url.

const REQUEST_TIMEOUT_MS = 15_000;

/** Any failure talking to the server, with the API's stable `code` when it sent one. */
export class ApiError extends Error {
  /**
   * @param {string} code   snake_case code from the API, or "unreachable" / "bad_response"
   * @param {string} message
   * @param {{status?: number, retryAfter?: number, detail?: object, server?: string}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = extra.status ?? 0;
    this.retryAfter = extra.retryAfter ?? null;
    this.detail = extra.detail ?? null;
    this.server = extra.server ?? "";
  }

  /** From a failed lookup's `error {code, message, detail}`. */
  static fromBody(body, server) {
    return new ApiError(body?.code || "internal_error", body?.message || "The lookup failed.", {
      detail: body?.detail,
      server,
    });
  }
}

export function createClient({ server, apiKey = "" }) {
  const base = server.replace(/\/+$/, "");

  async function request(path, { method = "GET", body, signal, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const url = new URL(path, `${base}/`).href;
    const headers = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (apiKey) headers["x-api-key"] = apiKey;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const why = timeout.aborted ? "did not answer in time" : "could not be reached";
      throw new ApiError("unreachable", `The Podgist server at ${base} ${why}.`, { server: base });
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      if (response.ok) throw new ApiError("bad_response", "The server's answer was not JSON.", { server: base });
    }
    if (!response.ok) {
      const retryHeader = Number.parseInt(response.headers.get("retry-after") || "", 10);
      const retryAfter = Number.isFinite(retryHeader) ? retryHeader : data?.detail?.retryAfter ?? null;
      throw new ApiError(data?.code || `http_${response.status}`, data?.message || response.statusText, {
        status: response.status,
        retryAfter,
        detail: data?.detail,
        server: base,
      });
    }
    return { status: response.status, data };
  }

  return {
    server: base,

    /** 200 → {episode}; 202 → {lookup}. */
    async submit(lookupRequest, { signal } = {}) {
      const { status, data } = await request("v1/lookups", { method: "POST", body: lookupRequest, signal });
      return status === 200 ? { episode: data } : { lookup: data };
    },

    /** The lookup's state, held by the server up to `wait` seconds until it is newer than `since`. */
    async lookup(statusUrl, { wait = 0, since, signal } = {}) {
      const query = new URLSearchParams({ wait: String(wait) });
      if (since !== undefined) query.set("since", String(since));
      const path = `${statusUrl.replace(/^\//, "")}?${query}`;
      const { data } = await request(path, { signal, timeoutMs: wait * 1000 + REQUEST_TIMEOUT_MS });
      return data;
    },

    async episode(episodeId, { signal } = {}) {
      const { data } = await request(`v1/episodes/${encodeURIComponent(episodeId)}`, { signal });
      return data;
    },

    /** The cached episode id for a URL, or null; never starts a job. */
    async episodeIdByUrl(url, { signal } = {}) {
      try {
        const { data } = await request(`v1/episodes/by-url?url=${encodeURIComponent(url)}`, { signal });
        return data?.episodeId || null;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 422)) return null;
        throw err;
      }
    },

    async health({ signal } = {}) {
      const { data } = await request("healthz", { signal, timeoutMs: 5000 });
      return data;
    },
  };
}
