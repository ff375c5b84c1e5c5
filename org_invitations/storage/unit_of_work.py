"""The unit of work: one transaction, its repositories, and nothing saved without `commit()`.

The SQL side of `org_invitations.services.ports`, which the services type against.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from org_invitations.storage.engine import for_reading, for_writing
from org_invitations.storage.invitations import InvitationRepository
from org_invitations.storage.kept_connections import KeptConnections
from org_invitations.storage.outbox import OutboxRepository
from org_invitations.storage.repositories import (
    AccountRepository,
    MembershipRepository,
    OrganizationRepository,
)
from org_invitations.storage.webhooks import WebhookRepository

NO_TURN: AbstractContextManager[object] = nullcontext()


class ConnectionSession(Session):
    """A unit of work's session, on a connection of its own that it hands out as it is.

    Most statements are prepared (storage.prepared) and run on the unit of work's connection; a
    Session would wrap that connection in its transaction bookkeeping at every statement, which
    costs about as much as the statement. This one gives the connection directly; ORM work, where
    some still is, joins the same connection and its transaction. `UnitOfWork.commit` commits the
    connection's transaction; closing the session returns the connection to the pool, which rolls
    back whatever was not committed, or (a kept connection, storage.kept_connections) rolls it back.
    """

    def __init__(self, connections: KeptConnections, **options: Any) -> None:
        connection = connections.connect()
        super().__init__(bind=connection, expire_on_commit=False, autoflush=True, **options)
        self._own_connection = connection
        self._connections = connections

    def connection(self, *_: Any, **__: Any) -> Connection:
        return self._own_connection

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._connections.done(self._own_connection)


class UnitOfWork:
    accounts: AccountRepository
    organizations: OrganizationRepository
    memberships: MembershipRepository
    invitations: InvitationRepository
    outbox: OutboxRepository
    webhooks: WebhookRepository

    def __init__(self, connections: KeptConnections, turn: AbstractContextManager[object] = NO_TURN) -> None:
        self._connections = connections
        self._turn = turn
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> UnitOfWork:
        self._turn.__enter__()  # then the connection: a writer waiting its turn holds none of the pool's
        try:
            session = self._session = ConnectionSession(self._connections)
        except BaseException:
            self._turn.__exit__(None, None, None)
            raise
        self.accounts = AccountRepository(session)
        self.organizations = OrganizationRepository(session)
        self.memberships = MembershipRepository(session)
        self.invitations = InvitationRepository(session)
        self.outbox = OutboxRepository(session)
        self.webhooks = WebhookRepository(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self._after_commit.clear()
            self._session.rollback()
            self._session.close()
        finally:
            self._turn.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._session.commit()  # the ORM's pending rows flushed, and its transaction if it began one
        self._session.connection().commit()  # the one a prepared statement began, if so
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)


class UnitOfWorkFactory:
    """Opens units of work: `reading()` for queries, `writing()` for changes.

    On SQLite, one writer at a time holds the database; the others wait in SQLite's busy
    handler, which polls with sleeps of up to 100 ms and so serves them in no order: under 32
    concurrent writes some waited over a second. The writers of this process take turns on a
    lock instead, woken as soon as the one before them is done (writers in other processes still
    meet in the busy handler). PostgreSQL locks rows, not the database: no turns there.

    `keep`: how many threads may keep their connections between units of work (the handler
    threads, `keep_connections_in_this_thread`); each keeps one for reads and one for writes.
    """

    def __init__(self, engine: Engine, *, keep: int = 0) -> None:
        self._read = KeptConnections(for_reading(engine), keep)
        self._write = KeptConnections(for_writing(engine), keep)
        self._writers_turn: AbstractContextManager[object] = (
            threading.RLock() if engine.dialect.name == "sqlite" else NO_TURN
        )

    def reading(self) -> UnitOfWork:
        return UnitOfWork(self._read)

    def writing(self) -> UnitOfWork:
        return UnitOfWork(self._write, self._writers_turn)

    def keep_connections_in_this_thread(self) -> None:
        self._read.keep_in_this_thread()
        self._write.keep_in_this_thread()

    def release_kept_connections(self) -> None:
        self._read.release()
        self._write.release()
