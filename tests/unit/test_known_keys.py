"""Credentials remembered by the process: only those that worked, for a while, a bounded number."""

from __future__ import annotations

from datetime import timedelta

from org_invitations.services.accounts import AccountService
from org_invitations.services.known_keys import KnownKeys
from tests.fakes import ManualClock
from tests.unit.conftest import Core

LIFETIME = timedelta(seconds=60)


def remembering(core: Core, *, capacity: int = 100, lifetime: timedelta = LIFETIME) -> AccountService:
    return AccountService(
        core.storage,
        core.clock,
        core.box,
        allow_signup=True,
        known_keys=KnownKeys(lifetime=lifetime, capacity=capacity),
        known_secrets=KnownKeys(lifetime=lifetime, capacity=capacity),
    )


def test_a_key_that_worked_is_answered_from_memory(core: Core) -> None:
    accounts = remembering(core)
    created = accounts.create("Ada", None)
    assert accounts.remembered_api_key(created.api_key) is None  # not proved yet
    assert accounts.authenticate_api_key(created.api_key) == created.account.id
    assert accounts.remembered_api_key(created.api_key) == created.account.id


def test_an_unknown_key_is_never_remembered(core: Core) -> None:
    accounts = remembering(core)
    assert accounts.authenticate_api_key("oik_not-a-key") is None
    assert accounts.remembered_api_key("oik_not-a-key") is None


def test_a_remembered_key_is_forgotten_after_its_lifetime(core: Core, clock: ManualClock) -> None:
    accounts = remembering(core)
    created = accounts.create("Ada", None)
    accounts.authenticate_api_key(created.api_key)
    clock.advance(LIFETIME - timedelta(seconds=1))
    assert accounts.remembered_api_key(created.api_key) == created.account.id
    clock.advance(timedelta(seconds=1))
    assert accounts.remembered_api_key(created.api_key) is None


def test_the_least_recently_used_key_goes_first_when_memory_is_full(core: Core) -> None:
    accounts = remembering(core, capacity=2)
    first, second, third = (accounts.create(name, None) for name in ("Ada", "Bob", "Cy"))
    accounts.authenticate_api_key(first.api_key)
    accounts.authenticate_api_key(second.api_key)
    accounts.remembered_api_key(first.api_key)  # first is now the most recently used
    accounts.authenticate_api_key(third.api_key)
    assert accounts.remembered_api_key(second.api_key) is None
    assert accounts.remembered_api_key(first.api_key) == first.account.id
    assert accounts.remembered_api_key(third.api_key) == third.account.id


def test_a_lifetime_of_zero_remembers_nothing(core: Core) -> None:
    accounts = remembering(core, lifetime=timedelta(0))
    created = accounts.create("Ada", None)
    assert accounts.authenticate_api_key(created.api_key) == created.account.id
    assert accounts.remembered_api_key(created.api_key) is None


def verified(accounts: AccountService, access_key_id: str) -> None:
    """What the signature schemes do once a signature with the key verified."""
    key = accounts.secret_for(access_key_id)
    assert key is not None
    accounts.signature_verified(access_key_id, key)


def test_a_permanent_key_that_verified_is_remembered_until_deleted_or_its_lifetime_ends(
    core: Core, clock: ManualClock
) -> None:
    accounts = remembering(core)
    ada = accounts.create("Ada", None).account.id
    kept, doomed = accounts.create_access_key(ada), accounts.create_access_key(ada)
    assert accounts.remembered_secret(kept.access_key_id) is None  # nothing verified yet
    verified(accounts, kept.access_key_id)
    verified(accounts, doomed.access_key_id)
    assert accounts.remembered_secret(kept.access_key_id) == accounts.secret_for(kept.access_key_id)

    accounts.delete_access_key(ada, doomed.access_key_id)
    assert accounts.remembered_secret(doomed.access_key_id) is None  # forgotten with the deletion
    clock.advance(LIFETIME)
    assert accounts.remembered_secret(kept.access_key_id) is None


def test_a_temporary_key_is_never_remembered(core: Core) -> None:
    accounts = remembering(core)
    issued = accounts.issue_security_token(accounts.create("Ada", None).account.id, timedelta(hours=1))
    verified(accounts, issued.access_key_id)
    assert accounts.remembered_secret(issued.access_key_id) is None
