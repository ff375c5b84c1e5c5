"""Call every operation of the spec, anonymously and authenticated, and hold each answer to the spec:
the status is one the operation documents and the content type is the one documented for it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from org_invitations.web.app import OPS_SPEC, V1_BASE_PATH, V1_SPEC
from tests.conftest import Caller

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import compat

METHODS = ("get", "put", "post", "delete", "patch")


def operations(spec_path: Path, base: str) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    spec = yaml.safe_load(spec_path.read_text())
    for path, item in spec["paths"].items():
        params = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                operation = item[method]
                url = base + path
                for param in params + operation.get("parameters", []):
                    param = compat.resolve(spec, param)
                    if param["in"] == "path":
                        example = compat.resolve(spec, param["schema"]).get("example")
                        url = url.replace("{" + param["name"] + "}", str(example))
                yield method, url, operation, spec


ALL = [*operations(V1_SPEC, V1_BASE_PATH), *operations(OPS_SPEC, "")]


def request_body(operation: dict[str, Any]) -> Any:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    examples = content.get("examples", {})
    return next(iter(examples.values()))["value"] if examples else None


@pytest.mark.parametrize(("method", "url", "operation", "spec"), ALL, ids=[f"{m} {u}" for m, u, _, _ in ALL])
@pytest.mark.parametrize("who", ["anonymous", "account"])
def test_every_answer_is_documented(
    http: TestClient,
    new_account: Callable[[str], Caller],
    who: str,
    method: str,
    url: str,
    operation: dict[str, Any],
    spec: dict[str, Any],
) -> None:
    headers = {"Authorization": f"Bearer {new_account('Ada').api_key}"} if who == "account" else {}
    response = http.request(method, url, json=request_body(operation), headers=headers)
    assert response.status_code < 500, response.text
    documented = operation["responses"]
    assert str(response.status_code) in documented, f"{response.status_code} not documented: {response.text}"
    answer = compat.resolve(spec, documented[str(response.status_code)])
    content_type = response.headers.get("content-type")
    if "content" in answer:  # the media type documented; `text/html` is sent with its charset
        assert content_type is not None and content_type.split(";")[0] in answer["content"]
    else:
        assert not response.content
    for header in answer.get("headers", {}):
        if header != "Retry-After" or response.status_code == 429:
            assert header.lower() in response.headers
