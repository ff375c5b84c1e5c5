"""SQLite's WAL checkpoints run in the background (storage/checkpoints.py), not in a request's commit:
committed rows reach the database file itself although no commit got near the backstop, and the
thread ends with its engine. On a SQLite file of the test's own, whatever the suite's database."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from org_invitations.storage.checkpoints import BACKSTOP_PAGES
from org_invitations.storage.engine import background_checkpoints, make_engine

ROWS = 200


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "checkpoints.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    yield engine, path
    engine.dispose()


def rows_in_the_file_itself(path: Path) -> int:
    """What the database file holds, its WAL ignored (immutable: no WAL, no locks)."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM notes").fetchone()[0])
    except sqlite3.OperationalError:  # the table itself is not in the file yet
        return 0
    finally:
        connection.close()


def test_committed_rows_reach_the_database_file_without_a_commit_checkpointing(
    database: tuple[Engine, Path],
) -> None:
    engine, path = database
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == BACKSTOP_PAGES
    for n in range(ROWS):  # a commit each: far from the backstop's 10,000 pages
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES (:body)"), {"body": "x" * 100 + str(n)})
    deadline = time.monotonic() + 10
    while rows_in_the_file_itself(path) < ROWS and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows_in_the_file_itself(path) == ROWS


def test_the_checkpoints_thread_ends_with_its_engine(database: tuple[Engine, Path]) -> None:
    engine, _ = database
    assert background_checkpoints(engine) is None  # not before the first connection
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    checkpoints = background_checkpoints(engine)
    assert checkpoints is not None and checkpoints.running
    engine.dispose()
    assert background_checkpoints(engine) is None and not checkpoints.running


def test_an_in_memory_database_has_none() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert background_checkpoints(engine) is None
    finally:
        engine.dispose()
