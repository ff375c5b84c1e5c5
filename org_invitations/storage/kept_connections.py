"""Connections kept by the threads that serve requests, from one unit of work to the next.

Taking a connection from the pool and giving it back (checkout and checkin with their events, a
Connection built and torn down, the reset on return) cost a lookup by token about a tenth of its
work. A handler thread runs one unit of work at a time, so it can keep its connection between
them, as the physical floor keeps one per thread. Only threads that ask keep one (the handler
threads, `keep_in_this_thread`), and no more of them than `limit`, so that kept connections never
take the whole pool from the other threads; any other thread takes a connection per unit of work.

A kept connection is given back and replaced when it is no longer usable (invalidated after a
lost connection) or has been idle `idle_seconds`, so that the pool's check of an idle connection
(storage.engine `_ping_when_idle`) still runs before it serves again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from org_invitations.storage.engine import PING_AFTER_IDLE_SECONDS


@dataclass
class _Kept:
    connection: Connection | None = None
    used_at: float = 0.0
    busy: bool = False  # lent to a unit of work; a unit opened inside it takes one of the pool's


class KeptConnections:
    """The connections of one engine (reads, or writes), kept per thread that asks."""

    def __init__(self, engine: Engine, limit: int, *, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
        self._engine = engine
        self._limit = limit
        self._idle_seconds = idle_seconds
        self._threads = threading.local()
        self._lock = threading.Lock()
        self._all: list[_Kept] = []
        self._open = True

    def keep_in_this_thread(self) -> bool:
        """From now on, this thread keeps its connection between units of work, if a place is left."""
        with self._lock:
            if self._open and len(self._all) < self._limit and not hasattr(self._threads, "kept"):
                self._threads.kept = _Kept()
                self._all.append(self._threads.kept)
            return hasattr(self._threads, "kept")

    def connect(self) -> Connection:
        kept: _Kept | None = getattr(self._threads, "kept", None)
        if kept is None or kept.busy:
            return self._engine.connect()
        kept.busy = True  # before `_open` is read: `release` reads them the other way round
        try:
            if not self._open:
                kept.connection = None
                return self._engine.connect()
            connection, now = kept.connection, time.monotonic()
            if connection is not None and (
                connection.closed or connection.invalidated or now - kept.used_at > self._idle_seconds
            ):
                kept.connection = None
                connection.close()  # back to the pool, which checks or replaces it
                connection = None
            if connection is None:
                connection = self._engine.connect()
                kept.connection = connection
            kept.used_at = now
            return connection
        except BaseException:
            kept.busy = False
            raise

    def done(self, connection: Connection) -> None:
        """The unit of work is over: its transaction ends, and the connection is kept or given back."""
        kept: _Kept | None = getattr(self._threads, "kept", None)
        if kept is None or kept.connection is not connection:
            if kept is not None and kept.busy and kept.connection is None:
                kept.busy = False  # lent while the connections were being released
            connection.close()
            return
        try:
            if not self._open:
                kept.connection = None
                connection.close()
            elif connection.in_transaction():
                connection.rollback()
        except BaseException:
            kept.connection = None
            connection.close()
            raise
        finally:
            kept.busy = False

    def release(self) -> None:
        """Give back every kept connection not lent at this moment (the server is stopping); a lent
        one is given back as its unit of work ends. From now on none is kept."""
        with self._lock:
            self._open = False
            kept, self._all = self._all, []
        for each in kept:
            connection = each.connection
            if not each.busy and connection is not None:
                each.connection = None
                connection.close()
