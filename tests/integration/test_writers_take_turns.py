"""On SQLite the writers of one process take turns on a lock (woken in turn, not polling in
SQLite's busy handler); readers never wait for them; on PostgreSQL writers do not take turns.
A read holds one connection, whatever it runs, and gives it back."""

from __future__ import annotations

import threading
import time

from sqlalchemy.pool import QueuePool

from org_invitations.bootstrap import Services
from org_invitations.storage.unit_of_work import UnitOfWorkFactory

WRITERS = 8


def _inside_at_once(storage: UnitOfWorkFactory, opened: str) -> int:
    """How many units of work of the kind `opened` were inside their block at the same time."""
    start = threading.Barrier(WRITERS)
    lock = threading.Lock()
    inside, most = 0, 0

    def work() -> None:
        nonlocal inside, most
        start.wait()
        with getattr(storage, opened)():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return most


def test_writers_take_turns_and_readers_do_not_wait(services: Services) -> None:
    storage = UnitOfWorkFactory(services.engine)
    writers = _inside_at_once(storage, "writing")
    readers = _inside_at_once(storage, "reading")
    if services.engine.dialect.name == "sqlite":
        assert writers == 1
    else:
        assert writers > 1  # PostgreSQL locks rows, not the database
    assert readers > 1


def test_a_writer_that_fails_gives_the_next_one_its_turn(services: Services) -> None:
    storage = UnitOfWorkFactory(services.engine)
    try:
        with storage.writing():
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    finished = threading.Event()

    def next_writer() -> None:
        with storage.writing():
            finished.set()

    thread = threading.Thread(target=next_writer)
    thread.start()
    thread.join(timeout=5)
    assert finished.is_set()


def test_a_read_uses_one_connection_for_its_statements_and_its_orm_queries_and_gives_it_back(
    services: Services,
) -> None:
    account = services.accounts.create("reader", None).account
    storage = UnitOfWorkFactory(services.engine)
    pool = services.engine.pool
    assert isinstance(pool, QueuePool)
    before = pool.checkedout()
    with storage.reading() as uow:
        assert uow.accounts.get(account.id) is not None  # a prebuilt statement
        assert set(uow.accounts.get_many([account.id])) == {account.id}  # an ORM query
        assert pool.checkedout() == before + 1
    assert pool.checkedout() == before
