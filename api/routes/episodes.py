"""``/v1/episodes/{id}``: a cached episode, served as stored, with an ETag (its stamp)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, Parameter
from litestar.types import Scope

from api.encoding import episode_etag, episode_response, not_modified, wants_gzip
from api.errors import errors
from api.public import PublicServices, public_rate_limit
from podgist.errors import NotFound
from podgist.formats import etag_matches
from podgist.models import Episode, EpisodeRef, LookupRequest
from podgist.sources import request_alias


class EpisodeController(Controller):
    path = "/v1/episodes"
    tags = ["episodes"]
    before_request = staticmethod(public_rate_limit)  # free and keyless, so limited per client IP

    @get(
        "/{episode_id:str}",
        summary="A cached episode: metadata, speakers, transcript segments and insights",
        description="Carries an `ETag`; send it back as `If-None-Match` to get a bodiless 304 while the "
        "episode is unchanged. Sent gzipped (`Content-Encoding: gzip`, weak ETag) when `Accept-Encoding` "
        "allows it.",
        responses={
            200: ResponseSpec(data_container=Episode, description="The episode."),
            304: ResponseSpec(data_container=None, description="Unchanged since the ETag given."),
            **errors(404, 429, 500, 503),
        },
    )
    async def read(
        self,
        episode_id: FromPath[str],
        public: NamedDependency[PublicServices],
        scope: Scope,
        if_none_match: Annotated[
            str | None, HeaderParameter(name="if-none-match", description="ETags the client holds.")
        ] = None,
    ) -> Response[bytes]:
        found = await public.store.read_episode(episode_id)
        if found is None:
            raise NotFound(f"No episode with id {episode_id!r} is cached.")
        gzipped = wants_gzip(scope, found.stamp, public.gzip_memory)
        if found.stamp and if_none_match:
            etag = episode_etag(found.stamp, gzipped)
            if etag_matches(if_none_match, etag):
                return not_modified(etag)
        return episode_response(found.json, found.stamp, gzipped, public.gzip_memory)

    @get(
        "/by-url",
        summary="Which cached episode a URL names, if any (never starts a job)",
        description="Cheap check used by the extension's badge: 200 with the episode id, or 404.",
        responses=errors(404, 422, 429, 500, 503),
    )
    async def by_url(
        self,
        public: NamedDependency[PublicServices],
        url: Annotated[str, Parameter(description="Any URL of the episode.")],
    ) -> EpisodeRef:
        episode_id = await public.store.alias_target(request_alias(LookupRequest(url=url)))
        if episode_id is None:
            raise NotFound("That URL is not cached yet.")
        return EpisodeRef(episode_id=episode_id)
