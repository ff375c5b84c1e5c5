"""Defects found by attacking the service: odd input never gets a 500, secrets are never cacheable."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.test_errors import assert_problem, auth, fields
from tests.conftest import Caller
from tests.invitations import invite, make_org

NO_STORE = "no-store"


@pytest.fixture
def ada(new_account: Callable[[str], Caller]) -> Caller:
    return new_account("Ada")


def invite_email(http: TestClient, caller: Caller, org_id: str, entity: str) -> Any:
    body = {"target": {"type": "email", "entity": entity}, "roles": ["member"]}
    return http.post(f"/v1/organizations/{org_id}/invitations", json=body, headers=auth(caller))


# --- 1. a trailing newline passes Python's `$`, not ECMA's --------------------------------------------


def test_account_email_with_a_trailing_newline_is_400(http: TestClient) -> None:
    response = http.post("/v1/accounts", json={"name": "N", "email": "n@example.com\n"})
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.email"}


def test_invitation_email_with_a_trailing_newline_is_400(http: TestClient, ada: Caller) -> None:
    org = make_org(ada)
    response = invite_email(http, ada, org.id, "n@example.com\n")
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.target.entity"}


def test_account_target_with_a_trailing_newline_is_400(http: TestClient, ada: Caller) -> None:
    org = make_org(ada)
    body = {"target": {"type": "account", "entity": ada.id + "\n"}, "roles": ["member"]}
    response = http.post(f"/v1/organizations/{org.id}/invitations", json=body, headers=auth(ada))
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.target.entity"}


def test_a_path_id_with_a_trailing_newline_matches_no_route(http: TestClient, ada: Caller) -> None:
    org = make_org(ada)
    assert_problem(http.get(f"/v1/organizations/{org.id}%0A", headers=auth(ada)), 404, "not_found")


def test_names_refuse_control_characters(http: TestClient) -> None:
    response = http.post("/v1/accounts", json={"name": "Ada\r\nBcc: x@example.com"})
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.name"}


# --- 2. nesting deep enough to exhaust the parser's recursion -------------------------------------------


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_400(http: TestClient, opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    body = opening * 1000 + "1" + closing * 1000
    response = http.post("/v1/accounts", content=body, headers={"Content-Type": "application/json"})
    assert_problem(response, 400, "too_deeply_nested")


def test_moderate_nesting_is_judged_by_the_contract(http: TestClient) -> None:
    body = '{"name": "Ada", "email": ' + "[" * 20 + "]" * 20 + "}"
    response = http.post("/v1/accounts", content=body, headers={"Content-Type": "application/json"})
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.email"}


# --- 4. one person, one address ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "ADA@Example.COM",  # case
        "\uff41\uff44\uff41@example.com",  # full-width letters (NFKC)
    ],
)
def test_variants_of_one_address_are_one_live_invitation(http: TestClient, ada: Caller, variant: str) -> None:
    org = make_org(ada)
    first = invite_email(http, ada, org.id, "ada@example.com")
    assert first.status_code == 201, first.text
    body = assert_problem(invite_email(http, ada, org.id, variant), 409, "duplicate_invitation")
    assert body["existing_invitation_id"] == first.json()["invitation"]["id"]


def test_the_address_is_stored_normalized(http: TestClient, ada: Caller) -> None:
    org = make_org(ada)
    created = invite_email(http, ada, org.id, "\uff21da@Example.com")
    assert created.status_code == 201, created.text
    assert created.json()["invitation"]["target"]["entity"] == "ada@example.com"
    listed = http.get(
        f"/v1/organizations/{org.id}/invitations", params={"email": "ADA@example.com"}, headers=auth(ada)
    )
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["invitation"]["id"]]


@pytest.mark.parametrize(
    "address",
    [
        "ada@example.com\u00a0",  # trailing no-break space
        "\u200bada@example.com",  # leading zero-width space (a format character)
        "ada@exam\u00adple.com",  # soft hyphen (format)
        "ada@example.com.",  # trailing dot: an empty label
        "ada@.example.com",
        "ada@example..com",
        "ad\u0430@example.com",  # a Cyrillic a among Latin letters
        "ada@ex\u0430mple.com",  # a Cyrillic a in a Latin domain label
        "\u03b1da@example.com",  # a Greek alpha among Latin letters
        "ada\uff20example.com",  # a full-width @ turns into a second shape after NFKC
        "a\uff20b@example.com",  # ... and into a second @
    ],
)
def test_addresses_that_only_look_like_one_are_refused(http: TestClient, ada: Caller, address: str) -> None:
    org = make_org(ada)
    response = invite_email(http, ada, org.id, address)
    assert fields(assert_problem(response, 400, "validation_failed")) == {"body.target.entity"}


def test_a_whole_label_in_one_other_script_is_an_address(http: TestClient, ada: Caller) -> None:
    org = make_org(ada)
    response = invite_email(http, ada, org.id, "иван@пример.рф")
    assert response.status_code == 201, response.text


def test_account_emails_are_normalized_too(http: TestClient) -> None:
    response = http.post("/v1/accounts", json={"name": "Ada", "email": "\uff21\uff24\uff21@example.com"})
    assert response.status_code == 201, response.text
    assert response.json()["account"]["email"] == "ada@example.com"


# --- 5. responses that carry a secret are never stored by a cache ---------------------------------------


def test_every_response_with_a_secret_says_no_store(http: TestClient, ada: Caller) -> None:
    created = http.post("/v1/accounts", json={"name": "Grace"})
    assert created.headers["cache-control"] == NO_STORE
    token = http.post("/v1/security-tokens", json={}, headers=auth(ada))
    assert token.status_code == 201 and token.headers["cache-control"] == NO_STORE
    org = make_org(ada)
    invitation = invite_email(http, ada, org.id, "grace@example.com")
    assert invitation.status_code == 201 and invitation.headers["cache-control"] == NO_STORE
    invitation_id = invitation.json()["invitation"]["id"]
    resent = http.post(f"/v1/organizations/{org.id}/invitations/{invitation_id}/resend", headers=auth(ada))
    assert resent.status_code == 200 and resent.headers["cache-control"] == NO_STORE
    secret = resent.json()["invitation_token"]
    looked_up = http.get(f"/v1/organizations/invitations/{secret}")
    assert looked_up.status_code == 200 and looked_up.headers["cache-control"] == NO_STORE


# --- 6. every 401 names the schemes that would have worked ----------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer oik_wrong"},
        {"X-Security-Token": "ost_wrong"},
        {"Authorization": "Basic x"},
    ],
)
def test_every_401_challenges_with_both_schemes(http: TestClient, headers: dict[str, str]) -> None:
    response = http.get("/v1/accounts/me", headers=headers)
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert re.match(r'Bearer realm="org-invitations", SecurityToken realm="org-invitations"', challenge)


# --- 7. audit event ids reveal nothing about other organizations' traffic -------------------------------


def test_event_ids_are_opaque(http: TestClient, ada: Caller, new_account: Callable[[str], Caller]) -> None:
    grace = new_account("Grace")
    org = make_org(ada)
    created = invite(ada, org, grace.id)
    http.post(f"/v1/organizations/handshakes/{created.invitation.id}/accept", headers=auth(grace))
    events = http.get(
        f"/v1/organizations/{org.id}/invitations/{created.invitation.id}/events", headers=auth(ada)
    ).json()["items"]
    ids = [event["id"] for event in events]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert all(isinstance(id_, str) and re.fullmatch(r"e-[0-9a-z]{32}", id_) for id_ in ids)


def test_event_pages_follow_each_other_in_order(http: TestClient, ada: Caller) -> None:
    elsewhere = make_org(ada, "Elsewhere")
    assert invite_email(http, ada, elsewhere.id, "someone@example.com").status_code == 201
    org = make_org(ada)
    created = invite_email(http, ada, org.id, "grace@example.com").json()["invitation"]
    for _ in range(3):
        resent = http.post(
            f"/v1/organizations/{org.id}/invitations/{created['id']}/resend", headers=auth(ada)
        )
        assert resent.status_code == 200
    seen: list[str] = []
    marker: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 1} | ({"marker": marker} if marker else {})
        page = http.get(
            f"/v1/organizations/{org.id}/invitations/{created['id']}/events", params=params, headers=auth(ada)
        ).json()
        seen += [event["action"] for event in page["items"]]
        marker = page["page_info"].get("next_marker")
        if not marker:
            break
        assert marker.split(".")[1] == str(len(seen)), "markers count this invitation's events only"
    assert seen == ["created", "resent", "resent", "resent"]
