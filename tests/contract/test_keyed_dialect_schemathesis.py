"""Schemathesis holds the dialects that take a plain credential header (Infodeck) to their documents.

Every check, the settings of schemathesis.toml (less what only the native API has). The
owner's API key goes in the dialect's own header; the path parameters are the owner's real
organization and one of its invitations, so requests reach the handlers, not only the 404s.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from connexion import AsyncApp
from starlette.testclient import TestClient

from tests.contract.test_schemathesis import CONFIG, fuzzed_app  # noqa: F401  (a fixture, used below)


@dataclass(frozen=True)
class World:
    api_key: str
    organization_id: str
    code: str


@pytest.fixture(scope="module")
def world(fuzzed_app: AsyncApp) -> World:  # noqa: F811
    client = TestClient(fuzzed_app)
    api_key = client.post("/v1/accounts", json={"name": "Keyed owner"}).json()["api_key"]
    bearer = {"Authorization": f"Bearer {api_key}"}
    organization_id = client.post("/v1/organizations", json={"name": "Keyed"}, headers=bearer).json()["id"]
    created = client.post(
        f"/api/organizations/{organization_id}/invitations",
        json={"email": "fuzz@example.com", "givenName": "Fuzz", "familyName": "Target", "teamIds": []},
        headers={"X-API-Key": api_key},
    )
    assert created.status_code == 200, created.text
    return World(api_key, organization_id, created.json()["data"]["code"])


@dataclass
class Answers:
    """What the server answered during the run, to show the fuzzing reached the handlers."""

    statuses: list[int]


@pytest.fixture(scope="module")
def answers() -> Answers:
    return Answers([])


def keyed_config(world: World) -> schemathesis.Config:
    data = tomllib.loads(CONFIG.read_text())
    data.pop("auth", None)
    data.pop("operations", None)
    data["parameters"] = {"organizationId": world.organization_id, "code": world.code}
    return schemathesis.Config.from_dict(data)


@pytest.fixture(scope="module")
def infodeck_schema(fuzzed_app: AsyncApp, world: World) -> Iterator[schemathesis.BaseSchema]:  # noqa: F811
    schema = schemathesis.openapi.from_asgi(
        "/dialects/infodeck/openapi.json", fuzzed_app, config=keyed_config(world)
    )

    class OwnersKey:
        def get(self, case: schemathesis.Case[Any], ctx: Any) -> str:
            return world.api_key

        def set(self, case: schemathesis.Case[Any], data: str, ctx: Any) -> None:
            case.headers["X-API-Key"] = data

    schema.auth.auth(refresh_interval=None)(OwnersKey)
    yield schema


infodeck = schemathesis.pytest.from_fixture("infodeck_schema")


@infodeck.parametrize()
def test_every_infodeck_operation_holds_to_its_document(
    case: schemathesis.Case[Any], answers: Answers
) -> None:
    response = case.call_and_validate()
    answers.statuses.append(response.status_code)


def test_the_fuzzing_reached_the_handlers(answers: Answers) -> None:
    """Runs after the fuzzing above: a run refused at the door would prove nothing."""
    answered = [status for status in answers.statuses if 200 <= status < 300]
    assert len(answered) >= 20, f"{len(answered)} of {len(answers.statuses)} requests succeeded"
