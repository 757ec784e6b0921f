"""``/v1/episodes/{id}``: a cached episode, served as stored."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, MediaType, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter

from api.auth import PublicRateLimit
from api.errors import errors
from podgist.errors import NotFound
from podgist.models import Episode, EpisodeRef, LookupRequest
from podgist.sources import request_alias
from podgist.store import Store


class EpisodeController(Controller):
    path = "/v1/episodes"
    tags = ["episodes"]
    middleware = [PublicRateLimit]  # free and keyless, so limited per client IP

    @get(
        "/{episode_id:str}",
        summary="A cached episode: metadata, speakers, transcript segments and insights",
        responses={
            200: ResponseSpec(data_container=Episode, description="The episode."),
            **errors(404, 429, 500, 503),
        },
    )
    async def read(self, episode_id: str, store: Store) -> Response[bytes]:
        raw = await store.episode_json(episode_id)
        if raw is None:
            raise NotFound(f"No episode with id {episode_id!r} is cached.")
        return Response(raw, media_type=MediaType.JSON)

    @get(
        "/by-url",
        summary="Which cached episode a URL names, if any (never starts a job)",
        description="Cheap check used by the extension's badge: 200 with the episode id, or 404.",
        responses=errors(404, 422, 429, 500, 503),
    )
    async def by_url(
        self, store: Store, url: Annotated[str, Parameter(description="Any URL of the episode.")]
    ) -> EpisodeRef:
        episode_id = await store.alias_target(request_alias(LookupRequest(url=url)))
        if episode_id is None:
            raise NotFound("That URL is not cached yet.")
        return EpisodeRef(episode_id=episode_id)
