"""The unit of work: one transaction, its repositories, and nothing saved without `commit()`.

The SQL side of `org_invitations.services.ports`, which the services type against.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from org_invitations.storage.engine import for_writing
from org_invitations.storage.invitations import InvitationRepository
from org_invitations.storage.outbox import OutboxRepository
from org_invitations.storage.repositories import (
    AccountRepository,
    MembershipRepository,
    OrganizationRepository,
)
from org_invitations.storage.webhooks import WebhookRepository


class UnitOfWork:
    accounts: AccountRepository
    organizations: OrganizationRepository
    memberships: MembershipRepository
    invitations: InvitationRepository
    outbox: OutboxRepository
    webhooks: WebhookRepository

    def __init__(self, session: Session) -> None:
        self._session = session
        self._after_commit: list[Callable[[], None]] = []
        self.accounts = AccountRepository(session)
        self.organizations = OrganizationRepository(session)
        self.memberships = MembershipRepository(session)
        self.invitations = InvitationRepository(session)
        self.outbox = OutboxRepository(session)
        self.webhooks = WebhookRepository(session)

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._after_commit.clear()
        self._session.rollback()
        self._session.close()

    def commit(self) -> None:
        self._session.commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)


class UnitOfWorkFactory:
    """Opens units of work: `reading()` for queries, `writing()` for changes."""

    def __init__(self, engine: Engine) -> None:
        self._read = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        self._write = sessionmaker(for_writing(engine), expire_on_commit=False, autoflush=True)

    def reading(self) -> UnitOfWork:
        return UnitOfWork(self._read())

    def writing(self) -> UnitOfWork:
        return UnitOfWork(self._write())
