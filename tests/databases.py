"""Where tests keep their data: SQLite by default, PostgreSQL and Redis when their URLs are set.

Set ORG_INVITATIONS_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)
to run the whole suite on PostgreSQL: each test gets a schema of its own, dropped afterwards,
so runs and tests never see each other's rows. Set ORG_INVITATIONS_TEST_REDIS_URL
(e.g. redis://127.0.0.1:6379/0) to keep throttle counters in Redis, under a key prefix of
the test's own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine import make_url

from org_invitations.storage.engine import make_engine
from org_invitations.storage.tables import Base

TEST_DATABASE_URL = os.environ.get("ORG_INVITATIONS_TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("ORG_INVITATIONS_TEST_REDIS_URL") or None
ON_POSTGRESQL = (
    TEST_DATABASE_URL is not None and make_url(TEST_DATABASE_URL).get_backend_name() == "postgresql"
)

NEEDS_POSTGRESQL_AND_REDIS = (
    "needs ORG_INVITATIONS_TEST_DATABASE_URL (PostgreSQL) and ORG_INVITATIONS_TEST_REDIS_URL (Redis); "
    ".ci/run sets both"
)


def with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """A database URL nothing else uses: a new SQLite file, or a new PostgreSQL schema."""
    if TEST_DATABASE_URL is None:
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    schema = "test_" + uuid.uuid4().hex[:20]
    admin = make_engine(TEST_DATABASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(TEST_DATABASE_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def throttle_storage() -> dict[str, str]:
    """Settings for throttle counters: Redis under a fresh prefix when configured, else in-process."""
    if TEST_REDIS_URL is None:
        return {"rate_limit_storage_url": "memory://"}
    return {"rate_limit_storage_url": TEST_REDIS_URL, "rate_limit_key_prefix": f"test-{uuid.uuid4().hex}"}


def dump(engine: Engine) -> str:
    """Every value of every table, as text: to show a secret is stored nowhere."""
    with engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in connection.execute(select(table)).all()
        )


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any


@contextmanager
def capturing(engine: Engine) -> Iterator[list[Statement]]:
    """Every statement sent to the database meanwhile, as the driver received it."""
    sent: list[Statement] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append(Statement(sql, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
