"""Each reference API's contract, served as its clients see it (openapi/ops.yaml)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from starlette.responses import Response

from org_invitations.web.specs import load_spec


class DialectDocumentHandlers:
    def __init__(self, specs: Iterable[tuple[str, Path]]) -> None:
        self._documents = {name: _as_served(spec) for name, spec in specs}

    def get_dialect_document(self, dialect: str) -> Response:
        return Response(self._documents[dialect], media_type="application/json")


def _as_served(spec: Path) -> str:
    """As written: its `servers` name where its clients reach it on this server (`/`, `/api`, ...),
    never the mount the router routes it to."""
    return json.dumps(load_spec(spec))
