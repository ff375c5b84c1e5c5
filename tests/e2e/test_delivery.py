"""Invitation emails reach a real SMTP server (aiosmtpd on loopback), each exactly once, even
when the server was down while they were made, with several workers, or with a worker killed
mid-batch; and the `.eml` default can be opened, its link followed and the invitation accepted."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from org_invitations.domain.outbox import Delivery
from org_invitations.storage.engine import make_engine
from org_invitations.storage.tables import OutboxRow
from tests.databases import fresh_database, throttle_storage
from tests.e2e import accounts
from tests.e2e.conftest import ROOT, Server, environment, free_port, running_server

pytestmark = pytest.mark.e2e

INVITATIONS = 20
QUICK_RETRIES = {
    "email_transport": "smtp",
    "smtp_host": "127.0.0.1",
    "delivery_interval_seconds": "0.2",
    "delivery_retry_seconds": "0.2",
    "delivery_retry_cap_seconds": "1",
    "delivery_max_attempts": "100",
}


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every message it accepts (after `delay` seconds)."""

    delay: float = 0.0
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def recipients(self) -> Counter[str]:
        return Counter(str(message["To"]) for message in self.messages)


@contextmanager
def smtp_server(port: int, inbox: Inbox) -> Iterator[Inbox]:
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@contextmanager
def workers(server: Server, count: int, **settings: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`org-invitations deliver` processes of their own, on the server's database."""
    env = environment(server.database_url, **settings)
    processes = [
        subprocess.Popen([sys.executable, "-m", "org_invitations.cli", "deliver"], env=env, cwd=ROOT)
        for _ in range(count)
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def invite_many(server: Server, count: int, prefix: str) -> list[str]:
    """`count` invitations by email, made through the native API; their addresses."""
    owner = accounts.sign_up(server, f"{prefix}-owner")
    auth = {"Authorization": f"Bearer {owner.api_key}"}
    organization = httpx.post(
        f"{server.base_url}/v1/organizations", json={"name": prefix}, headers=auth
    ).json()["id"]
    addresses = [f"{prefix}-{n}@example.com" for n in range(count)]
    for address in addresses:
        made = httpx.post(
            f"{server.base_url}/v1/organizations/{organization}/invitations",
            json={"target": {"type": "email", "entity": address}, "roles": ["member"]},
            headers=auth,
        )
        assert made.status_code == 201, made.text
    return addresses


def outbox(server: Server) -> list[OutboxRow]:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(OutboxRow)).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()


def eventually(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.1)


def delivered_once(inbox: Inbox, addresses: list[str]) -> None:
    eventually(lambda: set(inbox.recipients()) >= set(addresses))
    time.sleep(1)  # long enough for a duplicate to show
    assert inbox.recipients() == Counter(addresses)
    assert len({message["Message-ID"] for message in inbox.messages}) == len(addresses)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path / "var") as url:
        yield url


def test_emails_made_while_the_mail_server_is_down_are_each_delivered_once_when_it_is_back(
    database_url: str,
) -> None:
    port = free_port()
    with running_server(database_url, smtp_port=str(port), **QUICK_RETRIES, **throttle_storage()) as server:
        addresses = invite_many(server, INVITATIONS, "down")
        eventually(lambda: all(row.attempts >= 1 for row in outbox(server) if row.recipient in addresses))
        assert {row.status for row in outbox(server)} == {Delivery.PENDING}  # failed, to be retried

        with smtp_server(port, Inbox()) as inbox:
            delivered_once(inbox, addresses)
        assert {row.status for row in outbox(server)} == {Delivery.SENT}


def test_two_worker_processes_share_the_outbox_and_send_each_email_once(database_url: str) -> None:
    port = free_port()
    apart = {"smtp_port": str(port), "deliver_in_server": "false", **QUICK_RETRIES}
    with (
        running_server(database_url, **apart, **throttle_storage()) as server,
        workers(server, 2, **apart),
    ):
        addresses = invite_many(server, INVITATIONS, "pair")
        eventually(lambda: all(row.attempts >= 1 for row in outbox(server)))
        with smtp_server(port, Inbox()) as inbox:
            delivered_once(inbox, addresses)


def test_a_worker_killed_mid_batch_loses_nothing(database_url: str) -> None:
    port = free_port()
    apart = {
        "smtp_port": str(port),
        "deliver_in_server": "false",
        "delivery_lease_seconds": "2",
        **QUICK_RETRIES,
    }
    slow = Inbox(delay=0.3)
    with (
        running_server(database_url, **apart, **throttle_storage()) as server,
        smtp_server(port, slow) as inbox,
    ):
        addresses = invite_many(server, INVITATIONS, "killed")
        with workers(server, 1, **apart) as [first]:
            eventually(lambda: len(inbox.messages) >= 3)
            os.kill(first.pid, signal.SIGKILL)
        with workers(server, 1, **apart):
            eventually(lambda: set(inbox.recipients()) >= set(addresses))
            time.sleep(1)

    received = inbox.recipients()
    assert set(received) == set(addresses)
    twice = [address for address, count in received.items() if count > 1]
    assert len(twice) <= 1, twice  # only the one in flight when the worker died
    for address in twice:  # the same message again, recognizably so
        assert len({m["Message-ID"] for m in inbox.messages if m["To"] == address}) == 1


def test_the_eml_default_can_be_opened_its_link_followed_and_accepted(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "outbox"
    settings = {"email_directory": str(folder), "delivery_interval_seconds": "0.2"}
    with running_server(database_url, **settings, **throttle_storage()) as server:
        [address] = invite_many(server, 1, "eml")
        eventually(lambda: any(folder.glob("*.eml")))
        [file] = folder.glob("*.eml")
        message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        assert (message["To"], message["Subject"]) == (address, "eml-owner invites you to join eml")
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None and html is not None
        link = re.search(r"http://\S+", text.get_content())
        assert link is not None and link[0] in html.get_content()

        with httpx.Client() as browser:  # keeps the page's cookie, as a browser does
            shown = browser.get(link[0])
            assert shown.status_code == 200 and "Join eml" in shown.text
            token = re.search(r'name="csrf_token" value="([^"]+)"', shown.text)
            assert token is not None
            answered = browser.post(
                link[0], data={"csrf_token": token[1], "action": "accept", "name": "Eml Reader"}
            )
            assert answered.status_code == 200 and "You joined eml." in answered.text
        invitation_token = link[0].rsplit("/", 1)[1]
        state = httpx.get(f"{server.base_url}/v1/organizations/invitations/{invitation_token}").json()[
            "status"
        ]
        assert state == "accepted"
