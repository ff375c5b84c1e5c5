"""Infodeck, declared: its REST paths under `/api` (not `/api/v1`, Elastic's), `X-API-Key`."""

from __future__ import annotations

from pathlib import Path

from org_invitations import generated
from org_invitations.handlers.infodeck import InfodeckHandlers
from org_invitations.web.dialects import Dialect, UnderPrefix
from org_invitations.web.dialects.credentials import ApiKeyInHeader
from org_invitations.web.dialects.elastic import BASE_PATH as ELASTIC_BASE_PATH
from org_invitations.web.dialects.infodeck_errors import InfodeckErrorFormat

BASE_PATH = "/api"
WHERE = UnderPrefix(BASE_PATH, excluding=(ELASTIC_BASE_PATH,))


INFODECK = Dialect(
    name="infodeck",
    spec=Path(generated.__file__).parent / "dialects" / "infodeck" / "openapi.yaml",
    recognizes=WHERE.recognizes,
    internal_path=WHERE.internal_path,
    credentials=ApiKeyInHeader("x-api-key"),
    errors=InfodeckErrorFormat(),
    handlers=InfodeckHandlers,
)
