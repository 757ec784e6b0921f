"""The one place where errors become HTTP responses: always ``{code, message, detail?}`` JSON."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, SerializationException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from redis.exceptions import RedisError

from podgist.errors import CacheUnavailable, InvalidJson, PodgistError, RateLimited
from podgist.models import ErrorBody, to_json

log = logging.getLogger("podgist.api")

HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


class JsonBodyRequest(Request[Any, Any, Any]):
    """A request whose undecodable JSON body is always a 400 ``invalid_json``. Litestar made a plain 400
    ``invalid_request`` of most decoder errors ("Input data was truncated"), and 500s of the
    UnicodeDecodeError of a body that is not UTF-8 and the RecursionError of one nested too deep."""

    async def json(self) -> Any:
        try:
            return await super().json()
        except SerializationException as exc:
            raise InvalidJson(f"The request body is not valid JSON: {exc}.") from exc
        except UnicodeDecodeError as exc:
            raise InvalidJson("The request body is not valid UTF-8.") from exc
        except RecursionError as exc:
            raise InvalidJson("The request body is nested too deeply.") from exc


def error_response(body: ErrorBody, status: int, headers: dict[str, str] | None = None) -> Response[bytes]:
    """A JSON error response."""
    return Response(content=to_json(body), status_code=status, media_type=MediaType.JSON, headers=headers)


def podgist_error(_: Request[Any, Any, Any], exc: PodgistError) -> Response[bytes]:
    headers = {"retry-after": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    if isinstance(exc, CacheUnavailable):
        headers = {"retry-after": "1"}
    return error_response(exc.body(), exc.http_status, headers)


def redis_error(_: Request[Any, Any, Any], exc: RedisError) -> Response[bytes]:
    log.warning("redis unavailable", extra={"error": str(exc)})
    return error_response(CacheUnavailable().body(), 503, {"retry-after": "1"})


def validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[bytes]:
    # Litestar raises this for bodies and parameters that do not match the schema.
    detail = {"errors": exc.extra} if exc.extra else None
    message = str(exc.detail) if exc.detail else "The request does not match the expected shape."
    return error_response(ErrorBody(code="validation_error", message=message, detail=detail), 422)


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    code = HTTP_CODES.get(exc.status_code, "http_error")
    if isinstance(exc, NotFoundException):
        message = "No such route." if exc.detail == "Not Found" else str(exc.detail)
    else:
        message = str(exc.detail)
    return error_response(ErrorBody(code=code, message=message), exc.status_code, exc.headers)


def internal_error(_: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unhandled error", exc_info=exc)
    return error_response(PodgistError().body(), 500)


EXCEPTION_HANDLERS = {
    PodgistError: podgist_error,
    RedisError: redis_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: internal_error,
}


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the error statuses a route may answer (all share the ErrorBody shape)."""
    described = {
        400: "Malformed request (invalid_json, invalid_request).",
        401: "Missing or unknown API key (unauthorized).",
        402: "No credits left (insufficient_credits).",
        403: "The key may not read this (forbidden).",
        404: "Unknown id (not_found).",
        413: "Request body too large (too_large).",
        422: "Valid JSON of the wrong shape (validation_error, invalid_url).",
        429: "Too many requests (rate_limited); see Retry-After.",
        500: "Unexpected failure (internal_error).",
        503: "The cache is unavailable (cache_unavailable); see Retry-After.",
    }
    return {s: ResponseSpec(data_container=ErrorBody, description=described[s]) for s in statuses}
