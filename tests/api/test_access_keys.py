"""Access keys and account aliases, through the generated client."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from connexion import AsyncApp
from org_invitations_client import AuthenticatedClient
from org_invitations_client.api.accounts import (
    create_access_key,
    create_security_token,
    delete_access_key,
    get_my_account,
    list_access_keys,
)
from org_invitations_client.models import (
    AccessKeyCreated,
    AccessKeyList,
    Account,
    Problem,
    SecurityToken,
    SecurityTokenCreate,
)
from org_invitations_client.types import Response
from starlette.testclient import TestClient

from org_invitations.bootstrap import Services
from tests.conftest import BASE_URL, Caller, ManualClock, in_process
from tests.signing import signed_by_botocore


@pytest.fixture
def ada(new_account: Callable[[str], Caller]) -> Caller:
    return new_account("Ada Lovelace")


def created_key(caller: Caller) -> AccessKeyCreated:
    created = create_access_key.sync(client=caller.client)
    assert isinstance(created, AccessKeyCreated), created
    return created


def listed(caller: Caller) -> list[str]:
    keys = list_access_keys.sync(client=caller.client)
    assert isinstance(keys, AccessKeyList)
    return [key.access_key_id for key in keys.items]


def problem_code(response: Response[Any]) -> tuple[int, str]:
    assert isinstance(response.parsed, Problem), response.content
    assert response.headers["X-Error-Code"] == response.parsed.code
    return response.status_code, response.parsed.code


@pytest.fixture
def as_security_token(app: AsyncApp) -> Callable[[str], AuthenticatedClient]:
    def bind(token: str) -> AuthenticatedClient:
        http = in_process(app, raise_server_exceptions=False)
        http.headers["X-Security-Token"] = token
        return AuthenticatedClient(
            base_url=BASE_URL, token=token, prefix="", auth_header_name="X-Security-Token"
        ).set_httpx_client(http)

    return bind


def test_creating_a_key_shows_its_secret_once_and_says_no_store(ada: Caller) -> None:
    response = create_access_key.sync_detailed(client=ada.client)

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    created = response.parsed
    assert isinstance(created, AccessKeyCreated)
    assert re.fullmatch(r"OIAK[0-9A-Z]{16}", created.access_key_id)
    assert re.fullmatch(r"[A-Za-z0-9]{40}", created.secret_access_key)


def test_the_list_names_the_keys_oldest_first_and_never_their_secrets(
    ada: Caller, clock: ManualClock
) -> None:
    first = created_key(ada)
    clock.advance(timedelta(seconds=1))
    second = created_key(ada)

    response = list_access_keys.sync_detailed(client=ada.client)

    assert response.status_code == 200
    assert isinstance(response.parsed, AccessKeyList)
    assert [(k.access_key_id, k.created_at) for k in response.parsed.items] == [
        (first.access_key_id, first.created_at),
        (second.access_key_id, second.created_at),
    ]
    assert all(item.to_dict().keys() == {"access_key_id", "created_at"} for item in response.parsed.items)
    me = get_my_account.sync_detailed(client=ada.client)
    for secret in (first.secret_access_key, second.secret_access_key):
        assert secret.encode() not in response.content
        assert secret.encode() not in me.content


def test_a_deleted_key_leaves_the_list_and_a_second_delete_is_404(ada: Caller) -> None:
    kept, doomed = created_key(ada), created_key(ada)

    response = delete_access_key.sync_detailed(doomed.access_key_id, client=ada.client)

    assert response.status_code == 204 and not response.content
    assert listed(ada) == [kept.access_key_id]
    again = delete_access_key.sync_detailed(doomed.access_key_id, client=ada.client)
    assert problem_code(again) == (404, "access_key_not_found")


def test_a_deleted_key_stops_signing_at_once_though_its_secret_was_remembered(
    ada: Caller, http: TestClient, services: Services, clock: ManualClock
) -> None:
    key = created_key(ada)

    def list_handshakes() -> tuple[int, str | None]:
        signed = signed_by_botocore(
            body=b"{}",
            url="http://testserver/",
            target="ListHandshakesForAccount",
            key=key.access_key_id,
            secret=key.secret_access_key,
            at=clock.now(),
        )
        answer = http.post("/", content=signed.body, headers=dict(signed.headers))
        return answer.status_code, answer.json().get("__type")

    assert list_handshakes() == (200, None)  # verified with the secret from the store
    assert services.accounts.remembered_secret(key.access_key_id) is not None
    assert list_handshakes() == (200, None)  # verified with the secret from memory
    assert delete_access_key.sync_detailed(key.access_key_id, client=ada.client).status_code == 204
    assert services.accounts.remembered_secret(key.access_key_id) is None
    assert list_handshakes() == (400, "UnrecognizedClientException")


def test_another_accounts_key_is_404_and_stays(ada: Caller, new_account: Callable[[str], Caller]) -> None:
    key = created_key(ada)
    eve = new_account("Eve Outsider")

    response = delete_access_key.sync_detailed(key.access_key_id, client=eve.client)

    assert problem_code(response) == (404, "access_key_not_found")
    assert listed(ada) == [key.access_key_id]
    assert listed(eve) == []


def test_an_unknown_key_is_404(ada: Caller) -> None:
    response = delete_access_key.sync_detailed("OIAK" + "Z" * 16, client=ada.client)
    assert problem_code(response) == (404, "access_key_not_found")


def test_a_third_key_is_refused_until_one_is_deleted(ada: Caller) -> None:
    first, _ = created_key(ada), created_key(ada)

    refused = create_access_key.sync_detailed(client=ada.client)

    assert problem_code(refused) == (409, "access_key_limit_exceeded")
    assert len(listed(ada)) == 2
    assert delete_access_key.sync_detailed(first.access_key_id, client=ada.client).status_code == 204
    created_key(ada)


def test_only_an_api_key_creates_an_access_key(
    ada: Caller, as_security_token: Callable[[str], AuthenticatedClient]
) -> None:
    token = create_security_token.sync(client=ada.client, body=SecurityTokenCreate(ttl_seconds=900))
    assert isinstance(token, SecurityToken)
    by_token = as_security_token(token.security_token)

    refused = create_access_key.sync_detailed(client=by_token)

    assert problem_code(refused) == (401, "unauthenticated")
    assert listed(ada) == []
    key = created_key(ada)  # the token may list and delete
    assert list_access_keys.sync_detailed(client=by_token).status_code == 200
    assert delete_access_key.sync_detailed(key.access_key_id, client=by_token).status_code == 204


def test_a_security_token_comes_with_a_temporary_key_pair_that_is_not_listed(ada: Caller) -> None:
    response = create_security_token.sync_detailed(
        client=ada.client, body=SecurityTokenCreate(ttl_seconds=900)
    )

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    issued = response.parsed
    assert isinstance(issued, SecurityToken)
    assert re.fullmatch(r"OIAS[0-9A-Z]{16}", issued.access_key_id)
    assert re.fullmatch(r"[A-Za-z0-9]{40}", issued.secret_access_key)
    assert listed(ada) == []
    deleted = delete_access_key.sync_detailed(issued.access_key_id, client=ada.client)
    assert problem_code(deleted) == (404, "access_key_not_found")


def test_the_alias_is_12_digits_and_never_changes(ada: Caller, new_account: Callable[[str], Caller]) -> None:
    first = get_my_account.sync(client=ada.client)
    created_key(ada)
    create_security_token.sync(client=ada.client)
    second = get_my_account.sync(client=ada.client)

    assert isinstance(first, Account) and isinstance(second, Account)
    assert re.fullmatch(r"[0-9]{12}", first.alias)
    assert second.alias == first.alias
    other = get_my_account.sync(client=new_account("Grace Hopper").client)
    assert isinstance(other, Account) and other.alias != first.alias


def test_no_secret_reaches_a_log_line(ada: Caller, caplog: pytest.LogCaptureFixture) -> None:
    """Access-key secrets have no prefix the log redaction could recognize: nothing may log them."""
    with caplog.at_level(logging.DEBUG):
        key = created_key(ada)
        issued = create_security_token.sync(client=ada.client)
        assert isinstance(issued, SecurityToken)
        listed(ada)
        delete_access_key.sync_detailed(key.access_key_id, client=ada.client)

    assert caplog.records  # the app did log, at every level
    for secret in (key.secret_access_key, issued.secret_access_key):
        assert secret not in caplog.text
