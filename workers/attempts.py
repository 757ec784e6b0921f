"""A job interrupted again and again (its worker killed, out of memory) ends its lookup as failed.

arq runs a job again when its worker dies mid-run, up to ``max_tries`` times, then drops it without a
word: the lookup would stay in the state the last run reached until it counts as stale, and a client
that only follows it would wait that long for nothing. So arq is allowed one try more than the runs we
want, and that last try does nothing but fail the lookup with ``job_interrupted``, a terminal state with
a reason. A later request for the URL runs it afresh once the failure back-off has passed.
"""

from __future__ import annotations

from typing import Any

from podgist.errors import JobInterrupted
from podgist.models import TERMINAL_STATUSES
from podgist.store import Store
from workers.progress import Tracker

LOOKUP_RUNS = 3
"""Runs of a lookup job before its lookup fails (a run is short: a worker dying 3 times is no accident)."""

ASR_RUNS = 5
"""Runs of a speech-to-text job: each resumes at its last finished chunk, so a retry loses little."""


def arq_max_tries(runs: int) -> int:
    """arq's ``max_tries`` for a job allowed ``runs`` real runs (the extra try only reports the end)."""
    return runs + 1


async def out_of_runs(
    ctx: dict[str, Any], store: Store, lookup_id: str, generation: int, runs: int
) -> str | None:
    """None while runs are left. After ``runs`` interrupted runs: ``"failed"`` when this job failed its
    lookup, ``"superseded"`` when a newer run owns the lookup or it has ended already (left as it is)."""
    tries = int(ctx.get("job_try") or 1)
    if tries <= runs:
        return None
    tracker = await Tracker.claim(store, lookup_id, generation)
    if tracker is None or tracker.lookup.status in TERMINAL_STATUSES:
        return "superseded"
    message = f"The work on this lookup stopped {runs} times before it could finish; try again later."
    await tracker.fail(JobInterrupted(message).body())
    return "failed"
