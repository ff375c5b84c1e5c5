"""Elastic Cloud, declared: its `/api/v1` paths and `Authorization: ApiKey <key>`."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Headers

from org_invitations import generated
from org_invitations.handlers.elastic import ElasticHandlers
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.credentials import ApiKeyInHeader
from org_invitations.web.dialects.elastic_errors import ElasticErrorFormat

BASE_PATH = "/api/v1"


def _recognizes(_method: str, path: str, _headers: Headers) -> bool:
    return path.startswith(BASE_PATH + "/")


def _internal_path(path: str, _headers: Headers) -> str:
    return path.removeprefix(BASE_PATH)


ELASTIC = Dialect(
    name="elastic",
    spec=Path(generated.__file__).parent / "dialects" / "elastic" / "openapi.yaml",
    recognizes=_recognizes,
    internal_path=_internal_path,
    credentials=ApiKeyInHeader("authorization", scheme="ApiKey"),
    errors=ElasticErrorFormat(),
    handlers=ElasticHandlers,
)
