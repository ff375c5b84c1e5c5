"""Over real TCP: a client that stalls its body is cut off with a 408; no secret reaches the log."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.databases import fresh_database, throttle_storage
from tests.e2e.conftest import running_server

pytestmark = pytest.mark.e2e


def test_a_body_shorter_than_its_content_length_gets_408_in_time(tmp_path: Path) -> None:
    with (
        fresh_database(tmp_path) as url,
        running_server(url, body_read_timeout_seconds="1", **throttle_storage()) as server,
    ):
        address = urlsplit(server.base_url)
        with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
            connection.sendall(
                b"POST /v1/accounts HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n" + b'{"name": "A'
            )
            started = time.monotonic()
            answer = connection.recv(65536).decode("latin-1")
            waited = time.monotonic() - started
    status_line, _, rest = answer.partition("\r\n")
    assert status_line == "HTTP/1.1 408 Request Timeout", answer
    assert "content-type: application/problem+json" in rest.lower()
    assert "x-error-code: request_timeout" in rest.lower()
    assert 0.5 < waited < 5, waited


def test_no_secret_appears_in_any_log_line(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with (
        fresh_database(tmp_path) as url,
        running_server(url, log_level="info", log_file=log, **throttle_storage()) as server,
    ):
        v1 = f"{server.base_url}/v1"
        created = httpx.post(f"{v1}/accounts", json={"name": "Ada"}).json()
        api_key = created["api_key"]
        auth = {"Authorization": f"Bearer {api_key}"}
        security_token = httpx.post(f"{v1}/security-tokens", json={}, headers=auth).json()["security_token"]
        org = httpx.post(f"{v1}/organizations", json={"name": "Org"}, headers=auth).json()
        body = {"target": {"type": "email", "entity": "grace@example.com"}, "roles": ["member"]}
        token = httpx.post(f"{v1}/organizations/{org['id']}/invitations", json=body, headers=auth).json()[
            "invitation_token"
        ]
        assert httpx.get(f"{v1}/organizations/invitations/{token}").status_code == 200
        # Secrets where no secret belongs are masked as well: in a query string, in a bad path.
        httpx.get(
            f"{v1}/accounts/me", params={"api_key": api_key}, headers={"X-Security-Token": security_token}
        )
        grace = httpx.post(f"{v1}/accounts", json={"name": "Grace"}).json()["api_key"]
        accepted = httpx.post(
            f"{v1}/organizations/invitations/{token}/accept", headers={"Authorization": f"Bearer {grace}"}
        )
        assert accepted.status_code == 200
    text = log.read_text()
    assert "/v1/organizations/invitations/oit_[redacted]/accept" in text, text
    for secret in (api_key, security_token, token, grace):
        assert secret not in text
        assert secret[4:] not in text
