"""Webhooks against a real receiver on loopback that verifies every signature with the Standard
Webhooks library: down while the events happen, then up; every event arrives, in order per
invitation, none with a token."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.databases import fresh_database, throttle_storage
from tests.e2e import accounts
from tests.e2e.conftest import Server, free_port, running_server
from tests.e2e.test_delivery import eventually

pytestmark = pytest.mark.e2e

QUICK = {
    "webhook_allow_private_addresses": "true",
    "delivery_interval_seconds": "0.2",
    "delivery_retry_seconds": "0.2",
    "delivery_retry_cap_seconds": "1",
    "delivery_max_attempts": "100",
}


@dataclass
class Received:
    secret: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    forged: int = 0


@contextmanager
def receiver(port: int, received: Received) -> Iterator[None]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            try:
                event = Webhook(received.secret).verify(body, dict(self.headers.items()))
            except Exception:
                received.forged += 1
                self.send_response(400)
            else:
                received.events.append(event)
                received.ids.append(self.headers["webhook-id"])
                received.bodies.append(body)
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def native(server: Server, api_key: str, method: str, path: str, **body: Any) -> dict[str, Any]:
    response = httpx.request(
        method,
        f"{server.base_url}/v1{path}",
        headers={"Authorization": f"Bearer {api_key}"},
        json=body or None,
    )
    assert response.is_success, response.text
    return response.json() if response.content else {}


def test_every_event_reaches_a_receiver_that_was_down_in_order_signed_and_without_a_token(
    tmp_path: Path,
) -> None:
    port = free_port()
    received = Received()
    with (
        fresh_database(tmp_path / "var") as url,
        running_server(url, **QUICK, **throttle_storage()) as server,
    ):
        owner, invitee = accounts.sign_up(server, "wh-owner"), accounts.sign_up(server, "wh-invitee")
        org = native(server, owner.api_key, "POST", "/organizations", name="Hooked")["id"]
        hook = native(
            server,
            owner.api_key,
            "POST",
            f"/organizations/{org}/webhooks",
            url=f"http://127.0.0.1:{port}/hook",
        )
        received.secret = hook["signing_secret"]

        def invite(email: str) -> dict[str, Any]:
            return native(
                server,
                owner.api_key,
                "POST",
                f"/organizations/{org}/invitations",
                target={"type": "email", "entity": email},
                roles=["member"],
            )

        accepted, cancelled = invite("a@example.com"), invite("c@example.com")
        resent = native(
            server,
            owner.api_key,
            "POST",
            f"/organizations/{org}/invitations/{accepted['invitation']['id']}/resend",
        )
        native(
            server, invitee.api_key, "POST", f"/organizations/invitations/{resent['invitation_token']}/accept"
        )
        native(
            server, owner.api_key, "POST", f"/organizations/handshakes/{cancelled['invitation']['id']}/cancel"
        )

        deliveries = f"/organizations/{org}/webhooks/{hook['webhook']['id']}/deliveries"

        def attempts() -> dict[str, int]:
            listed = native(server, owner.api_key, "GET", deliveries)["items"]
            return {f"{d['invitation_id']} {d['event_type']}": d["attempts"] for d in listed}

        # Each invitation's first event is tried (and fails); the later ones wait their turn.
        first = {f"{made['invitation']['id']} invitation.created" for made in (accepted, cancelled)}
        eventually(lambda: all(attempts()[key] >= 2 for key in first))
        assert {key: count for key, count in attempts().items() if key not in first} == dict.fromkeys(
            set(attempts()) - first, 0
        )
        with receiver(port, received):
            eventually(lambda: len(received.events) >= 5)
            eventually(
                lambda: (
                    {d["status"] for d in native(server, owner.api_key, "GET", deliveries)["items"]}
                    == {"sent"}
                )
            )
        shown = native(server, owner.api_key, "GET", deliveries)["items"]
        assert {d["last_status_code"] for d in shown} == {204}

    assert received.forged == 0 and len(received.ids) == len(set(received.ids)) == 5
    by_invitation: dict[str, list[str]] = {}
    for event in received.events:
        by_invitation.setdefault(event["data"]["invitation_id"], []).append(event["type"])
    assert by_invitation == {
        accepted["invitation"]["id"]: ["invitation.created", "invitation.resent", "invitation.accepted"],
        cancelled["invitation"]["id"]: ["invitation.created", "invitation.cancelled"],
    }
    tokens = [accepted["invitation_token"], resent["invitation_token"], cancelled["invitation_token"]]
    assert not any(token.encode() in body for token in tokens for body in received.bodies)
    assert json.loads(received.bodies[-1])["data"]["organization_id"] == org
