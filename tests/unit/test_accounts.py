"""Accounts and the credentials that authenticate them, over the in-memory unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from org_invitations.domain.errors import AccountNotFound, SignupDisabled
from tests.fakes import ManualClock
from tests.unit.conftest import Core, build_core


def test_signing_up_gives_an_account_and_an_api_key_that_authenticates_it(core: Core) -> None:
    created = core.accounts.create("Ada Lovelace", "Ada@Example.com")

    assert core.accounts.get(created.account.id) == created.account
    assert core.accounts.authenticate_api_key(created.api_key) == created.account.id


def test_the_email_address_is_kept_in_its_canonical_form(core: Core) -> None:
    created = core.accounts.create("Ada Lovelace", "ADA@\N{FULLWIDTH LATIN CAPITAL LETTER E}xample.com")

    assert core.accounts.get(created.account.id).email == "ada@example.com"


def test_sign_up_is_refused_when_switched_off(clock: ManualClock) -> None:
    core = build_core(clock, allow_signup=False)

    with pytest.raises(SignupDisabled):
        core.accounts.create("Ada Lovelace", None)


def test_an_unknown_api_key_authenticates_nobody(core: Core) -> None:
    core.accounts.create("Ada Lovelace", None)

    assert core.accounts.authenticate_api_key("oik_guess") is None


def test_an_unknown_account_is_not_found(core: Core) -> None:
    with pytest.raises(AccountNotFound):
        core.accounts.get("0" * 32)


def test_a_security_token_authenticates_until_it_expires(core: Core, clock: ManualClock) -> None:
    account = core.accounts.create("Ada Lovelace", None).account
    issued = core.accounts.issue_security_token(account.id, timedelta(minutes=15))

    assert issued.expires_at == clock.now() + timedelta(minutes=15)
    clock.advance(timedelta(minutes=15) - timedelta(seconds=1))
    assert core.accounts.authenticate_security_token(issued.security_token) == account.id
    clock.advance(timedelta(seconds=1))
    assert core.accounts.authenticate_security_token(issued.security_token) is None


def test_a_security_token_is_not_an_api_key(core: Core) -> None:
    account = core.accounts.create("Ada Lovelace", None).account
    issued = core.accounts.issue_security_token(account.id, timedelta(minutes=15))

    assert core.accounts.authenticate_api_key(issued.security_token) is None
    assert core.accounts.authenticate_security_token("ost_guess") is None
