"""Schemathesis holds the dialects that take a plain credential header (Infodeck, Elastic, VMware)
to their documents.

Every check, the settings of schemathesis.toml (less what only the native API has). The
owner's credential goes in the dialect's own header (its API key; for VMware the access token
that key was exchanged for); the path parameters are the owner's real organization and one of
its invitations (its token is Infodeck's code, Elastic's token and the last segment of VMware's
refLink), so requests reach the handlers, not only the 404s.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from connexion import AsyncApp
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES
from starlette.testclient import TestClient

from tests.contract import UNDER_LOAD
from tests.contract.test_schemathesis import CONFIG, fuzzed_app  # noqa: F401  (a fixture, used below)


@dataclass(frozen=True)
class World:
    api_key: str
    access_token: str
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
    authorized = client.post("/csp/gateway/am/api/auth/api-tokens/authorize", data={"api_token": api_key})
    assert authorized.status_code == 200, authorized.text
    return World(api_key, authorized.json()["access_token"], organization_id, created.json()["data"]["code"])


@dataclass
class Answers:
    """What the server answered during the run, to show the fuzzing reached the handlers."""

    statuses: dict[str, list[int]]


@pytest.fixture(scope="module")
def answers() -> Answers:
    return Answers({"infodeck": [], "elastic": [], "vmware": []})


ELASTIC_RULES = {
    "organization.invitation_already_exists",
    "organization.user_organization_already_belongs",
    "organization.invitation_expired",
}
"""Elastic's 400s for rules a schema cannot say (Elastic answers them 400, not 409)."""

UNSTORABLE = "contains a NUL character or an unpaired surrogate"
BAD_REQUEST_BY_RULE = {"elastic", "vmware"}
"""Dialects that answer 400 to some schema-valid requests: Elastic's rules above, and VMware's
exchange of an API token that is well formed but not a live key."""


def keyed_config(world: World, dialect: str) -> schemathesis.Config:
    """schemathesis.toml, less what only the native API has. Elastic answers its business
    refusals 400 (an address already invited, an invitation already accepted), so a
    schema-valid request may get 400 there; `elastic_refuses_valid_input_by_rule` then
    requires a refusal that names its rule or the field at fault."""
    data = tomllib.loads(CONFIG.read_text())
    data.pop("auth", None)
    data.pop("operations", None)
    if dialect in BAD_REQUEST_BY_RULE:
        data["checks"]["positive_data_acceptance"] = {
            "expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "400"]
        }
    data["parameters"] = {
        "organizationId": world.organization_id,
        "organization_id": world.organization_id,
        "code": world.code,
        "invitation_token": world.code,
        "invitation_tokens": world.code,
        "orgId": world.organization_id,
        "userInvitationId": world.code,
    }
    return schemathesis.Config.from_dict(data)


def keyed_schema(
    app: AsyncApp, world: World, dialect: str, header: str, value: str
) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_asgi(
        f"/dialects/{dialect}/openapi.json", app, config=keyed_config(world, dialect)
    )

    class OwnersKey:
        def get(self, case: schemathesis.Case[Any], ctx: Any) -> str:
            return value

        def set(self, case: schemathesis.Case[Any], data: str, ctx: Any) -> None:
            case.headers[header] = data

    schema.auth.auth(refresh_interval=None)(OwnersKey)
    return schema


@pytest.fixture(scope="module")
def infodeck_schema(fuzzed_app: AsyncApp, world: World) -> schemathesis.BaseSchema:  # noqa: F811
    return keyed_schema(fuzzed_app, world, "infodeck", "X-API-Key", world.api_key)


@pytest.fixture(scope="module")
def elastic_schema(fuzzed_app: AsyncApp, world: World) -> schemathesis.BaseSchema:  # noqa: F811
    return keyed_schema(fuzzed_app, world, "elastic", "Authorization", f"ApiKey {world.api_key}")


@pytest.fixture(scope="module")
def vmware_schema(fuzzed_app: AsyncApp, world: World) -> schemathesis.BaseSchema:  # noqa: F811
    return keyed_schema(fuzzed_app, world, "vmware", "csp-auth-token", world.access_token)


infodeck = schemathesis.pytest.from_fixture("infodeck_schema")
elastic = schemathesis.pytest.from_fixture("elastic_schema")
vmware = schemathesis.pytest.from_fixture("vmware_schema")


@infodeck.parametrize()
@UNDER_LOAD
def test_every_infodeck_operation_holds_to_its_document(
    case: schemathesis.Case[Any], answers: Answers
) -> None:
    answers.statuses["infodeck"].append(case.call_and_validate().status_code)


def elastic_refuses_valid_input_by_rule(ctx: Any, response: Any, case: schemathesis.Case[Any]) -> bool | None:
    """A schema-valid request Elastic refuses 400 names its rule, or the field at fault."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    for error in response.json()["errors"]:
        assert error["code"] in ELASTIC_RULES or error.get("fields"), f"Valid input refused: {response.text}"
    return None


@elastic.parametrize()
@UNDER_LOAD
def test_every_elastic_operation_holds_to_its_document(
    case: schemathesis.Case[Any], answers: Answers
) -> None:
    response = case.call_and_validate(additional_checks=[elastic_refuses_valid_input_by_rule])
    answers.statuses["elastic"].append(response.status_code)


def vmware_refuses_valid_input_only_for_a_dead_key(
    ctx: Any, response: Any, case: schemathesis.Case[Any]
) -> bool | None:
    """A schema-valid request VMware refuses 400 is an exchange of a key that does not work, or
    carries a string no database can store (NUL, a lone surrogate: refused by every API here)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    refusal = response.json()
    assert refusal["cspErrorCode"] == "auth.invalid_refresh_token" or UNSTORABLE in refusal["message"], (
        f"Valid input refused: {response.text}"
    )
    return None


@vmware.parametrize()
@UNDER_LOAD
def test_every_vmware_operation_holds_to_its_document(case: schemathesis.Case[Any], answers: Answers) -> None:
    response = case.call_and_validate(additional_checks=[vmware_refuses_valid_input_only_for_a_dead_key])
    answers.statuses["vmware"].append(response.status_code)


@pytest.mark.parametrize("dialect", ["infodeck", "elastic", "vmware"])
def test_the_fuzzing_reached_the_handlers(dialect: str, answers: Answers) -> None:
    """Runs after the fuzzing above: a run refused at the door would prove nothing."""
    statuses = answers.statuses[dialect]
    answered = [status for status in statuses if 200 <= status < 300]
    assert len(answered) >= 10, f"{len(answered)} of {len(statuses)} requests succeeded"
    assert statuses.count(401) < len(statuses) / 2, (
        f"{statuses.count(401)} of {len(statuses)} refused at the door"
    )
