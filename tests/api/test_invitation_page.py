"""The invitation page, in-process: what a person sees at an invitation's link, and its form
(accept as a new or an existing account, decline), protected against cross-site forgery."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

import pytest
from starlette.testclient import TestClient

from tests.conftest import Caller, ManualClock

FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def owner(new_account: Callable[[str], Caller]) -> Caller:
    return new_account("Ada <Lovelace>")


def invite(http: TestClient, owner: Caller, target: dict[str, str], **extra: object) -> dict[str, str]:
    """An organization of the owner's and an invitation from it: {org, id, token, link}."""
    auth = {"Authorization": f"Bearer {owner.api_key}"}
    org = http.post("/v1/organizations", json={"name": "Engines & Co"}, headers=auth).json()["id"]
    made = http.post(
        f"/v1/organizations/{org}/invitations",
        json={"target": target, "roles": ["admin"], **extra},
        headers=auth,
    ).json()
    return {
        "org": org,
        "id": made["invitation"]["id"],
        "token": made["invitation_token"],
        "link": made["invitation_link"],
    }


def page_path(invitation: dict[str, str]) -> str:
    return "/invitations/" + invitation["token"]


class Page(Protocol):
    @property
    def text(self) -> str: ...


def form_token(shown: Page) -> str:
    found = FORM_TOKEN.search(shown.text)
    assert found is not None, shown.text
    return found[1]


def by_email(http: TestClient, owner: Caller, **extra: object) -> dict[str, str]:
    return invite(http, owner, {"type": "email", "entity": "grace@example.com"}, **extra)


def test_the_link_opens_a_page_that_says_who_invites_whom_to_what(http: TestClient, owner: Caller) -> None:
    invitation = by_email(http, owner, notes="<script>alert(1)</script> Welcome!")
    assert invitation["link"].endswith(page_path(invitation))

    shown = http.get(page_path(invitation))

    assert shown.status_code == 200 and shown.headers["content-type"] == "text/html; charset=utf-8"
    assert shown.headers["cache-control"] == "no-store"
    for said in (
        "Engines &amp; Co",
        "Ada &lt;Lovelace&gt;",
        "grace@example.com",
        "an administrator",
        "Waiting for an answer",
    ):
        assert said in shown.text
    assert (
        "<script>alert(1)</script>" not in shown.text
        and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text
    )
    cookie = shown.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/invitations" in cookie
    assert (
        '<label for="api_key">' in shown.text and '<label for="name">' in shown.text
    )  # every field labelled


def test_a_new_person_creates_an_account_and_accepts_in_one_step(http: TestClient, owner: Caller) -> None:
    invitation = by_email(http, owner)
    token = form_token(http.get(page_path(invitation)))

    answered = http.post(
        page_path(invitation),
        data={"csrf_token": token, "action": "accept", "name": "Grace Hopper", "email": "grace@example.com"},
    )

    assert answered.status_code == 200, answered.text
    assert "You joined Engines &amp; Co." in answered.text and "shown this once" in answered.text
    api_key = re.search(r'id="api-key">(oik_[^<]+)<', answered.text)
    assert api_key is not None
    auth = {"Authorization": f"Bearer {api_key[1]}"}
    assert http.get(f"/v1/organizations/{invitation['org']}", headers=auth).status_code == 200  # a member now
    assert http.get(f"/v1/organizations/invitations/{invitation['token']}").json()["status"] == "accepted"
    assert "Accept the invitation" not in answered.text  # nothing more to answer


def test_an_existing_account_signs_in_with_its_api_key(
    http: TestClient, owner: Caller, new_account: Callable[[str], Caller]
) -> None:
    invitation = by_email(http, owner)
    grace = new_account("Grace")
    token = form_token(http.get(page_path(invitation)))

    wrong = http.post(
        page_path(invitation), data={"csrf_token": token, "action": "accept", "api_key": "oik_nope"}
    )
    assert wrong.status_code == 400 and "This API key does not work" in wrong.text
    right = http.post(
        page_path(invitation), data={"csrf_token": token, "action": "accept", "api_key": grace.api_key}
    )
    assert right.status_code == 200 and "You joined" in right.text and "api-key" not in right.text


def test_declining_needs_no_account_for_an_invitation_by_email(http: TestClient, owner: Caller) -> None:
    invitation = by_email(http, owner)
    token = form_token(http.get(page_path(invitation)))

    declined = http.post(page_path(invitation), data={"csrf_token": token, "action": "decline"})

    assert declined.status_code == 200 and "You declined the invitation." in declined.text
    assert http.get(f"/v1/organizations/invitations/{invitation['token']}").json()["status"] == "declined"


def test_an_invitation_to_an_account_is_answered_only_by_that_account(
    http: TestClient, owner: Caller, new_account: Callable[[str], Caller]
) -> None:
    grace, eve = new_account("Grace"), new_account("Eve")
    invitation = invite(http, owner, {"type": "account", "entity": grace.id})
    token = form_token(http.get(page_path(invitation)))

    for form in ({"action": "decline"}, {"action": "accept", "api_key": eve.api_key}):
        refused = http.post(page_path(invitation), data={"csrf_token": token, **form})
        assert refused.status_code == 403 and "addressed to another account" in refused.text
    accepted = http.post(
        page_path(invitation), data={"csrf_token": token, "action": "accept", "api_key": grace.api_key}
    )
    assert accepted.status_code == 200


@pytest.mark.parametrize(
    "forged",
    [
        {},  # no form token at all
        {"csrf_token": "forged"},
    ],
)
def test_a_form_not_from_the_page_is_refused(http: TestClient, owner: Caller, forged: dict[str, str]) -> None:
    invitation = by_email(http, owner)
    http.get(page_path(invitation))
    refused = http.post(page_path(invitation), data={"action": "decline", "csrf_token": "", **forged})
    assert refused.status_code == 403 and "reload the page" in refused.text
    assert http.get(f"/v1/organizations/invitations/{invitation['token']}").json()["status"] == "pending"


def test_a_form_without_the_pages_cookie_is_refused(http: TestClient, owner: Caller) -> None:
    invitation = by_email(http, owner)
    token = form_token(http.get(page_path(invitation)))
    http.cookies.clear()  # another site's form: the browser sends no SameSite=Strict cookie
    refused = http.post(page_path(invitation), data={"csrf_token": token, "action": "decline"})
    assert refused.status_code == 403


def test_the_page_says_when_an_invitation_has_expired_or_was_cancelled(
    http: TestClient, owner: Caller, clock: ManualClock
) -> None:
    expiring = by_email(http, owner, expires_in=3600)
    token = form_token(http.get(page_path(expiring)))
    clock.advance(timedelta(hours=2))
    shown = http.get(page_path(expiring))
    assert shown.status_code == 200 and "Expired" in shown.text and "has expired" in shown.text
    assert "Accept the invitation" not in shown.text
    late = http.post(page_path(expiring), data={"csrf_token": token, "action": "accept", "name": "Late"})
    assert late.status_code == 410

    auth = {"Authorization": f"Bearer {owner.api_key}"}
    cancelled = invite(http, owner, {"type": "email", "entity": "lin@example.com"})
    token = form_token(http.get(page_path(cancelled)))
    http.post(f"/v1/organizations/handshakes/{cancelled['id']}/cancel", headers=auth)
    assert "was cancelled by the organization" in http.get(page_path(cancelled)).text
    assert http.post(page_path(cancelled), data={"csrf_token": token, "action": "decline"}).status_code == 409


def test_an_unknown_link_is_a_page_that_says_so(http: TestClient) -> None:
    shown = http.get("/invitations/oit_" + "x" * 43)
    assert shown.status_code == 404 and "Invitation not found" in shown.text
    assert shown.headers["content-type"] == "text/html; charset=utf-8"
