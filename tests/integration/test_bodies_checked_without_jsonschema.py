"""The usual request bodies pass the compiled check (web/validation.py's SurelyValid) as the app builds
it, from the schema connexion hands over (which carries the spec's `components`): jsonschema is then
left for the bodies the check cannot vouch for."""

from __future__ import annotations

from typing import Any

import pytest
from connexion import AsyncApp

from org_invitations.web.compiled import _RequestValidation


def body_validator(app: AsyncApp, base_path: str, operation_id: str, media_type: str) -> Any:
    _, stack = app.middleware._build_middleware_stack()
    [validation] = [layer for layer in stack if isinstance(layer, _RequestValidation)]
    operation = next(
        operation
        for api in validation.apis[base_path]
        for name, operation in api.operations.items()
        if name == operation_id
    )
    return operation._body(media_type, "utf-8")


@pytest.mark.parametrize(
    ("base_path", "operation_id", "media_type", "body"),
    [
        (
            "/v1",
            "create_invitation",
            "application/json",
            {"target": {"type": "email", "entity": "ada@example.com"}, "roles": ["member"]},
        ),
        ("/v1", "create_organization", "application/json", {"name": "Analytical Engines"}),
        (
            "/_dialects/aws",
            "describe_handshake",
            "application/x-amz-json-1.1",
            {"HandshakeId": "h-" + "a" * 32},
        ),
    ],
)
def test_a_usual_body_needs_no_jsonschema(
    app: AsyncApp, base_path: str, operation_id: str, media_type: str, body: dict[str, Any]
) -> None:
    validator = body_validator(app, base_path, operation_id, media_type)
    assert "components" in validator._schema  # as connexion hands it over
    assert validator._surely_valid(body)
    assert not list(validator._schema_validator.iter_errors(body))
