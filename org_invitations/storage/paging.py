"""Opaque keyset markers: the sort key of the last row of a page, base64url-encoded."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from org_invitations.domain.errors import DomainError


class InvalidMarker(DomainError):
    code = "invalid_marker"


def encode_marker(at: datetime, key: str) -> str:
    raw = f"{at.isoformat()}|{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_marker(marker: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(marker + "=" * (-len(marker) % 4)).decode("utf-8")
        at, key = raw.split("|", 1)
        parsed = datetime.fromisoformat(at)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidMarker("The marker is not one this service issued.") from exc
    if parsed.tzinfo is None or not key:
        raise InvalidMarker("The marker is not one this service issued.")
    return parsed, key
