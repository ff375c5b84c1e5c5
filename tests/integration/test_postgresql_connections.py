"""PostgreSQL connections: reads in autocommit (no BEGIN, no ROLLBACK round trips), a pooled
connection pinged before use only once it has been idle, so a dropped one is replaced, and a dropped
one found by a prepared lookup handled as SQLAlchemy handles it; a handler thread's kept connection,
dropped, replaced once the request that found it has failed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, literal_column, select, text
from sqlalchemy.exc import DBAPIError

from org_invitations.storage.engine import for_reading, for_writing, make_engine
from org_invitations.storage.kept_connections import KeptConnections
from org_invitations.storage.prepared import PreparedSelect
from org_invitations.storage.unit_of_work import ConnectionSession
from tests.databases import NEEDS_POSTGRESQL_AND_REDIS, ON_POSTGRESQL, TEST_DATABASE_URL
from tests.threads import in_a_thread

pytestmark = pytest.mark.skipif(not ON_POSTGRESQL, reason=NEEDS_POSTGRESQL_AND_REDIS)

IDLE = 0.3


@pytest.fixture
def admin() -> Iterator[Engine]:
    assert TEST_DATABASE_URL is not None
    engine = make_engine(TEST_DATABASE_URL)
    yield engine
    engine.dispose()


def engine_pinging_after(idle_seconds: float) -> Engine:
    assert TEST_DATABASE_URL is not None
    return make_engine(TEST_DATABASE_URL, pool_size=1, max_overflow=0, ping_after_idle=idle_seconds)


def backend_of(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def drop(admin: Engine, pid: int) -> None:
    """What a database restart or a firewall's timeout does to a pooled connection."""
    with admin.begin() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()


def test_reads_run_in_autocommit_and_writes_in_a_transaction() -> None:
    engine = engine_pinging_after(IDLE)
    own_transaction = text("SELECT statement_timestamp() = transaction_timestamp()")
    try:
        with for_reading(engine).connect() as reading:
            reading.execute(text("SELECT pg_sleep(0.01)"))
            assert reading.execute(own_transaction).scalar_one()  # a transaction per statement
            driver = reading.connection.driver_connection
        with for_writing(engine).connect() as writing:  # the same connection, given back as it was
            assert writing.connection.driver_connection is driver
            writing.execute(text("SELECT pg_sleep(0.01)"))
            assert not writing.execute(own_transaction).scalar_one()
    finally:
        engine.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_use(admin: Engine) -> None:
    engine = engine_pinging_after(IDLE)
    try:
        dropped = backend_of(engine)
        drop(admin, dropped)
        time.sleep(IDLE + 0.1)
        assert backend_of(engine) != dropped  # the ping found it dead; the pool made another
    finally:
        engine.dispose()


def test_a_connection_used_moments_ago_is_not_pinged(admin: Engine) -> None:
    engine = engine_pinging_after(60)
    try:
        drop(admin, backend_of(engine))
        with pytest.raises(DBAPIError) as failed:  # no ping: the request's own statement finds out
            backend_of(engine)
        assert failed.value.connection_invalidated
        backend_of(engine)  # and the pool starts afresh
    finally:
        engine.dispose()


def test_a_prepared_lookup_on_a_dropped_connection_fails_as_sqlalchemy_would(admin: Engine) -> None:
    engine = engine_pinging_after(60)
    one = PreparedSelect(select(literal_column("1").label("one")))
    try:
        with ConnectionSession(KeptConnections(for_reading(engine), limit=0)) as session:
            assert one.scalar(session) == 1
        drop(admin, backend_of(engine))
        session = ConnectionSession(KeptConnections(for_reading(engine), limit=0))
        try:
            with pytest.raises(DBAPIError) as failed:  # raised by the lookup, not by the session's close
                one.scalar(session)
        finally:
            session.close()
        assert failed.value.connection_invalidated  # SQLAlchemy saw the disconnect: the pool renews
        backend_of(engine)
    finally:
        engine.dispose()


def test_a_kept_connection_dropped_is_replaced_after_the_request_that_finds_it(admin: Engine) -> None:
    engine = engine_pinging_after(60)
    kept = KeptConnections(for_reading(engine), limit=1)
    one = PreparedSelect(select(literal_column("pg_backend_pid()").label("pid")))

    def backend() -> int:
        with ConnectionSession(kept) as session:
            return int(one.scalar(session))

    def work() -> tuple[int, int, bool, int]:
        kept.keep_in_this_thread()
        first, again = backend(), backend()  # kept: the same backend
        drop(admin, first)
        try:
            backend()
        except DBAPIError as failed:
            invalidated = failed.connection_invalidated
        else:
            invalidated = False
        return first, again, invalidated, backend()

    try:
        first, again, invalidated, after = in_a_thread(work)
        assert again == first and invalidated and after != first
    finally:
        kept.release()
        engine.dispose()
