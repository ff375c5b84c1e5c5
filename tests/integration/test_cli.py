"""The operator commands: migrate and purge, against the database the settings name."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from org_invitations.cli import main
from org_invitations.storage.engine import make_engine


def test_migrate_then_purge_on_the_configured_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ORG_INVITATIONS_DATABASE_URL", database_url)
    assert main(["migrate"]) == 0
    engine = make_engine(database_url)
    assert "invitations" in inspect(engine).get_table_names()
    engine.dispose()
    assert main(["purge"]) == 0
    output = capsys.readouterr().out
    assert "database at head" in output
    assert "purged 0 invitations" in output
