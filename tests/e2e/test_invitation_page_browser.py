"""The invitation page in a real browser (the distribution's headless Chromium, driven by
Playwright): the link from the `.eml` opens it, a new person creates an account and accepts
with the keyboard, and the API then shows the invitation accepted and the membership; an
expired invitation's page says so."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.databases import fresh_database, throttle_storage
from tests.e2e import accounts
from tests.e2e.conftest import Server, running_server
from tests.e2e.test_delivery import eventually

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = os.environ.get("ORG_INVITATIONS_PAGE_SCREENSHOT")  # where to keep a screenshot (the README's)

if CHROMIUM is None and not os.environ.get("ORG_INVITATIONS_BROWSER_REQUIRED"):
    pytest.skip("no chromium on this machine (.ci/run installs Debian's)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None, "chromium is required here (ORG_INVITATIONS_BROWSER_REQUIRED is set)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    folder = tmp_path_factory.mktemp("page")
    outbox = folder / "outbox"
    settings = {"email_directory": str(outbox), "delivery_interval_seconds": "0.2"}
    with (
        fresh_database(folder / "var") as url,
        running_server(url, **settings, **throttle_storage()) as server,
    ):
        yield server, outbox


def emailed_link(server: Server, outbox: Path, address: str, **invitation: object) -> tuple[str, str, str]:
    """An invitation to `address` from a new organization; (its link, from the .eml), its id and the org."""
    owner = accounts.sign_up(server, f"owner-{address.split('@')[0]}")
    auth = {"Authorization": f"Bearer {owner.api_key}"}
    org = httpx.post(
        f"{server.base_url}/v1/organizations", json={"name": "Analytical Engines"}, headers=auth
    ).json()["id"]
    made = httpx.post(
        f"{server.base_url}/v1/organizations/{org}/invitations",
        json={"target": {"type": "email", "entity": address}, "roles": ["member"], **invitation},
        headers=auth,
    ).json()

    def mail() -> list[email.message.EmailMessage]:
        read = [
            email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
            for f in outbox.glob("*.eml")
        ]
        return [m for m in read if isinstance(m, email.message.EmailMessage) and m["To"] == address]

    eventually(lambda: bool(mail()))
    body = mail()[0].get_body(preferencelist=("plain",))
    assert body is not None
    link = re.search(r"http://\S+", body.get_content())
    assert link is not None
    return link[0], made["invitation"]["id"], org


def test_a_person_opens_the_link_creates_an_account_and_accepts(
    browser: Browser, served: tuple[Server, Path]
) -> None:
    server, outbox = served
    link, invitation_id, org = emailed_link(
        server, outbox, "grace@example.com", notes="Come and compute with us.", given_name="Grace"
    )
    page: Page = browser.new_page()
    page.goto(link)

    assert page.get_by_role("heading", name="Join Analytical Engines").is_visible()
    assert page.get_by_text("Come and compute with us.").is_visible()
    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_label("Email (optional)").fill("grace@example.com")
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Accept the invitation").focus()
    page.keyboard.press("Enter")  # the form works from the keyboard

    page.get_by_text("You joined Analytical Engines.").wait_for()
    api_key = page.locator("#api-key").inner_text()
    member = httpx.get(
        f"{server.base_url}/v1/organizations/{org}", headers={"Authorization": f"Bearer {api_key}"}
    )
    assert member.status_code == 200  # the new account is a member
    token = link.rsplit("/", 1)[1]
    assert httpx.get(f"{server.base_url}/v1/organizations/invitations/{token}").json()["status"] == "accepted"
    assert invitation_id.startswith("h-")
    page.close()


def test_an_expired_invitations_page_says_so(browser: Browser, served: tuple[Server, Path]) -> None:
    server, outbox = served
    link, invitation_id, _ = emailed_link(server, outbox, "late@example.com", expires_in=3600)
    accounts.let_invitation_expire(server, invitation_id)  # as waiting for it would
    page = browser.new_page()
    page.goto(link)

    assert page.get_by_text("This invitation has expired.").is_visible()
    assert page.get_by_role("button", name="Accept the invitation").count() == 0
    page.close()
