"""Opaque keyset markers: the sort key of the last row of a page, base64url-encoded."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime

from org_invitations.domain.errors import DomainError


class InvalidMarker(DomainError):
    code = "invalid_marker"


def encode_marker(at: datetime, key: str) -> str:
    raw = f"{at.isoformat()}|{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


_KEY = re.compile(r"[0-9a-z-]{1,64}")


def decode_marker(marker: str) -> tuple[datetime, str]:
    """The marker's sort key; anything this service did not issue is refused, never half-used."""
    try:
        raw = base64.urlsafe_b64decode(marker + "=" * (-len(marker) % 4)).decode("utf-8")
        at, key = raw.split("|", 1)
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not _KEY.fullmatch(key):
            raise ValueError("not a marker")
        return parsed.astimezone(UTC), key
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise InvalidMarker("The marker is not one this service issued.") from exc
