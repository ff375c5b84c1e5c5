"""What the service holds, for its operator: invitations by state, the outbox by state and age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from org_invitations.clock import Clock
from org_invitations.domain.invitations import Status
from org_invitations.domain.outbox import Delivery
from org_invitations.services.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Backlog:
    outbox: dict[Delivery, int]
    oldest_pending: timedelta | None  # how long the oldest unsent message has waited


@dataclass(frozen=True, slots=True)
class Stats:
    invitations: dict[Status, int]
    outbox: dict[Delivery, int]
    oldest_pending: timedelta | None


class StatsService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def snapshot(self) -> Stats:
        now = self._clock.now()
        with self._uow.reading() as uow:
            invitations = uow.invitations.counts(now)
            backlog = self._backlog(uow, now)
        return Stats(
            invitations={status: invitations.get(status, 0) for status in Status},
            outbox=backlog.outbox,
            oldest_pending=backlog.oldest_pending,
        )

    def backlog(self) -> Backlog:
        """The outbox alone (cheap enough for every metrics scrape, unlike counting invitations)."""
        with self._uow.reading() as uow:
            return self._backlog(uow, self._clock.now())

    @staticmethod
    def _backlog(uow: UnitOfWork, now: datetime) -> Backlog:
        outbox, oldest = uow.outbox.counts(), uow.outbox.oldest_pending()
        return Backlog(
            outbox={state: outbox.get(state, 0) for state in Delivery},
            oldest_pending=None if oldest is None else now - oldest,
        )
