"""``/transcripts``: transcripts for API-key clients in five formats, their insights, and search.

A first read of an episode costs the key one credit; every later read of it (any format, insights,
search) is free. An episode not cached yet is looked up: 202 with the lookup (free), or with
``?wait=N`` held until it is ready. ``If-None-Match`` gets 304, but only after the charge check: a
304 is a transfer saving, not a free pass, so a key that never paid is charged (or refused) first.
Bodies of 1 KB or more go gzipped to clients that accept it, under the weak form of their ETag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import Parameter, QueryParameter

from api.auth import SECURITY, PaidCall
from api.encoding import negotiated_body
from api.errors import errors
from podgist.accounts.delivery import Delivery
from podgist.formats import (
    CONTENT_TYPES,
    TranscriptJson,
    content_disposition,
    etag,
    etag_matches,
    negotiate,
    render,
)
from podgist.models import Insights, Lookup, to_json
from podgist.search import SearchResult, search, terms

Wait = Annotated[float, Parameter(ge=0, le=30, description="Seconds (≤ 30) to wait for a lookup.")]
Format = Annotated[
    str | None,
    QueryParameter(name="format", description="markdown (default), json, srt, vtt or txt; overrides Accept."),
]
Download = Annotated[bool, Parameter(description="Send as an attachment (srt and vtt always are).")]
Ref = Annotated[str, Parameter(description="ep_…/au_…/yt_… id, Apple episode id or YouTube video id.")]
Url = Annotated[str, Parameter(description="Any URL of the episode.")]
Query = Annotated[str, Parameter(description='Phrase to find, case-insensitive; quote parts: "a b" c.')]

VARY = "accept, accept-encoding, x-api-key, authorization"
"""What a transcript response depends on besides its URL: the format, gzip, and whose key paid."""

PENDING = ResponseSpec(data_container=Lookup, description="Still being looked up (no charge): poll.")
TEXT = "The transcript (markdown, json, srt, vtt or txt); first read charges one credit."
TRANSCRIPT = ResponseSpec(data_container=TranscriptJson, description=TEXT)
"""Documents the json format; :class:`TranscriptOperation` adds the four text formats."""


@dataclass
class TranscriptOperation(Operation):
    """A transcript's 200 comes in five media types, and a ResponseSpec can describe only one."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            for media in CONTENT_TYPES.values():
                bare = media.split(";")[0]
                ok.content.setdefault(bare, OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)))


ERRORS = errors(401, 402, 403, 404, 422, 429, 500, 503)
INSIGHTS = {200: ResponseSpec(data_container=Insights, description="Insights."), 202: PENDING, **ERRORS}
FOUND = {200: ResponseSpec(data_container=SearchResult, description="Hits."), 202: PENDING, **ERRORS}


def _pending(lookup: Lookup) -> Response[bytes]:
    headers = {"location": lookup.status_url, "retry-after": "2"}
    return Response(to_json(lookup), status_code=202, media_type=MediaType.JSON, headers=headers)


def _charged(delivery: Delivery) -> dict[str, str]:
    headers = {"x-credits-charged": str(delivery.charge.credits), "cache-control": "private"}
    if delivery.charge.balance is not None:
        headers["x-credits-remaining"] = str(delivery.charge.balance)
    return headers


def _body(request: Request[Any, Any, Any], delivery: Delivery, body: bytes, media: str) -> Response[bytes]:
    """200 with an ETag (gzipped when the client accepts it), or 304 when the client already holds it."""
    sent, tag, encoding = negotiated_body(
        body, etag(body), request.headers.get("accept-encoding"), request.app.state["gzip_memory"]
    )
    headers = {**_charged(delivery), "etag": tag, "vary": VARY}
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(b"", status_code=304, headers=headers)
    # Litestar appends "; charset=utf-8" to text/* types itself, so it gets the bare type.
    return Response(sent, media_type=media.split(";")[0], headers={**headers, **encoding})


class TranscriptController(Controller):
    path = "/transcripts"
    tags = ["transcripts"]
    security = SECURITY

    async def _transcript(
        self,
        request: Request[Any, Any, Any],
        paid: PaidCall,
        ref_text: str,
        fmt: str | None,
        wait: float,
        download: bool,
    ) -> Response[bytes]:
        chosen = negotiate(request.headers.get("accept"), fmt)  # before any work: a bad format is free
        result = await paid.deliver(ref_text, kind="transcript", wait=wait)
        if isinstance(result, Lookup):
            return _pending(result)
        response = _body(request, result, render(result.episode, chosen), CONTENT_TYPES[chosen])
        disposition = content_disposition(result.episode, chosen, download)
        if disposition:
            response.headers["content-disposition"] = disposition
        return response

    @get(
        "/",
        summary="A transcript by the episode's URL",
        responses={200: TRANSCRIPT, 202: PENDING, **ERRORS},
        operation_class=TranscriptOperation,
    )
    async def by_url(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        url: Url,
        fmt: Format = None,
        wait: Wait = 0,
        download: Download = False,
    ) -> Response[bytes]:
        return await self._transcript(request, paid, url, fmt, wait, download)

    @get(
        "/{ref:str}",
        summary="A transcript by id (ours, Apple's or YouTube's)",
        description="Markdown by default; `?format=` or `Accept` picks json, srt, vtt or txt. Sent gzipped "
        "(`Content-Encoding: gzip`, weak ETag) when `Accept-Encoding` allows it.",
        responses={200: TRANSCRIPT, 202: PENDING, **ERRORS},
        operation_class=TranscriptOperation,
    )
    async def read(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        ref: Ref,
        fmt: Format = None,
        wait: Wait = 0,
        download: Download = False,
    ) -> Response[bytes]:
        return await self._transcript(request, paid, ref, fmt, wait, download)

    async def _insights(
        self, request: Request[Any, Any, Any], paid: PaidCall, ref: str, wait: float
    ) -> Response[bytes]:
        result = await paid.deliver(ref, kind="insights", wait=wait)
        if isinstance(result, Lookup):
            return _pending(result)
        return _body(request, result, to_json(result.episode.insights), MediaType.JSON)

    async def _search(
        self,
        request: Request[Any, Any, Any],
        paid: PaidCall,
        ref: str,
        q: str,
        wait: float,
    ) -> Response[bytes]:
        terms(q)  # a bad query is refused before anything is charged
        result = await paid.deliver(ref, kind="search", wait=wait)
        if isinstance(result, Lookup):
            return _pending(result)
        return _body(request, result, to_json(search(result.episode, q)), MediaType.JSON)

    @get("/{ref:str}/insights", summary="The episode's insights", responses=INSIGHTS)
    async def insights(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        ref: Ref,
        wait: Wait = 0,
    ) -> Response[bytes]:
        return await self._insights(request, paid, ref, wait)

    @get("/insights", summary="The episode's insights, by URL", responses=INSIGHTS)
    async def insights_by_url(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        url: Url,
        wait: Wait = 0,
    ) -> Response[bytes]:
        return await self._insights(request, paid, url, wait)

    @get(
        "/{ref:str}/search",
        summary="Segments matching a phrase, with **highlighted** snippets",
        responses=FOUND,
    )
    async def find(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        ref: Ref,
        q: Query,
        wait: Wait = 0,
    ) -> Response[bytes]:
        return await self._search(request, paid, ref, q, wait)

    @get("/search", summary="Segments matching a phrase, by URL", responses=FOUND)
    async def find_by_url(
        self,
        request: Request[Any, Any, Any],
        paid: NamedDependency[PaidCall],
        url: Url,
        q: Query,
        wait: Wait = 0,
    ) -> Response[bytes]:
        return await self._search(request, paid, url, q, wait)
