"""Alembic migrations give exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from org_invitations import ids
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


ROWS_BEFORE_ALIASES = [
    "INSERT INTO accounts (id, name, email, created_at) VALUES "
    "('" + "a" * 32 + "', 'Ada', NULL, '2026-11-23 10:00:00'), "
    "('" + "b" * 32 + "', 'Grace', 'grace@example.com', '2026-11-23 10:00:00'), "
    "('" + "c" * 32 + "', 'Alan', NULL, '2026-11-23 10:00:00')",
    "INSERT INTO api_keys (account_id, key_hash, created_at) VALUES "
    "('" + "a" * 32 + "', '" + "1" * 64 + "', '2026-11-23 10:00:00'), "
    "('" + "b" * 32 + "', '" + "2" * 64 + "', '2026-11-23 10:00:00')",
    "INSERT INTO security_tokens (account_id, token_hash, created_at, expires_at) VALUES "
    "('" + "b" * 32 + "', '" + "3" * 64 + "', '2026-11-23 10:00:00', '2026-11-23 11:00:00')",
    "INSERT INTO organizations (id, name, owner_id, created_at) VALUES "
    "('o-" + "0" * 32 + "', 'Analytical Engines', '" + "a" * 32 + "', '2026-11-23 10:00:00')",
    "INSERT INTO memberships (organization_id, account_id, roles, joined_at) VALUES "
    "('o-" + "0" * 32 + "', '" + "a" * 32 + "', 'owner', '2026-11-23 10:00:00'), "
    "('o-" + "0" * 32 + "', '" + "c" * 32 + "', 'member', '2026-11-23 10:00:00')",
]
COUNTS = "SELECT (SELECT count(*) FROM api_keys), (SELECT count(*) FROM security_tokens), (SELECT count(*) FROM memberships)"


def assert_aliases_backfilled_and_nothing_lost(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine, "0002")
        with engine.begin() as connection:
            for statement in ROWS_BEFORE_ALIASES:
                connection.execute(text(statement))
        upgrade(engine)
        with engine.connect() as connection:
            aliases = connection.execute(text("SELECT alias FROM accounts")).scalars().all()
            counts = tuple(connection.execute(text(COUNTS)).one())
            if connection.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
    assert len(aliases) == 3 and len(set(aliases)) == 3
    assert all(re.fullmatch(r"[0-9]{12}", alias) for alias in aliases)
    assert counts == (2, 1, 2)  # rebuilding accounts cascaded to nothing


def test_existing_sqlite_accounts_get_aliases_and_keep_everything_they_had(tmp_path: Path) -> None:
    assert_aliases_backfilled_and_nothing_lost(f"sqlite:///{tmp_path / 'db.sqlite3'}")


def test_the_backfill_draws_again_when_an_alias_repeats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["111111111111", "111111111111", "222222222222", "222222222222", "333333333333"])
    monkeypatch.setattr(ids, "new_account_alias", lambda: next(draws))  # the migration imports it when run
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert_aliases_backfilled_and_nothing_lost(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        aliases = connection.execute(text("SELECT alias FROM accounts ORDER BY id")).scalars().all()
    engine.dispose()
    assert aliases == ["111111111111", "222222222222", "333333333333"]


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="set ORG_INVITATIONS_TEST_DATABASE_URL to a PostgreSQL database"
)
def test_existing_postgresql_accounts_get_aliases_and_keep_everything_they_had(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        assert_aliases_backfilled_and_nothing_lost(url)
