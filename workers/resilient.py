"""An arq Worker whose poll loop outlives a Redis outage.

arq ends its poll loop on the first Redis error and then waits for every running job before the worker
gives up, so a worker busy with a long job (a transcription can take an hour) took no new job until that
job was over, long after Redis was back. Here a failed poll is logged and tried again shortly; running
jobs carry on, and redis-py reconnects on the next command once Redis answers.
"""

from __future__ import annotations

import asyncio
import logging

from arq.worker import Worker
from redis.exceptions import RedisError

log = logging.getLogger("podgist.worker")
RETRY_SECONDS = 0.5  # between polls while Redis is away: quick to resume, no busy loop


class ResilientWorker(Worker):
    """:class:`arq.worker.Worker` that keeps polling through Redis outages."""

    _redis_lost = False

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except (RedisError, OSError) as exc:
            if not self._redis_lost:
                log.warning("worker lost redis; polling again", extra={"error": str(exc)})
            self._redis_lost = True
            await asyncio.sleep(RETRY_SECONDS)
            return
        if self._redis_lost:
            log.info("worker reached redis again")
            self._redis_lost = False

    async def close(self) -> None:
        try:
            await super().close()
        except (RedisError, OSError) as exc:
            # Stopped while Redis is away: arq has already waited for the running jobs, only its own
            # bookkeeping in Redis is left undone. Stop anyway; raising would start a new worker instead.
            log.warning("worker stopped without redis", extra={"error": str(exc)})

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        try:
            await super().start_jobs(job_ids)
        except (RedisError, OSError):
            # arq takes a job slot before the Redis calls that claim a job and gives it back only on the
            # outcomes it expects, so the job being claimed when Redis failed still holds one: free it,
            # or every outage would cost a slot.
            self._release_sem_dec_counter_on_complete()
            raise
