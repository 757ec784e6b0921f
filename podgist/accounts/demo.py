"""The shared demo key's scope: only the episodes listed in ``settings.demo_episodes``.

An entry may be an episode id, an Apple/YouTube id or a URL. A request is in scope when it names an
entry the same way (so an uncached demo episode can still be looked up), or when what it names is
cached as one of the episodes the entries resolve to (any other URL of the same episode).
"""

from __future__ import annotations

from podgist.accounts.references import Reference, parse_reference
from podgist.errors import Forbidden, PodgistError
from podgist.store import Store


class DemoScope:
    """Answers "may the demo key read this?" against the configured list."""

    def __init__(self, entries: list[str], store: Store) -> None:
        self.store = store
        self.refs: list[Reference] = []
        for entry in entries:
            try:
                self.refs.append(parse_reference(entry))
            except PodgistError:
                continue  # a malformed entry grants nothing; it must not take the API down
        self.names = frozenset(r.name for r in self.refs)

    def names_listed(self, ref: Reference) -> bool:
        """True when ``ref`` spells one of the listed entries."""
        return ref.name in self.names

    async def episode_ids(self) -> set[str]:
        """Episode ids the entries resolve to right now (uncached entries resolve to nothing)."""
        ids = {r.episode_id for r in self.refs if r.episode_id}
        for ref in self.refs:
            if ref.alias:
                target = await self.store.alias_target(ref.alias)
                if target:
                    ids.add(target)
        return ids

    async def check(self, ref: Reference, episode_id: str | None) -> None:
        """Raise :class:`Forbidden` unless the demo key may read ``ref`` (cached as ``episode_id``)."""
        if self.names_listed(ref):
            return
        if episode_id is not None and episode_id in await self.episode_ids():
            return
        raise Forbidden(
            "The demo key only reads the demo episodes listed in detail.demoEpisodes; "
            "use your own API key for anything else.",
            detail={"demoEpisodes": [r.raw for r in self.refs]},
        )
