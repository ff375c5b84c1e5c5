"""Engines tuned per backend: SQLite in WAL mode with a busy timeout, PostgreSQL with a sized pool."""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from org_invitations.storage.checkpoints import BACKSTOP_PAGES, BackgroundCheckpoints

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_BEGIN = "sqlite_begin"
BEGIN_STATEMENTS = {"DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}


def for_writing(engine: Engine) -> Engine:
    """The engine to run read-write transactions on (an IMMEDIATE transaction on SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    return engine


def for_reading(engine: Engine) -> Engine:
    """The engine to run reads on: PostgreSQL in autocommit, SQLite in a deferred transaction.

    Under PostgreSQL's READ COMMITTED each statement sees its own snapshot inside a transaction
    too, so a read loses nothing without one, and saves the round trips of BEGIN and of the
    ROLLBACK the pool sends as the connection comes back. On SQLite a transaction is what keeps
    a read's statements on one snapshot, and BEGIN costs no round trip.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


PING_AFTER_IDLE_SECONDS = 10.0
"""A pooled connection unused this long is pinged before it is handed out."""


def make_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, ping_after_idle: float = PING_AFTER_IDLE_SECONDS
) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, pool_size, max_overflow)
    engine = create_engine(url, pool_size=pool_size, max_overflow=max_overflow)
    _ping_when_idle(engine, ping_after_idle)
    return engine


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Ping a connection before handing it out only when it has been idle a while.

    A ping on every checkout (`pool_pre_ping`) is one more round trip per request, as long as the
    request's own statement on a busy server. A connection used moments ago is as good as the
    answer it just gave; one idle for `idle_seconds` may have been dropped (a database restart, a
    firewall's timeout), and a dead one is replaced before the request sees it. Should the
    database restart under load, the first statement on a dead connection fails and SQLAlchemy
    discards every connection of the pool made before it.
    """

    @event.listens_for(engine, "connect")
    def _made(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("returned_at", 0.0) < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError() from error  # the pool tries a new connection
            raise


_CHECKPOINTS: WeakKeyDictionary[Engine, BackgroundCheckpoints] = WeakKeyDictionary()
_STARTING = threading.Lock()


def background_checkpoints(engine: Engine) -> BackgroundCheckpoints | None:
    """The thread checkpointing a SQLite file's WAL for this engine, once it has connected."""
    return _CHECKPOINTS.get(engine)


def _sqlite_engine(url: str, database: str | None, pool_size: int, max_overflow: int) -> Engine:
    on_file = bool(database) and database != ":memory:" and not str(database).startswith("file:")
    if on_file:
        Path(str(database)).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        **({"pool_size": pool_size, "max_overflow": max_overflow} if on_file else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if on_file:  # checkpoints in the background (storage.checkpoints), commits only past the backstop
            cursor.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
            with _STARTING:
                if engine not in _CHECKPOINTS:
                    checkpoints = _CHECKPOINTS[engine] = BackgroundCheckpoints(str(database))
                    weakref.finalize(engine, checkpoints.stop)  # an engine dropped without dispose()
        cursor.close()

    @event.listens_for(engine, "engine_disposed")
    def _on_dispose(_engine: Any) -> None:
        checkpoints = _CHECKPOINTS.pop(engine, None)
        if checkpoints is not None:
            checkpoints.stop()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front (see `for_writing`): a deferred transaction that
        # later writes fails with "database is locked" instead of waiting its turn.
        # Straight to the driver: SQLAlchemy's own execution path costs more than the BEGIN.
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        connection.connection.driver_connection.execute(BEGIN_STATEMENTS[mode])

    return engine
