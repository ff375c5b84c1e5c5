"""What the service holds, for its operator: invitations by state, the outbox by state and age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from org_invitations.clock import Clock
from org_invitations.domain.invitations import Status
from org_invitations.domain.outbox import Delivery
from org_invitations.services.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Stats:
    invitations: dict[Status, int]
    outbox: dict[Delivery, int]
    oldest_pending: timedelta | None  # how long the oldest unsent message has waited


class StatsService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def snapshot(self) -> Stats:
        now = self._clock.now()
        with self._uow.reading() as uow:
            invitations, outbox = uow.invitations.counts(now), uow.outbox.counts()
            oldest = uow.outbox.oldest_pending()
        return Stats(
            invitations={status: invitations.get(status, 0) for status in Status},
            outbox={state: outbox.get(state, 0) for state in Delivery},
            oldest_pending=None if oldest is None else now - oldest,
        )
