"""Elastic Cloud, declared: its `/api/v1` paths and `Authorization: ApiKey <key>`."""

from __future__ import annotations

from pathlib import Path

from org_invitations import generated
from org_invitations.handlers.elastic import ElasticHandlers
from org_invitations.web.dialects import Dialect, UnderPrefix
from org_invitations.web.dialects.credentials import ApiKeyInHeader
from org_invitations.web.dialects.elastic_errors import ElasticErrorFormat

BASE_PATH = "/api/v1"
WHERE = UnderPrefix(BASE_PATH)


ELASTIC = Dialect(
    name="elastic",
    spec=Path(generated.__file__).parent / "dialects" / "elastic" / "openapi.yaml",
    recognizes=WHERE.recognizes,
    internal_path=WHERE.internal_path,
    credentials=ApiKeyInHeader("authorization", scheme="ApiKey"),
    errors=ElasticErrorFormat(),
    handlers=ElasticHandlers,
)
