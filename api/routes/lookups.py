"""``/v1/lookups``: submit a URL, poll (or wait on) its progress."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, MediaType, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, Parameter
from litestar.types import Scope

from api.encoding import episode_response, wants_gzip
from api.errors import errors
from api.public import PublicServices, public_rate_limit
from api.watcher import wait_for_change
from podgist.errors import NotFound
from podgist.lookups import Cached, validate_request
from podgist.models import Episode, Lookup, LookupRequest, to_json


class LookupController(Controller):
    path = "/v1/lookups"
    tags = ["lookups"]
    before_request = staticmethod(public_rate_limit)  # free and keyless, so limited per client IP

    @post(
        "/",
        status_code=202,
        summary="Look up an episode by any of its URLs",
        description="200 with the episode when it is cached (gzipped when `Accept-Encoding` allows it); "
        "otherwise 202 with the lookup to poll.",
        responses={
            200: ResponseSpec(data_container=Episode, description="Cached: the finished episode."),
            202: ResponseSpec(data_container=Lookup, description="Queued or running: poll statusUrl."),
            **errors(400, 413, 422, 429, 500, 503),
        },
    )
    async def submit(
        self, data: JSONBody[LookupRequest], public: NamedDependency[PublicServices], scope: Scope
    ) -> Response[bytes]:
        result = await public.lookups.submit(validate_request(data))
        if isinstance(result, Cached):
            memory = public.gzip_memory
            gzipped = wants_gzip(scope, result.stamp, memory)
            return episode_response(result.episode_json, result.stamp, gzipped, memory, etag=False)
        return Response(
            to_json(result),
            status_code=202,
            media_type=MediaType.JSON,
            headers={"location": result.status_url},
        )

    @get(
        "/{lookup_id:str}",
        summary="A lookup's state",
        description=(
            "With ?wait=N (≤ 30 s) the request is held until the state or progress changes. Pass the "
            "`updatedAt` you last saw as ?since= so a change made between two requests is answered at once."
        ),
        responses=errors(404, 422, 429, 500, 503),
    )
    async def read(
        self,
        lookup_id: FromPath[str],
        public: NamedDependency[PublicServices],
        wait: Annotated[float, Parameter(ge=0, le=30, description="Seconds to hold for a change.")] = 0,
        since: Annotated[
            float | None,
            Parameter(ge=0, description="The `updatedAt` last seen; newer states answer at once."),
        ] = None,
    ) -> Lookup:
        lookups = public.lookups
        lookup = await lookups.get(lookup_id)
        if lookup is None:
            raise NotFound(f"No lookup with id {lookup_id!r}.")
        return await wait_for_change(public.watcher, lambda: lookups.get(lookup_id), lookup, wait, since)
