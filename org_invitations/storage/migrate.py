"""Bring a database's schema to the newest Alembic revision."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


MIGRATION_LOCK = 7_261_001  # any constant; shared by every process migrating this database


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Safe when several servers start at once: on PostgreSQL they migrate one after the other.

    On SQLite, foreign keys are off while migrating, as SQLite prescribes for changing a table
    (https://www.sqlite.org/lang_altertable.html#otheralter): Alembic's batch mode rebuilds a
    table by dropping the old one, and with foreign keys on, dropping a table that others
    reference deletes their rows (ON DELETE CASCADE) or fails. Every reference is checked
    before the migration commits.
    """
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite ignores the pragma
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration breaks {len(broken)} foreign key references")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


@cache
def head_revision() -> str | None:
    """The newest revision this code knows (its migrations' head); read once per process."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when it has no schema of ours."""
    return MigrationContext.configure(connection).get_current_revision()


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
