"""SQLite's WAL checkpoints, off the request path.

Left to itself, SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that commit
copies the WAL's pages into the database file and syncs both files, several milliseconds against a
tenth of one for an ordinary commit, while its writer holds the database (and this process's
writers' turn, storage.unit_of_work), so that every other write waits for it. Here a thread of the
engine checkpoints instead, a few times a second, PASSIVE (it never waits for a reader or a writer),
on a connection of its own; the commits' own checkpoint stays as a backstop at a larger size, should
the thread fall behind. What a commit makes durable does not change (synchronous=NORMAL: the WAL is
synced before each checkpoint, the database file after it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading

logger = logging.getLogger(__name__)

CHECKPOINT_EVERY_SECONDS = 0.25
BACKSTOP_PAGES = 10_000
"""The WAL size (pages of 4 KiB) at which a commit checkpoints after all: 40 MiB."""


class BackgroundCheckpoints:
    """A daemon thread checkpointing one SQLite database's WAL until `stop()`."""

    def __init__(self, path: str, every_seconds: float = CHECKPOINT_EVERY_SECONDS) -> None:
        self.path = path
        self._every = every_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stopping.wait(self._every):
                self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:  # the next round tries again; the backstop still holds
            logger.warning("checkpoint_failed", extra={"database": self.path, "error": str(error)})
