"""`serve --workers 2`: whichever worker is scraped, /metrics counts what both did."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.databases import fresh_database, throttle_storage
from tests.e2e.conftest import Server, running_server

pytestmark = pytest.mark.e2e

PROBES = 120
INVITATIONS = 6


Key = tuple[str, frozenset[tuple[str, str]]]


def labelled(name: str, **labels: str) -> Key:
    return name, frozenset(labels.items())


def scraped(http: httpx.Client, server: Server) -> dict[Key, float]:
    answer = http.get(f"{server.base_url}/metrics")
    assert answer.status_code == 200, answer.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def test_two_workers_report_the_same_sums(tmp_path: Path) -> None:
    folder = tmp_path / "metrics"
    with (
        ExitStack() as stack,
        fresh_database(tmp_path / "var") as url,
        running_server(url, workers=2, metrics_folder=folder, **throttle_storage()) as server,
    ):
        # Each request on a connection of its own, which either worker may accept.
        http = stack.enter_context(httpx.Client(headers={"Connection": "close"}))
        for _ in range(PROBES):
            assert http.get(f"{server.base_url}/healthz").status_code == 200
        api = f"{server.base_url}/v1"
        owner = http.post(f"{api}/accounts", json={"name": "Owner"}).json()
        key = {"Authorization": f"Bearer {owner['api_key']}"}
        org = http.post(f"{api}/organizations", json={"name": "Counted"}, headers=key).json()["id"]
        for n in range(INVITATIONS):
            body = {"target": {"type": "email", "entity": f"p{n}@example.com"}, "roles": ["member"]}
            made = http.post(f"{api}/organizations/{org}/invitations", json=body, headers=key)
            assert made.status_code == 201, made.text

        # Both processes served requests (each keeps its counts in files named by its pid) ...
        pids = {path.stem.rsplit("_", 1)[-1] for path in folder.glob("counter_*.db")}
        assert len(pids) >= 2, sorted(path.name for path in folder.iterdir())
        # ... and every scrape, by either worker, counts all of them.
        healthz = labelled(
            "org_invitations_http_requests_total", api="ops", operation="healthz", status="200"
        )
        created = labelled("org_invitations_invitations_created_total")
        for _ in range(6):
            samples = scraped(http, server)
            assert samples[healthz] == PROBES  # the start-up wait probes /readyz, not /healthz
            assert samples[created] == INVITATIONS
