"""Request body validators are built once per operation and media type, and only a few are kept:
the media type and charset come from the client, which must not be able to grow the process."""

from __future__ import annotations

from connexion import AsyncApp

from org_invitations.web.compiled import KEPT_BODY_VALIDATORS, _RequestValidation


def test_a_client_cycling_through_charsets_cannot_grow_the_kept_validators(app: AsyncApp) -> None:
    connexion = app.middleware
    _, stack = connexion._build_middleware_stack()
    [validation] = [layer for layer in stack if isinstance(layer, _RequestValidation)]
    create = next(
        operation
        for api in validation.apis["/v1"]
        for name, operation in api.operations.items()
        if name == "create_invitation"
    )
    first = create._body("application/json", "utf-8")
    assert create._body("application/json", "utf-8") is first  # built once, then reused
    for n in range(5 * KEPT_BODY_VALIDATORS):
        assert create._body("application/json", f"charset-{n}") is not None  # each still validates
    assert len(create._body_validators) == KEPT_BODY_VALIDATORS
    assert create._body("application/json", "utf-8") is first
