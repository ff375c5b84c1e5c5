"""Work the server does on its own: the periodic purge of invitations finished over 30 days ago."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from org_invitations.services.invitations import RetentionService

logger = logging.getLogger(__name__)


async def _purge_forever(retention: RetentionService, interval_seconds: int) -> None:
    while True:
        try:
            deleted = await run_in_threadpool(retention.purge)
            if deleted:
                logger.info("purged %d finished invitations", deleted)
        except Exception:  # the next round may succeed; never let the loop die
            logger.exception("purging finished invitations failed")
        await asyncio.sleep(interval_seconds)


def periodic_purge(
    retention: RetentionService, interval_seconds: int
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan that purges at start and every `interval_seconds`; 0 switches it off."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        if interval_seconds <= 0:
            yield
            return
        task = asyncio.create_task(_purge_forever(retention, interval_seconds))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan
