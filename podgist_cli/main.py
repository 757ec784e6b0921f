"""``podgist up|api|worker|lookup|keys|mcp`` — argument parsing only; each command lives in its module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from podgist.logs import configure_logging
from podgist.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="podgist", description="Podcast episodes to transcripts and gists.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="run everything: embedded Valkey (unless PODGIST_REDIS_URL), API and workers")
    sub.add_parser("api", help="run the HTTP API")
    worker = sub.add_parser("worker", help="run a queue worker")
    worker.add_argument("--asr", action="store_true", help="serve the speech-to-text queue instead")
    lookup = sub.add_parser("lookup", help="look an episode up through a running API; print its transcript")
    lookup.add_argument("url")
    lookup.add_argument("--format", default="markdown", choices=["markdown", "json"])
    lookup.add_argument("--api", default=None, help="API base URL (default: http://HOST:PORT)")
    lookup.add_argument("--timeout", type=float, default=600.0)
    keys = sub.add_parser("keys", help="manage API keys (stored only as hashes)").add_subparsers(
        dest="keys_command", required=True
    )
    create = keys.add_parser("create", help="create a key; prints it once")
    create.add_argument("--credits", type=int, required=True)
    create.add_argument("--name", default="")
    keys.add_parser("list", help="list keys: prefix, credits, state, created, name")
    keys.add_parser("revoke", help="revoke a key").add_argument("key", metavar="KEY_OR_PREFIX")
    topup = keys.add_parser("topup", help="add credits to a key")
    topup.add_argument("key", metavar="KEY_OR_PREFIX")
    topup.add_argument("credits", type=int)
    mcp = sub.add_parser("mcp", help="MCP server on stdio for agents (talks to a running API)")
    mcp.add_argument("--key", default=None, help="API key (default: PODGIST_API_KEY)")
    mcp.add_argument("--api", default=None, help="API base URL (default: PUBLIC_URL or http://HOST:PORT)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``podgist`` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings)
    if args.command == "up":
        from podgist_cli.up import run_up

        return run_up(settings)
    if args.command == "api":
        from podgist_cli.serve import run_api

        return run_api(settings)
    if args.command == "worker":
        from podgist_cli.serve import run_worker

        return run_worker(settings, asr=args.asr)
    if args.command == "lookup":
        from podgist_cli.lookup import run_lookup

        return run_lookup(settings, args.url, fmt=args.format, api=args.api, timeout=args.timeout)
    if args.command == "keys":
        from podgist_cli.keys import run_keys

        extra = {k: v for k, v in vars(args).items() if k in ("credits", "name", "key")}
        return run_keys(settings, args.keys_command, **extra)
    if args.command == "mcp":
        from podgist_cli.mcp import run_mcp

        return run_mcp(settings, key=args.key, api=args.api)
    return 2


if __name__ == "__main__":
    sys.exit(main())
