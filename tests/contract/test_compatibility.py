"""Clients built from the released contract keep working, unless the major version says otherwise."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import compat  # noqa: E402

RELEASED = compat.load(compat.latest_release())
Spec = dict[str, Any]


def changed(edit: Callable[[Spec], None]) -> Spec:
    spec = copy.deepcopy(RELEASED)
    edit(spec)
    return spec


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def test_the_current_contract_does_not_break_released_clients() -> None:
    assert compat.unannounced_breaks(RELEASED, compat.load(compat.CURRENT)) == []


def test_the_released_contract_is_the_version_the_client_carries() -> None:
    pyproject = (ROOT / "generated" / "client" / "pyproject.toml").read_text()
    current = compat.load(compat.CURRENT)["info"]["version"]
    assert f'version = "{current}"' in pyproject
    assert compat.major(current) >= compat.major(RELEASED["info"]["version"])


BREAKING: dict[str, Callable[[Spec], None]] = {
    "operation removed": lambda s: s["paths"]["/accounts/me"].pop("get"),
    "operationId renamed": lambda s: s["paths"]["/accounts/me"]["get"].update(operationId="whoami"),
    "field removed": lambda s: schemas(s)["Invitation"]["properties"].pop("expires_at"),
    "type": lambda s: schemas(s)["PageInfo"]["properties"]["current_count"].update(type="string"),
    "no longer always present": lambda s: schemas(s)["Account"]["required"].remove("email"),
    "new required field": lambda s: (
        schemas(s)["OrganizationCreate"].update(required=["name", "region"])
        or schemas(s)["OrganizationCreate"]["properties"].update(region={"type": "string"})
    ),
    "is now required": lambda s: s["components"]["parameters"]["Limit"].update(required=True),
    "new enum values": lambda s: schemas(s)["InvitationStatus"]["enum"].append("archived"),
}


@pytest.mark.parametrize("kind", sorted(BREAKING))
def test_a_breaking_change_is_caught(kind: str) -> None:
    found = compat.unannounced_breaks(RELEASED, changed(BREAKING[kind]))
    assert any(kind in line for line in found), found


@pytest.mark.parametrize("kind", sorted(BREAKING))
def test_a_major_bump_announces_the_break(kind: str) -> None:
    def bump_and_break(spec: Spec) -> None:
        BREAKING[kind](spec)
        spec["info"]["version"] = f"{compat.major(spec['info']['version']) + 1}.0.0"

    assert compat.unannounced_breaks(RELEASED, changed(bump_and_break)) == []


def test_additions_are_not_breaking() -> None:
    def add(spec: Spec) -> None:
        schemas(spec)["Invitation"]["properties"]["source"] = {"type": "string"}
        schemas(spec)["OrganizationCreate"]["properties"]["region"] = {"type": "string"}
        spec["paths"]["/ping"] = {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}

    assert compat.breaking_changes(RELEASED, changed(add)) == []
