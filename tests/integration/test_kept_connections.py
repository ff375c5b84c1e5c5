"""Threads that ask keep their connection between units of work: the same connection each time,
its transaction ended every time; no more of them than the limit; one that broke or sat idle is
replaced through the pool; a unit opened inside another takes its own; all given back on release.
Other threads take a connection per unit of work and give it back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, text

from org_invitations.bootstrap import Services
from org_invitations.domain.model import Account
from org_invitations.storage.kept_connections import KeptConnections
from org_invitations.storage.unit_of_work import UnitOfWorkFactory
from tests.threads import in_a_thread


def driver_connection(connection: Connection) -> Any:
    return connection.connection.driver_connection


@pytest.fixture
def engine(services: Services) -> Engine:
    return services.engine


@pytest.fixture
def checkouts(engine: Engine) -> Iterator[list[int]]:
    """How many times the pool handed a connection out."""
    counted = [0]

    def count(*_: Any) -> None:
        counted[0] += 1

    event.listen(engine, "checkout", count)
    yield counted
    event.remove(engine, "checkout", count)


def test_a_keeping_thread_reuses_its_connection_and_ends_each_transaction(
    engine: Engine, checkouts: list[int]
) -> None:
    storage = UnitOfWorkFactory(engine, keep=1)

    def work() -> tuple[set[int], list[bool]]:
        storage.keep_connections_in_this_thread()
        seen, open_afterwards = set(), []
        for _ in range(3):
            for opened in (storage.reading, storage.writing):
                with opened() as uow:
                    uow.accounts.get("0" * 32)
                    connection = uow._session.connection()
                    seen.add(id(driver_connection(connection)))
                open_afterwards.append(connection.in_transaction())
        return seen, open_afterwards

    seen, open_afterwards = in_a_thread(work)
    assert len(seen) <= 2  # one for reads, one for writes (the same driver connection may serve both)
    assert checkouts[0] == 2  # taken from the pool once each, not once per unit of work
    assert not any(open_afterwards)  # no transaction outlives its unit of work
    storage.release_kept_connections()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_what_a_unit_did_not_commit_is_gone_for_the_next_one(services: Services) -> None:
    storage = UnitOfWorkFactory(services.engine, keep=1)

    account = Account("a" * 32, "123456789012", "Not Committed", None, services.clock.now())

    def work() -> tuple[bool, Account | None]:
        storage.keep_connections_in_this_thread()
        with storage.writing() as uow:
            added = uow.accounts.add(account)
        with storage.writing() as uow:
            return added, uow.accounts.get(account.id)

    added, found = in_a_thread(work)
    storage.release_kept_connections()
    assert added and found is None


def test_other_threads_take_a_connection_per_unit_of_work(engine: Engine, checkouts: list[int]) -> None:
    storage = UnitOfWorkFactory(engine, keep=4)

    def work() -> None:
        for _ in range(3):
            with storage.reading() as uow:
                uow.accounts.get("0" * 32)
            assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]

    in_a_thread(work)
    assert checkouts[0] == 3


def test_no_more_threads_keep_connections_than_the_limit(engine: Engine) -> None:
    connections = KeptConnections(engine, limit=1)
    kept = [in_a_thread(connections.keep_in_this_thread) for _ in range(3)]
    assert kept == [True, False, False]


def test_a_unit_opened_inside_another_takes_a_connection_of_its_own(engine: Engine) -> None:
    connections = KeptConnections(engine, limit=1)

    def work() -> tuple[bool, bool]:
        connections.keep_in_this_thread()
        outer = connections.connect()
        outer.begin()
        inner = connections.connect()
        different = driver_connection(inner) is not driver_connection(outer)
        connections.done(inner)
        still_open = outer.in_transaction()  # the inner unit's end did not end the outer's transaction
        connections.done(outer)
        return different, still_open

    assert in_a_thread(work) == (True, True)
    connections.release()


def test_a_broken_or_idle_connection_is_replaced_through_the_pool(
    engine: Engine, checkouts: list[int]
) -> None:
    broken = KeptConnections(engine, limit=1)
    idle = KeptConnections(engine, limit=1, idle_seconds=0.0)

    def work() -> tuple[bool, int]:
        broken.keep_in_this_thread()
        first = broken.connect()
        broken.done(first)
        first.invalidate()  # as SQLAlchemy does when the database went away
        second = broken.connect()
        second.execute(text("SELECT 1"))
        broken.done(second)
        idle.keep_in_this_thread()
        before = checkouts[0]
        for _ in range(3):
            idle.done(idle.connect())
        return second is not first, checkouts[0] - before

    replaced, taken_while_idle = in_a_thread(work)
    assert replaced
    assert taken_while_idle == 3  # idle too long each time: back to the pool, which checks it
    broken.release()
    idle.release()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_release_gives_every_connection_back_and_keeps_none_after(engine: Engine) -> None:
    connections = KeptConnections(engine, limit=2)
    release_now, released = threading.Event(), threading.Event()
    after: list[int] = []

    def work() -> None:
        connections.keep_in_this_thread()
        connections.done(connections.connect())
        release_now.set()
        released.wait(10)
        connections.done(connections.connect())
        after.append(engine.pool.checkedout())  # type: ignore[attr-defined]

    thread = threading.Thread(target=work)
    thread.start()
    release_now.wait(10)
    assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    connections.release()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    released.set()
    thread.join()
    assert after == [0]
