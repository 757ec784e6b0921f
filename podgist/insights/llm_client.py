"""One call to an OpenAI-compatible chat-completions endpoint, answered with a JSON object."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from podgist.insights.llm_prompts import Messages
from podgist.settings import Settings

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class LlmUnavailable(Exception):
    """The endpoint did not give a usable answer; ``reason`` is short and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def chat_json(http: httpx.AsyncClient, settings: Settings, messages: Messages) -> dict[str, Any]:
    """POST ``{llm_url}/chat/completions`` and return the answer's JSON object.

    Raises ``LlmUnavailable`` on a connection error, a timeout, a non-2xx status or an answer that is not
    a JSON object.
    """
    url = f"{(settings.llm_url or '').rstrip('/')}/chat/completions"
    headers = {"Authorization": f"Bearer {settings.llm_api_key}"} if settings.llm_api_key else {}
    body = {
        "model": settings.llm_model,
        "messages": messages,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    try:
        resp = await http.post(url, json=body, headers=headers, timeout=settings.llm_timeout)
    except httpx.TimeoutException:
        raise LlmUnavailable("timeout") from None
    except httpx.HTTPError as exc:
        raise LlmUnavailable(f"connection error ({type(exc).__name__})") from None
    if not resp.is_success:
        raise LlmUnavailable(f"HTTP {resp.status_code}")
    return parse_answer(resp.content)


def parse_answer(raw: bytes) -> dict[str, Any]:
    """The JSON object inside a chat-completions response (code fences and chatter around it tolerated)."""
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmUnavailable("malformed response") from None
    if not isinstance(content, str):
        raise LlmUnavailable("malformed response")
    return parse_object(content)


def parse_object(content: str) -> dict[str, Any]:
    """Parse the first ``{...}`` object of a model's text answer."""
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise LlmUnavailable("unparseable JSON")
    try:
        data = json.loads(text[start : end + 1])
    except ValueError:
        raise LlmUnavailable("unparseable JSON") from None
    if not isinstance(data, dict):
        raise LlmUnavailable("unparseable JSON")
    return data
