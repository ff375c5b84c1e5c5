"""/readyz tells the truth: 503 while the database is gone or its schema is behind this code,
200 again by itself once that is over; /healthz is about the process alone."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from org_invitations.settings import Settings
from org_invitations.storage.engine import make_engine
from org_invitations.storage.migrate import head_revision
from tests.databases import ON_POSTGRESQL, TEST_DATABASE_URL


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own (on PostgreSQL, a whole database, so it can be renamed away)."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'ready.sqlite3'}"
        return
    assert TEST_DATABASE_URL is not None
    name = "readyz_" + uuid.uuid4().hex[:16]
    admin = make_engine(TEST_DATABASE_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(admin.url.set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}_away" WITH (FORCE)'))
        admin.dispose()


def ready(http: TestClient) -> tuple[int, str | None]:
    answer = http.get("/readyz")
    return answer.status_code, answer.headers.get("x-error-code")


def take_database_away(settings: Settings) -> None:
    if not ON_POSTGRESQL:
        file = Path(settings.database_url.removeprefix("sqlite:///"))
        os.replace(file, file.with_suffix(".away"))
        file.mkdir()  # where the file was, something SQLite cannot open
        return
    admin, name = _admin(settings)
    with admin.connect() as connection:  # the app's own connections go too, as when a server stops
        connection.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        )
        connection.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))
    admin.dispose()


def bring_database_back(settings: Settings) -> None:
    if not ON_POSTGRESQL:
        file = Path(settings.database_url.removeprefix("sqlite:///"))
        shutil.rmtree(file)
        os.replace(file.with_suffix(".away"), file)
        return
    admin, name = _admin(settings)
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
    admin.dispose()


def _admin(settings: Settings) -> tuple[Engine, str]:
    """An engine on the test server's own database, and the name of the test's."""
    assert TEST_DATABASE_URL is not None
    admin = make_engine(TEST_DATABASE_URL).execution_options(isolation_level="AUTOCOMMIT")
    return admin, str(make_url(settings.database_url).database)


def test_readyz_is_503_while_the_database_is_gone_and_200_once_it_is_back(
    http: TestClient, settings: Settings
) -> None:
    assert ready(http) == (200, None)

    take_database_away(settings)
    try:
        assert ready(http) == (503, "database_unavailable")
        assert http.get("/healthz").status_code == 200  # the process itself is fine
    finally:
        bring_database_back(settings)

    assert ready(http) == (200, None)


def test_readyz_is_503_while_the_schema_is_behind_this_code(http: TestClient, engine: Engine) -> None:
    head = head_revision()
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        answer = http.get("/readyz")
        assert (answer.status_code, answer.headers["x-error-code"]) == (503, "migrations_behind")
        assert "org-invitations migrate" in answer.json()["detail"]
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert ready(http) == (200, None)
