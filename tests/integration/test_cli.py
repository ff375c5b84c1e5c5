"""The operator commands: migrate and purge, against the database the settings name."""

from __future__ import annotations

from pathlib import Path

import pytest

from org_invitations.cli import main


def test_migrate_then_purge_on_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "ops" / "db.sqlite3"
    monkeypatch.setenv("ORG_INVITATIONS_DATABASE_URL", f"sqlite:///{database}")
    assert main(["migrate"]) == 0
    assert database.exists()
    assert main(["purge"]) == 0
    output = capsys.readouterr().out
    assert "database at head" in output
    assert "purged 0 invitations" in output
