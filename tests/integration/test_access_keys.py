"""Access keys in a real database: secrets only sealed, the limit held under concurrency, the server key kept.

On SQLite by default, on PostgreSQL when ORG_INVITATIONS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from org_invitations.bootstrap import Services, bootstrap
from org_invitations.domain.errors import AccessKeyLimitExceeded
from org_invitations.domain.model import MAX_ACCESS_KEYS
from org_invitations.secret_box import KEY_BYTES, ServerKeyError, decode_server_key, new_server_key
from org_invitations.settings import Settings
from org_invitations.storage.tables import AccessKeyRow
from tests.conftest import ManualClock
from tests.databases import dump


def test_the_database_holds_no_secret_in_plain_text(services: Services) -> None:
    ada = services.accounts.create("Ada Lovelace", None).account.id
    permanent = services.accounts.create_access_key(ada)
    temporary = services.accounts.issue_security_token(ada, timedelta(minutes=15))
    secrets = [permanent.secret_access_key, temporary.secret_access_key]

    everything = dump(services.engine)
    with services.engine.connect() as connection:
        sealed = connection.execute(select(AccessKeyRow.sealed_secret)).scalars().all()

    assert len(sealed) == 2
    for secret in secrets:
        assert secret not in everything
        assert all(secret.encode() not in stored for stored in sealed)
        assert secret.encode().hex() not in everything
    assert services.accounts.secret_for(permanent.access_key_id).secret_access_key == secrets[0]  # type: ignore[union-attr]
    assert services.accounts.secret_for(temporary.access_key_id).secret_access_key == secrets[1]  # type: ignore[union-attr]


def test_keys_created_at_once_never_exceed_the_limit(services: Services) -> None:
    """On PostgreSQL (READ COMMITTED) a count before the insert would let several through; SQLite
    runs writers one at a time anyway."""
    ada = services.accounts.create("Ada Lovelace", None).account.id

    def create() -> bool:
        try:
            services.accounts.create_access_key(ada)
        except AccessKeyLimitExceeded:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda _: create(), range(16)))

    assert outcomes.count(True) == MAX_ACCESS_KEYS
    assert len(services.accounts.access_keys(ada)) == MAX_ACCESS_KEYS


def test_a_temporary_key_goes_with_its_security_token(services: Services) -> None:
    """The key references the token's hash: a token deleted (by any future clean-up) takes its key along."""
    ada = services.accounts.create("Ada Lovelace", None).account.id
    issued = services.accounts.issue_security_token(ada, timedelta(minutes=15))

    with services.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM security_tokens")

    assert services.accounts.secret_for(issued.access_key_id) is None


def key_settings(settings: Settings, key_file: Path) -> Settings:
    return settings.model_copy(update={"server_key_file": key_file, "server_key": None})


def test_the_first_start_creates_the_key_file_for_the_owner_only(
    settings: Settings, clock: ManualClock, tmp_path: Path
) -> None:
    key_file = tmp_path / "fresh" / "var" / "server.key"
    previous = os.umask(0)  # a careless umask takes nothing away: 0600 must be asked for
    try:
        first = bootstrap(key_settings(settings, key_file), clock)
    finally:
        os.umask(previous)
    try:
        ada = first.accounts.create("Ada Lovelace", None).account.id
        created = first.accounts.create_access_key(ada)
    finally:
        first.close()

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(decode_server_key(key_file.read_text(), "the key file")) == KEY_BYTES
    restarted = bootstrap(key_settings(settings, key_file), clock)  # the next start reads the same key
    try:
        found = restarted.accounts.secret_for(created.access_key_id)
    finally:
        restarted.close()
    assert found is not None and found.secret_access_key == created.secret_access_key
    assert [p.name for p in key_file.parent.iterdir()] == ["server.key"]  # nothing left aside


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660])
def test_a_key_file_others_can_read_is_refused(
    settings: Settings, clock: ManualClock, tmp_path: Path, mode: int
) -> None:
    key_file = tmp_path / "server.key"
    key_file.write_text(new_server_key())
    key_file.chmod(mode)

    with pytest.raises(
        ServerKeyError, match=rf"accessible by group or others \(mode 0{mode:o}\); run: chmod 600"
    ):
        bootstrap(key_settings(settings, key_file), clock)
    assert stat.S_IMODE(key_file.stat().st_mode) == mode  # left as it was


def test_a_key_file_without_a_key_is_refused(settings: Settings, clock: ManualClock, tmp_path: Path) -> None:
    key_file = tmp_path / "server.key"
    key_file.write_text("not a key\n")
    key_file.chmod(0o600)

    with pytest.raises(ServerKeyError, match="is not the base64 of 32 bytes"):
        bootstrap(key_settings(settings, key_file), clock)


def test_the_key_setting_wins_and_no_file_is_made(
    settings: Settings, clock: ManualClock, tmp_path: Path
) -> None:
    key_file = tmp_path / "server.key"
    configured = settings.model_copy(
        update={"server_key_file": key_file, "server_key": SecretStr(new_server_key())}
    )

    bootstrap(configured, clock).close()

    assert not key_file.exists()
