"""Infodeck, declared: its REST paths under `/api` (not `/api/v1`, Elastic's), `X-API-Key`."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Headers

from org_invitations import generated
from org_invitations.handlers.infodeck import InfodeckHandlers
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.credentials import ApiKeyInHeader
from org_invitations.web.dialects.infodeck_errors import InfodeckErrorFormat

BASE_PATH = "/api"


def _recognizes(_method: str, path: str, _headers: Headers) -> bool:
    return path.startswith(BASE_PATH + "/") and not path.startswith(BASE_PATH + "/v1/")


def _internal_path(path: str, _headers: Headers) -> str:
    return path.removeprefix(BASE_PATH)


INFODECK = Dialect(
    name="infodeck",
    spec=Path(generated.__file__).parent / "dialects" / "infodeck" / "openapi.yaml",
    recognizes=_recognizes,
    internal_path=_internal_path,
    credentials=ApiKeyInHeader("x-api-key"),
    errors=InfodeckErrorFormat(),
    handlers=InfodeckHandlers,
)
