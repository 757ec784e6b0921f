"""``/llms.txt``: the API in a few lines, for language-model agents (https://llmstxt.org)."""

from __future__ import annotations

from litestar import MediaType, Response, get

LLMS_TXT = """# Podgist

> Clean transcripts and the gist (summary, takeaways, quotes, chapters) of any podcast episode.

Authenticate with `x-api-key: <key>` or `Authorization: Bearer <key>`. The demo key `pg_demo` reads
only the demo episodes. A transcript costs one credit the first time a key reads that episode; every
later read of it (any format, insights, search) is free. Errors are JSON `{code, message, detail?}`:
401 unauthorized, 402 insufficient_credits, 403 forbidden, 404 not_found, 429 rate_limited
(see Retry-After).

## API

- [GET /transcripts/{id}](/schema/openapi.json): transcript; id is `ep_…`, an Apple episode id (digits) or a
  YouTube video id. `?format=markdown|json|srt|vtt|txt` (or Accept). Markdown by default.
- [GET /transcripts?url={url}](/schema/openapi.json): the same, by any episode URL. Not cached yet → 202
  with the lookup (free); add `?wait=30` to wait for it.
- [GET /transcripts/{id}/insights](/schema/openapi.json): summary, takeaways, quotes, questions, chapters.
- [GET /transcripts/{id}/search?q=phrase](/schema/openapi.json): matching segments with times and
  **highlighted** snippets.
- [GET /v1/account](/schema/openapi.json): your balance, paid episodes and usage.
- [OpenAPI](/schema/openapi.json): every route, parameter and error.

## MCP

- Streamable HTTP at `/mcp` (send your key as `x-api-key`), or `podgist mcp` over stdio
  (`PODGIST_API_KEY`). Tools: `get_transcript(url_or_id, format)`, `get_insights(url_or_id)`,
  `search_transcript(id, query)`; same credits as the HTTP API.
"""


# media_type on the route documents text/plain (not the JSON default); Litestar adds "; charset=utf-8" to
# text/* itself, so the bare type is given (a full one came out with the charset twice).
@get(
    "/llms.txt", tags=["agents"], summary="The API in a few lines, for LLM agents", media_type=MediaType.TEXT
)
async def llms_txt() -> Response[str]:
    headers = {"cache-control": "public, max-age=3600"}
    return Response(LLMS_TXT, media_type=MediaType.TEXT, headers=headers)
