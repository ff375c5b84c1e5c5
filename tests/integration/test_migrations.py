"""Alembic migrations give exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from org_invitations.storage.engine import make_engine
from org_invitations.storage.migrate import upgrade
from org_invitations.storage.tables import Base
from tests.databases import ON_POSTGRESQL, TEST_DATABASE_URL, fresh_database


def assert_at_head_with_no_diff(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second run is harmless
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert {"accounts", "invitations", "invitation_events", "alembic_version"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_migrating_an_empty_sqlite_database_gives_exactly_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'db.sqlite3'}"
    assert_at_head_with_no_diff(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="set ORG_INVITATIONS_TEST_DATABASE_URL to a PostgreSQL database"
)
def test_migrating_an_empty_postgresql_schema_gives_exactly_the_models(tmp_path: Path) -> None:
    assert TEST_DATABASE_URL is not None
    with fresh_database(tmp_path) as url:
        assert_at_head_with_no_diff(url)
