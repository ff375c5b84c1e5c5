"""The server's logs: every line one JSON object, every request's line with the request id the
client sent, a delivery traced to the request that owed it, and no secret anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import fresh_database, throttle_storage
from tests.e2e import accounts
from tests.e2e.conftest import Server, running_server
from tests.e2e.test_delivery import eventually

pytestmark = pytest.mark.e2e


class Client:
    """Calls that each send their own X-Request-ID, and see it come back (but from a dialect)."""

    def __init__(self, server: Server) -> None:
        self.server, self.sent = server, []

    sent: list[str]

    def __call__(self, method: str, path: str, key: str | None = None, **options: Any) -> httpx.Response:
        request_id = f"test-{len(self.sent)}"
        self.sent.append(request_id)
        headers = {"X-Request-ID": request_id, **options.pop("headers", {})}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        answer = httpx.request(method, self.server.base_url + path, headers=headers, **options)
        if not path.startswith("/api/"):
            assert answer.headers["x-request-id"] == request_id
        return answer


def test_every_line_is_json_with_its_request_id_and_no_secret(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    settings = {"delivery_interval_seconds": "0.2"}
    with (
        fresh_database(tmp_path / "var") as url,
        running_server(url, log_level="info", log_file=log, **settings, **throttle_storage()) as server,
    ):
        call = Client(server)
        owner, invitee = accounts.sign_up(server, "log-owner"), accounts.sign_up(server, "log-invitee")
        secrets = [owner.api_key, invitee.api_key, owner.secret_access_key, invitee.secret_access_key]
        token = call("POST", "/v1/security-tokens", owner.api_key, json={"ttl_seconds": 900}).json()
        secrets += [token["security_token"], token["secret_access_key"]]
        org = call("POST", "/v1/organizations", owner.api_key, json={"name": "Logged"}).json()["id"]
        made = call(
            "POST",
            f"/v1/organizations/{org}/invitations",
            owner.api_key,
            json={"target": {"type": "email", "entity": "log@example.com"}, "roles": ["member"]},
        ).json()
        inviting = call.sent[-1]
        resent = call(
            "POST", f"/v1/organizations/{org}/invitations/{made['invitation']['id']}/resend", owner.api_key
        )
        secrets += [made["invitation_token"], resent.json()["invitation_token"]]
        call("GET", f"/v1/organizations/invitations/{resent.json()['invitation_token']}")
        call("GET", f"/invitations/{resent.json()['invitation_token']}")
        call(
            "POST",
            f"/v1/organizations/invitations/{resent.json()['invitation_token']}/accept",
            invitee.api_key,
        )
        call("GET", f"/v1/organizations/{org}/invitations", owner.api_key)
        call(
            "GET",
            f"/api/v1/organizations/{org}/invitations",
            headers={"Authorization": f"ApiKey {owner.api_key}"},
        )
        call("GET", "/v1/organizations/o-" + "0" * 32, owner.api_key)  # a 404
        call("POST", "/v1/organizations", owner.api_key, json={"nick": "x"})  # a 400
        refused_id = httpx.get(f"{server.base_url}/healthz", headers={"X-Request-ID": "not an id!"})
        assert len(refused_id.headers["x-request-id"]) == 32  # one of the server's own
        eventually(lambda: any(line["event"] == "delivery" for line in _lines(log)))

    lines = _lines(log)
    requests = {line["request_id"]: line for line in lines if line["event"] == "request"}
    assert set(call.sent) <= set(requests)
    [refused] = [line for line in requests.values() if line["path"] == "/healthz"]
    assert len(refused["request_id"]) == 32  # not the id sent: one of the server's own
    assert requests[inviting]["operation_id"] == "create_invitation"
    assert requests[inviting]["organization_id"] == org and requests[inviting]["account_id"] == owner.id
    assert (requests[inviting]["status"], requests[call.sent[-1]]["status"]) == (201, 400)
    elastic = next(line for line in requests.values() if line["dialect"] == "elastic")
    assert elastic["account_id"] == owner.id
    deliveries = [line for line in lines if line["event"] == "delivery"]
    assert {line["request_id"] for line in deliveries} <= {inviting, call.sent[call.sent.index(inviting) + 1]}
    text = log.read_text()
    assert not [secret for secret in secrets if secret in text]


def _lines(log: Path) -> list[dict[str, Any]]:
    """The lines written so far; one being written (no newline yet) is not one yet."""
    text = log.read_text()
    return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines() if line.strip()]
