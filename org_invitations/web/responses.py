"""Handlers answer with a generated model; this serializes it with an explicit Content-Type.

connexion pools the content types of all of an operation's responses, so a
success that also declares problem+json errors must say its own type.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


def json_response(model: BaseModel, status: int = 200) -> Response:
    """Optional fields left unset are absent; fields set to None are sent as null."""
    return Response(
        model.model_dump_json(exclude_unset=True), status_code=status, media_type="application/json"
    )


def no_content() -> Response:
    return Response(status_code=204)
