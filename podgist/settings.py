"""One Settings Struct, read once from ``PODGIST_*`` environment variables and passed to whoever needs it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

import msgspec

PREFIX = "PODGIST_"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every knob Podgist has. Each field ``name`` is set by env var ``PODGIST_NAME``; see the README."""

    # --- serving
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    log_level: str = "INFO"
    log_json: bool = True
    cors_origins: list[str] = msgspec.field(default_factory=lambda: ["*"])

    # --- outbound fetching
    allow_private_hosts: bool = False
    allow_hosts: list[str] = []
    user_agent: str = "Podgist/0.1 (+https://github.com/podgist/podgist)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_fetch_mb: float = 20.0
    max_audio_mb: float = 500.0
    audio_timeout: float = 900.0

    # --- upstreams (tests point these at fixture servers)
    itunes_url: str = "https://itunes.apple.com"
    youtube_url: str = "https://www.youtube.com"
    spotify_url: str = "https://open.spotify.com"
    language: str = "en"

    # --- lookups and the queue
    queue_name: str = "podgist:queue"
    asr_queue_name: str = "podgist:asr"
    worker_concurrency: int = 10
    asr_concurrency: int = 1
    poll_delay: float = 0.02
    job_timeout: float = 300.0
    failed_retry_after: float = 30.0
    stale_lookup_after: float = 120.0
    lookup_ttl: int = 7 * 24 * 3600
    episode_ttl: int = 0
    episode_memory_mb: float = 64.0
    worker_shutdown_wait: int = 300
    worker_metrics_port: int = 0

    # --- speech-to-text
    asr_enabled: bool = True
    asr_model: str = "tiny.en"
    asr_device: str = "cpu"
    asr_compute_type: str = "int8"
    asr_threads: int = 0
    asr_chunk_seconds: float = 600.0
    asr_beam_size: int = 2  # 5–15 % slower than greedy, 7–11 % fewer word errors (bench/asr_speed.py)
    asr_batch_size: int = 2

    # --- insights
    insights_engine: Literal["extractive", "llm"] = "extractive"
    llm_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout: float = 60.0

    # --- API keys, credits, limits
    demo_key: str | None = "pg_demo"
    demo_episodes: list[str] = []
    demo_rate_per_minute: int = 10
    key_rate_per_minute: int = 120
    public_rate_per_minute: int = 60

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``PODGIST_*`` variables; unknown ``PODGIST_*`` names are an error."""
        env = os.environ if environ is None else environ
        fields = set(cls.__struct_fields__)
        raw: dict[str, object] = {}
        for name, value in env.items():
            if not name.startswith(PREFIX):
                continue
            field = name[len(PREFIX) :].lower()
            if field not in fields:
                continue  # other tools share the prefix (PODGIST_TEST_*, PODGIST_REQUIRE_CORPUS)
            raw[field] = _parse_value(field, value)
        return msgspec.convert(raw, cls, strict=False)


_LIST_FIELDS = {"cors_origins", "demo_episodes", "allow_hosts"}


def _parse_value(field: str, value: str) -> object:
    if field in _LIST_FIELDS:
        return [v.strip() for v in value.split(",") if v.strip()]
    if value == "" and field in {"redis_url", "public_url", "llm_url", "llm_api_key", "demo_key"}:
        return None
    return value
