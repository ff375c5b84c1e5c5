"""Access keys and account aliases, over the in-memory unit of work."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from org_invitations.credentials import hash_secret
from org_invitations.domain.errors import AccessKeyLimitExceeded, AccessKeyNotFound
from org_invitations.domain.model import MAX_ACCESS_KEYS
from org_invitations.secret_box import KEY_BYTES, SecretBox
from org_invitations.services import accounts as accounts_module
from org_invitations.services.accounts import AccessKeySecret, AccountService
from tests.fakes import ManualClock
from tests.unit.conftest import Core

PERMANENT_ID = re.compile(r"OIAK[0-9A-Z]{16}")
TEMPORARY_ID = re.compile(r"OIAS[0-9A-Z]{16}")
SECRET = re.compile(r"[A-Za-z0-9]{40}")


@pytest.fixture
def ada(core: Core) -> str:
    return core.accounts.create("Ada Lovelace", None).account.id


def test_a_permanent_key_gives_its_secret_to_the_verifiers(core: Core, ada: str, clock: ManualClock) -> None:
    created = core.accounts.create_access_key(ada)

    assert PERMANENT_ID.fullmatch(created.access_key_id)
    assert SECRET.fullmatch(created.secret_access_key)
    assert created.created_at == clock.now()
    found = core.accounts.secret_for(created.access_key_id)
    assert found == AccessKeySecret(ada, created.secret_access_key, session_token_hash=None)
    assert not found.expired(clock.now() + timedelta(days=3650))


def test_the_secret_is_stored_sealed_and_never_shown_by_repr(core: Core, ada: str) -> None:
    created = core.accounts.create_access_key(ada)

    stored = core.storage.store.committed.access_keys[created.access_key_id]
    assert created.secret_access_key.encode() not in stored.sealed_secret
    assert core.box.open(stored.sealed_secret, created.access_key_id) == created.secret_access_key
    assert created.secret_access_key not in repr(created)
    assert created.secret_access_key not in repr(core.accounts.secret_for(created.access_key_id))


def test_the_list_has_the_permanent_keys_oldest_first(core: Core, ada: str, clock: ManualClock) -> None:
    first = core.accounts.create_access_key(ada)
    clock.advance(timedelta(seconds=1))
    second = core.accounts.create_access_key(ada)
    core.accounts.issue_security_token(ada, timedelta(minutes=15))  # its temporary key is not listed

    listed = core.accounts.access_keys(ada)
    assert [(k.access_key_id, k.created_at) for k in listed] == [
        (first.access_key_id, first.created_at),
        (second.access_key_id, second.created_at),
    ]


def test_an_account_holds_at_most_two_permanent_keys(core: Core, ada: str) -> None:
    kept = [core.accounts.create_access_key(ada) for _ in range(MAX_ACCESS_KEYS)]
    core.accounts.issue_security_token(ada, timedelta(minutes=15))  # temporary keys do not count

    with pytest.raises(AccessKeyLimitExceeded):
        core.accounts.create_access_key(ada)
    assert len(core.accounts.access_keys(ada)) == MAX_ACCESS_KEYS

    core.accounts.delete_access_key(ada, kept[0].access_key_id)
    core.accounts.create_access_key(ada)
    assert len(core.accounts.access_keys(ada)) == MAX_ACCESS_KEYS


def test_each_account_has_its_own_limit(core: Core, ada: str) -> None:
    grace = core.accounts.create("Grace Hopper", None).account.id
    for _ in range(MAX_ACCESS_KEYS):
        core.accounts.create_access_key(ada)

    core.accounts.create_access_key(grace)


def test_a_deleted_key_is_not_found(core: Core, ada: str, clock: ManualClock) -> None:
    created = core.accounts.create_access_key(ada)

    core.accounts.delete_access_key(ada, created.access_key_id)

    assert core.accounts.secret_for(created.access_key_id) is None
    assert core.accounts.access_keys(ada) == []
    with pytest.raises(AccessKeyNotFound):
        core.accounts.delete_access_key(ada, created.access_key_id)


def test_nobody_deletes_another_accounts_key(core: Core, ada: str, clock: ManualClock) -> None:
    created = core.accounts.create_access_key(ada)
    eve = core.accounts.create("Eve Outsider", None).account.id

    with pytest.raises(AccessKeyNotFound):
        core.accounts.delete_access_key(eve, created.access_key_id)
    assert core.accounts.secret_for(created.access_key_id) is not None


def test_an_unknown_key_has_no_secret(core: Core, clock: ManualClock) -> None:
    assert core.accounts.secret_for("OIAK" + "0" * 16) is None


def test_a_security_token_comes_with_a_temporary_key_bound_to_it(
    core: Core, ada: str, clock: ManualClock
) -> None:
    issued = core.accounts.issue_security_token(ada, timedelta(minutes=15))

    assert TEMPORARY_ID.fullmatch(issued.access_key_id)
    assert SECRET.fullmatch(issued.secret_access_key)
    assert issued.secret_access_key not in repr(issued)
    found = core.accounts.secret_for(issued.access_key_id)
    assert found == AccessKeySecret(
        ada, issued.secret_access_key, hash_secret(issued.security_token), issued.expires_at
    )


def test_a_temporary_key_expires_with_its_token(core: Core, ada: str, clock: ManualClock) -> None:
    issued = core.accounts.issue_security_token(ada, timedelta(minutes=15))
    last_second = issued.expires_at - timedelta(seconds=1)

    found = core.accounts.secret_for(issued.access_key_id)
    assert found is not None
    assert not found.expired(last_second)
    assert found.expired(issued.expires_at)  # still found, so the verifier can say "expired"
    clock.advance(timedelta(minutes=15))
    assert core.accounts.authenticate_security_token(issued.security_token) is None


def test_a_temporary_key_cannot_be_deleted_it_expires(core: Core, ada: str) -> None:
    issued = core.accounts.issue_security_token(ada, timedelta(minutes=15))

    with pytest.raises(AccessKeyNotFound):
        core.accounts.delete_access_key(ada, issued.access_key_id)


def test_a_secret_sealed_under_another_server_key_is_no_secret(
    core: Core, ada: str, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    created = core.accounts.create_access_key(ada)
    rekeyed = AccountService(core.storage, clock, SecretBox(os.urandom(KEY_BYTES)), allow_signup=True)

    with caplog.at_level(logging.ERROR):
        assert rekeyed.secret_for(created.access_key_id) is None
    assert created.access_key_id in caplog.text


def test_every_account_gets_a_12_digit_alias_that_finds_it(core: Core) -> None:
    created = [core.accounts.create(f"Member {n}", None).account for n in range(20)]

    assert all(re.fullmatch(r"[1-9][0-9]{11}", account.alias) for account in created)
    assert len({account.alias for account in created}) == len(created)
    for account in created:
        assert core.accounts.get(account.id).alias == account.alias
        assert core.accounts.by_alias(account.alias) == account
    assert core.accounts.by_alias("000000000000") is None


def test_a_taken_alias_is_drawn_again(core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = core.accounts.create("Ada Lovelace", None).account.alias
    draws: Iterator[str] = iter([taken, taken, "123456789012"])
    monkeypatch.setattr(accounts_module, "new_account_alias", lambda: next(draws))

    grace = core.accounts.create("Grace Hopper", None).account

    assert grace.alias == "123456789012"
    assert core.accounts.by_alias(taken) is not None and core.accounts.by_alias(taken) != grace


def test_no_account_is_made_when_no_alias_is_free(core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = core.accounts.create("Ada Lovelace", None).account.alias
    monkeypatch.setattr(accounts_module, "new_account_alias", lambda: taken)

    with pytest.raises(RuntimeError, match="alias"):
        core.accounts.create("Grace Hopper", None)
    assert len(core.storage.store.committed.accounts) == 1
