"""Accounts, API keys and security tokens, through the generated client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from connexion import AsyncApp
from org_invitations_client import AuthenticatedClient, Client
from org_invitations_client.api.accounts import create_account, create_security_token, get_my_account
from org_invitations_client.models import Account, AccountCreate, Problem, SecurityToken, SecurityTokenCreate
from sqlalchemy import Engine, text

from org_invitations.credentials import hash_secret
from tests.conftest import BASE_URL, Caller, ManualClock, in_process
from tests.databases import dump


def test_create_account_shows_the_api_key_once_and_stores_only_its_hash(
    anonymous: Client, engine: Engine
) -> None:
    response = create_account.sync_detailed(
        client=anonymous, body=AccountCreate(name="Ada Lovelace", email="ada@example.com")
    )
    assert response.status_code == 201
    created = response.parsed
    assert created is not None and not isinstance(created, Problem)
    assert created.account.name == "Ada Lovelace"
    assert created.account.email == "ada@example.com"
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT key_hash FROM api_keys")).scalars().all()
    assert stored == [hash_secret(created.api_key)]
    assert created.api_key not in dump(engine)


def test_the_api_key_authenticates_as_its_account(new_account: Callable[[str], Caller]) -> None:
    ada = new_account("Ada")
    me = get_my_account.sync(client=ada.client)
    assert isinstance(me, Account)
    assert (me.id, me.name) == (ada.id, "Ada")


def test_a_security_token_authenticates_in_the_x_security_token_header(
    new_account: Callable[[str], Caller], app: AsyncApp, clock: ManualClock
) -> None:
    ada = new_account("Ada")
    issued = create_security_token.sync(client=ada.client, body=SecurityTokenCreate(ttl_seconds=900))
    assert isinstance(issued, SecurityToken)
    assert issued.account_id == ada.id
    assert issued.expires_at == clock.now() + timedelta(seconds=900)

    with in_process(app) as http:
        client = AuthenticatedClient(
            base_url=BASE_URL, token=issued.security_token, prefix="", auth_header_name="X-Security-Token"
        ).set_httpx_client(http)
        http.headers["X-Security-Token"] = issued.security_token
        me = get_my_account.sync(client=client)
        assert isinstance(me, Account) and me.id == ada.id

        clock.advance(timedelta(seconds=900))
        expired = get_my_account.sync_detailed(client=client)
    assert expired.status_code == 401
    assert expired.headers["X-Error-Code"] == "invalid_credentials"


def test_a_security_token_lives_between_15_minutes_and_12_hours(new_account: Callable[[str], Caller]) -> None:
    ada = new_account("Ada")
    for ttl in (899, 43201):
        response = create_security_token.sync_detailed(
            client=ada.client, body=SecurityTokenCreate(ttl_seconds=ttl)
        )
        assert response.status_code == 400
        assert isinstance(response.parsed, Problem)
        assert response.parsed.code == "validation_failed"
        assert [e.field for e in response.parsed.errors or []] == ["body.ttl_seconds"]


def test_a_security_token_defaults_to_one_hour(
    new_account: Callable[[str], Caller], clock: ManualClock
) -> None:
    ada = new_account("Ada")
    issued = create_security_token.sync(client=ada.client)
    assert isinstance(issued, SecurityToken)
    assert issued.expires_at == clock.now() + timedelta(hours=1)


def test_sign_up_can_be_switched_off(app_factory: Callable[..., AsyncApp]) -> None:
    with in_process(app_factory(allow_signup=False)) as http:
        client = Client(base_url=BASE_URL).set_httpx_client(http)
        response = create_account.sync_detailed(client=client, body=AccountCreate(name="Eve"))
    assert response.status_code == 403
    assert isinstance(response.parsed, Problem) and response.parsed.code == "signup_disabled"


def test_an_unknown_api_key_is_refused(as_key: Callable[[str], AuthenticatedClient]) -> None:
    response = get_my_account.sync_detailed(client=as_key("oik_" + "x" * 43))
    assert response.status_code == 401
    assert isinstance(response.parsed, Problem) and response.parsed.code == "invalid_credentials"
