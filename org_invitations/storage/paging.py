"""Keyset markers: the sort key of the last row of a page, as `<unix seconds>.<id>`.

The format is documented in the spec, so every marker the spec allows is a real
position: a client can only ever skip ahead, never see what it could not list anyway.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from org_invitations.domain.errors import DomainError


class InvalidMarker(DomainError):
    code = "invalid_marker"


def encode_marker(at: datetime, key: str) -> str:
    return f"{int(at.timestamp())}.{key}"


_MARKER = re.compile(r"([0-9]{1,11})\.([0-9a-z-]{1,64})")


def decode_marker(marker: str) -> tuple[datetime, str]:
    """The marker's sort key. Any well-formed marker is a position, even one we did not issue."""
    found = _MARKER.fullmatch(marker)
    if found is None:
        raise InvalidMarker("A marker is `<unix seconds>.<id>`, as page_info.next_marker gives it.")
    return datetime.fromtimestamp(int(found.group(1)), UTC), found.group(2)
