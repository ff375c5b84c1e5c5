"""Work the server does on its own: the periodic purge of invitations finished over 30 days ago,
and (unless `deliver` runs apart) a delivery worker that sends the outbox; and, as the process
ends, its farewell to the shared metrics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

# anyio's threads, not the handlers' (web/compiled.py): a slow mail server must not hold up requests.
from starlette.concurrency import run_in_threadpool

from org_invitations.metrics import process_ended
from org_invitations.services.delivery import DeliveryService, worker_name
from org_invitations.services.invitations import RetentionService
from org_invitations.settings import Settings

logger = logging.getLogger(__name__)


async def _purge_forever(retention: RetentionService, interval_seconds: float) -> None:
    while True:
        try:
            deleted = await run_in_threadpool(retention.purge)
            if deleted:
                logger.info("purged %d finished invitations", deleted)
        except Exception:  # the next round may succeed; never let the loop die
            logger.exception("purging finished invitations failed")
        await asyncio.sleep(interval_seconds)


async def deliver_forever(delivery: DeliveryService, batch: int, interval_seconds: float) -> None:
    """Deliver what is due, batch after batch; when a batch was not full, wait `interval_seconds`."""
    worker = worker_name()
    while True:
        claimed = 0
        try:
            claimed = (await run_in_threadpool(delivery.deliver_due, worker, batch)).claimed
        except Exception:  # the database may be back next round; never let the loop die
            logger.exception("delivering the outbox failed")
        if claimed < batch:
            await asyncio.sleep(interval_seconds)


def background_work(
    retention: RetentionService, delivery: DeliveryService, settings: Settings
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan running the purge (at start, then every `purge_interval_seconds`; 0: never)
    and the delivery worker (when `deliver_in_server`); at the end, this worker's live gauges
    leave the metrics the other workers still report."""
    loops: list[Callable[[], Coroutine[Any, Any, None]]] = []
    if settings.purge_interval_seconds > 0:
        loops.append(lambda: _purge_forever(retention, settings.purge_interval_seconds))
    if settings.deliver_in_server:
        loops.append(
            lambda: deliver_forever(
                delivery, settings.delivery_batch_size, settings.delivery_interval_seconds
            )
        )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(loop()) for loop in loops]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            process_ended()

    return lifespan
