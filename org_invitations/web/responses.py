"""Handlers answer with a generated model; this serializes it with an explicit Content-Type.

connexion pools the content types of all of an operation's responses, so a
success that also declares problem+json errors must say its own type.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response

NO_STORE = {"Cache-Control": "no-store"}


def json_response(model: BaseModel, status: int = 200, *, secret: bool = False) -> Response:
    """Optional fields left unset are absent; fields set to None are sent as null.

    `secret`: the response carries a secret, or answers a URL that does; no cache may keep it.
    """
    return Response(
        model.model_dump_json(exclude_unset=True),
        status_code=status,
        media_type="application/json",
        headers=NO_STORE if secret else None,
    )


def no_content() -> Response:
    return Response(status_code=204)
