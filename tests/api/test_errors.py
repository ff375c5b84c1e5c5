"""Every refusal, ours or the framework's, is problem+json with a stable code in body and header."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import Caller

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["x-error-code"] == code
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] and body["title"]
    return body


def fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body["errors"]}


@pytest.fixture
def ada(new_account: Callable[[str], Caller]) -> Caller:
    return new_account("Ada")


def auth(caller: Caller) -> dict[str, str]:
    return {"Authorization": f"Bearer {caller.api_key}"}


def test_no_credentials_is_401_unauthenticated(http: TestClient) -> None:
    assert_problem(http.get("/v1/accounts/me"), 401, "unauthenticated")


def test_malformed_authorization_header_is_401(http: TestClient) -> None:
    assert_problem(http.get("/v1/accounts/me", headers={"Authorization": "Bearer"}), 401, "unauthenticated")


def test_unknown_security_token_is_401_invalid_credentials(http: TestClient) -> None:
    response = http.get("/v1/accounts/me", headers={"X-Security-Token": "ost_unknown"})
    assert_problem(response, 401, "invalid_credentials")


def test_validation_errors_name_every_offending_field(http: TestClient, ada: Caller) -> None:
    response = http.get("/v1/organizations/o-short/members?limit=0&colour=blue", headers=auth(ada))
    body = assert_problem(response, 400, "validation_failed")
    assert fields(body) == {"path.organization_id", "query.limit", "query.colour"}


def test_body_errors_name_missing_unknown_and_invalid_fields(http: TestClient, ada: Caller) -> None:
    response = http.post("/v1/accounts", json={"email": "not-an-email", "nickname": "x"})
    body = assert_problem(response, 400, "validation_failed")
    assert fields(body) == {"body.name", "body.nickname", "body.email"}


def test_a_body_that_is_not_utf8_is_400_not_500(http: TestClient) -> None:
    response = http.post(
        "/v1/accounts", content=b'{"name": "\xff\xfe"}', headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "invalid_encoding")


def test_malformed_json_is_400(http: TestClient) -> None:
    response = http.post("/v1/accounts", content=b'{"name": ', headers={"Content-Type": "application/json"})
    assert_problem(response, 400, "malformed_json")


def test_a_missing_required_body_is_400_naming_the_body(http: TestClient) -> None:
    body = assert_problem(
        http.post("/v1/accounts", headers={"Content-Type": "application/json"}), 400, "validation_failed"
    )
    assert fields(body) == {"body"}


def test_a_json_null_body_is_refused_even_where_the_body_is_optional(http: TestClient, ada: Caller) -> None:
    response = http.post(
        "/v1/security-tokens", content=b"null", headers={**auth(ada), "Content-Type": "application/json"}
    )
    body = assert_problem(response, 400, "validation_failed")
    assert fields(body) == {"body"}
    assert http.post("/v1/security-tokens", headers=auth(ada)).status_code == 201


def test_an_oversized_body_is_413(http: TestClient) -> None:
    response = http.post("/v1/accounts", json={"name": "a" * 70_000})
    assert_problem(response, 413, "payload_too_large")


def test_a_body_that_is_not_json_is_415(http: TestClient) -> None:
    response = http.post("/v1/accounts", content=b"name=Ada", headers={"Content-Type": "text/plain"})
    assert_problem(response, 415, "unsupported_media_type")


def test_an_unknown_route_is_404_problem(http: TestClient) -> None:
    assert_problem(http.get("/v1/no-such-thing"), 404, "not_found")
    assert_problem(http.get("/elsewhere"), 404, "not_found")


def test_a_wrong_method_is_405_with_allow(http: TestClient) -> None:
    response = http.put("/v1/accounts", json={"name": "x"})
    assert_problem(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]


def test_a_405_allows_every_method_the_path_has(http: TestClient) -> None:
    response = http.put("/v1/organizations/o-" + "0" * 32 + "/invitations")
    assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_health_and_readiness(http: TestClient) -> None:
    for probe in ("/healthz", "/readyz"):
        response = http.get(probe)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"status": "ok"}


def test_a_json_body_is_decoded_once_by_its_validator_and_given_to_the_handler_as_is(
    http: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str | bytes] = []
    loads = json.loads

    def counted(text: str | bytes, **options: Any) -> Any:
        decoded.append(text)
        return loads(text, **options)

    monkeypatch.setattr(json, "loads", counted)
    response = http.post(
        "/v1/accounts", content=b'{"name": "Ada"}', headers={"Content-Type": "application/json"}
    )
    request_body = [text for text in decoded if text in ('{"name": "Ada"}', b'{"name": "Ada"}')]
    assert response.status_code == 201 and request_body == ['{"name": "Ada"}']  # the validator's, as text
    monkeypatch.undo()
    assert response.json()["account"]["name"] == "Ada"


def test_a_body_without_content_type_is_415_not_500(http: TestClient) -> None:
    response = http.post("/v1/accounts", content=b'{"name": "Ada"}')
    assert "content-type" not in response.request.headers
    assert_problem(response, 415, "unsupported_media_type")


def test_a_chunked_body_is_read_like_any_other(http: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"Ada"}'

    response = http.post("/v1/accounts", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("raw", [b'{"name": "a\\u0000b"}', b'{"name": "\\ud800"}'])
def test_strings_no_database_can_store_are_400(http: TestClient, raw: bytes) -> None:
    response = http.post("/v1/accounts", content=raw, headers={"Content-Type": "application/json"})
    body = assert_problem(response, 400, "validation_failed")
    assert fields(body) == {"body.name"}


def test_a_nul_in_a_query_parameter_is_400(http: TestClient, ada: Caller) -> None:
    org = http.post("/v1/organizations", json={"name": "Acme"}, headers=auth(ada)).json()
    response = http.get(f"/v1/organizations/{org['id']}/members?marker=a%00b", headers=auth(ada))
    assert fields(assert_problem(response, 400, "validation_failed")) == {"query.marker"}


@pytest.mark.parametrize("marker", ["OTk5OS0xMi0zMVQyMzo1OTo1OS0xMjowMHx4", "123456789012.x", "1.X"])
def test_a_marker_outside_the_documented_format_is_400(http: TestClient, ada: Caller, marker: str) -> None:
    org = http.post("/v1/organizations", json={"name": "Acme"}, headers=auth(ada)).json()
    response = http.get(f"/v1/organizations/{org['id']}/members?marker={marker}", headers=auth(ada))
    assert fields(assert_problem(response, 400, "validation_failed")) == {"query.marker"}


def test_a_trailing_slash_is_404_problem_not_a_redirect(http: TestClient, ada: Caller) -> None:
    response = http.get("/v1/accounts/me/", headers=auth(ada), follow_redirects=False)
    assert_problem(response, 404, "not_found")
    assert http.get("/v1/ui/").status_code == 200


def test_a_security_token_cannot_mint_another(http: TestClient, ada: Caller) -> None:
    token = http.post("/v1/security-tokens", json={"ttl_seconds": 900}, headers=auth(ada)).json()
    response = http.post(
        "/v1/security-tokens",
        json={"ttl_seconds": 43200},
        headers={"X-Security-Token": token["security_token"]},
    )
    assert_problem(response, 401, "unauthenticated")
    assert (
        http.get("/v1/accounts/me", headers={"X-Security-Token": token["security_token"]}).status_code == 200
    )
