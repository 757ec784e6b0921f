"""Typed errors: each class carries a stable ``code`` and an HTTP status, mapped to HTTP in one place."""

from __future__ import annotations

from typing import Any, ClassVar

from podgist.models import ErrorBody


class PodgistError(Exception):
    """Base of every error we raise on purpose. ``code`` is stable API; ``message`` is for humans."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500
    default_message: ClassVar[str] = "Something went wrong on our side."

    def __init__(self, message: str | None = None, *, detail: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail
        self.http_status: int = self.status  # what the API answers; see :func:`lookup_failure`
        super().__init__(self.message)

    def body(self) -> ErrorBody:
        """The JSON error body for this error."""
        return ErrorBody(code=self.code, message=self.message, detail=self.detail)

    @classmethod
    def from_body(cls, body: ErrorBody) -> PodgistError:
        """Rebuild a typed error from its stored body (a failed lookup's error, say)."""
        err_cls = ERRORS_BY_CODE.get(body.code, PodgistError)
        err = err_cls(body.message, detail=body.detail)
        return err


# --- the client's request ---------------------------------------------------------------------------
class BadRequest(PodgistError):
    code = "invalid_request"
    status = 400
    default_message = "The request could not be read."


class InvalidJson(BadRequest):
    code = "invalid_json"
    default_message = "The request body is not valid JSON."


class ValidationFailed(PodgistError):
    code = "validation_error"
    status = 422
    default_message = "The request does not match the expected shape."


class InvalidUrl(ValidationFailed):
    code = "invalid_url"
    default_message = "That is not an http(s) URL we can look up."


class NotFound(PodgistError):
    code = "not_found"
    status = 404
    default_message = "Nothing is known under that id."


class Unauthorized(PodgistError):
    code = "unauthorized"
    status = 401
    default_message = "A valid API key is required (x-api-key header or Authorization: Bearer)."


class Forbidden(PodgistError):
    code = "forbidden"
    status = 403
    default_message = "This key may not read that."


class InsufficientCredits(PodgistError):
    code = "insufficient_credits"
    status = 402
    default_message = "This key has no credits left; top it up to read new transcripts."


class RateLimited(PodgistError):
    code = "rate_limited"
    status = 429
    default_message = "Too many requests; slow down."

    def __init__(self, message: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(message, detail={"retryAfter": retry_after})
        self.retry_after = retry_after


# --- what we found upstream ---------------------------------------------------------------------------
class UnsupportedSource(PodgistError):
    code = "unsupported_source"
    status = 422
    default_message = "That page does not lead to a podcast episode we can read."


class NoPublicFeed(UnsupportedSource):
    code = "no_public_feed"
    default_message = "This episode has no public feed (a platform exclusive), so it cannot be transcribed."


class EpisodeNotFound(PodgistError):
    code = "episode_not_found"
    status = 404
    default_message = "The episode could not be found in its show's feed."


class NoTranscript(PodgistError):
    code = "no_transcript"
    status = 422
    default_message = "No transcript is published for this episode and speech-to-text is disabled."


class UnsupportedFormat(PodgistError):
    code = "unsupported_format"
    status = 422
    default_message = "The transcript is in a format we do not read."


class TranscriptInvalid(PodgistError):
    code = "transcript_invalid"
    status = 422
    default_message = "The transcript could not be parsed."


class FeedInvalid(PodgistError):
    code = "feed_invalid"
    status = 422
    default_message = "The feed could not be parsed."


class AudioInvalid(PodgistError):
    code = "audio_invalid"
    status = 422
    default_message = "The audio could not be decoded."


class TooLarge(PodgistError):
    code = "too_large"
    status = 413
    default_message = "The upstream body is larger than we accept."


class PrivateAddress(PodgistError):
    code = "private_address"
    status = 422
    default_message = "That URL points at a private or local address."


class UpstreamUnreachable(PodgistError):
    code = "upstream_unreachable"
    status = 502
    default_message = "The upstream server could not be reached."


class UpstreamTimeout(UpstreamUnreachable):
    code = "upstream_timeout"
    status = 504
    default_message = "The upstream server took too long."


class UpstreamError(PodgistError):
    code = "upstream_error"
    status = 502
    default_message = "The upstream server answered with an error."


class UpstreamBlocked(UpstreamError):
    code = "upstream_blocked"
    default_message = "The upstream service refused us (bot check or blocked IP)."


# --- ours -------------------------------------------------------------------------------------------------
class CacheUnavailable(PodgistError):
    code = "cache_unavailable"
    status = 503
    default_message = "The cache is unavailable; try again shortly."


class JobInterrupted(PodgistError):
    code = "job_interrupted"
    status = 503
    default_message = (
        "The work on this lookup stopped again and again before it could finish; try again later."
    )


def lookup_failure(body: ErrorBody | None) -> PodgistError:
    """The error of a failed lookup, raised to a read that was waiting for it (``/transcripts``).

    Code, message and detail stay the lookup's. Upstream failures answer 422, not their 5xx/413: the
    read itself was served, and its answer stays the same until the lookup may run again, so a 5xx would
    only make clients and proxies retry at once (and 413 speaks of the request's own body)."""
    err = PodgistError.from_body(body) if body else PodgistError()
    if isinstance(err, UpstreamUnreachable | UpstreamError | TooLarge):
        err.http_status = 422
    return err


def _all_subclasses(cls: type[PodgistError]) -> list[type[PodgistError]]:
    out: list[type[PodgistError]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


_ALL: list[type[PodgistError]] = [PodgistError, *_all_subclasses(PodgistError)]
ERRORS_BY_CODE: dict[str, type[PodgistError]] = {c.code: c for c in _ALL}
