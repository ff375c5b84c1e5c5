"""What every signature scheme verifies, and how a verification fails."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

SIGNED_HEADERS = r"[a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*"
"""`SignedHeaders`: lower-cased header names, which may hold any HTTP token character (RFC 9110
5.6.2: `x.trace` and `a|b` are names a signer signs), separated by `;`."""

MAX_SKEW = timedelta(minutes=15)
"""How far a request's signing time may be from the server's clock, either way (as AWS allows)."""


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """A request exactly as it arrived: the signature covers these bytes, not a parsed form."""

    method: str
    path: str  # the original path, before any routing rewrite, percent-encoded as sent
    query: str  # the raw query string, without `?`
    headers: Mapping[str, str]  # names lower-cased
    body: bytes


class Refusal(Enum):
    MISSING = "missing"  # no authorization of this scheme
    MALFORMED = "malformed"  # an authorization that does not parse, or signs too little
    UNKNOWN_KEY = "unknown_key"  # the access key id is not (or no longer) known
    BAD_SIGNATURE = "bad_signature"  # the signature does not match the request
    SKEWED = "skewed"  # the signing time is too far from now
    BAD_TOKEN = "bad_token"  # a security token missing, unknown or not the key's
    EXPIRED_TOKEN = "expired_token"  # a temporary key whose security token has expired


class SignatureError(Exception):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(detail)
        self.refusal = refusal
        self.detail = detail


def check_skew(signed_at: datetime, now: datetime, max_skew: timedelta = MAX_SKEW) -> None:
    if abs(now - signed_at) > max_skew:
        raise SignatureError(
            Refusal.SKEWED,
            f"Signature time {signed_at:%Y%m%dT%H%M%SZ} is more than {int(max_skew.total_seconds() // 60)} "
            f"minutes from the server's time {now:%Y%m%dT%H%M%SZ}.",
        )


def check_signature(expected: str, given: str) -> None:
    """Constant-time comparison of two hex signatures."""
    if not hmac.compare_digest(expected.encode(), given.lower().encode()):
        raise SignatureError(
            Refusal.BAD_SIGNATURE,
            "The request signature we calculated does not match the signature you provided.",
        )


def signed_header_values(request: SignedRequest, names: list[str]) -> list[tuple[str, str]]:
    """The signed headers' values; a header named as signed but absent is a malformed authorization."""
    missing = [name for name in names if name not in request.headers]
    if missing:
        raise SignatureError(Refusal.MALFORMED, f"Signed headers are missing: {', '.join(missing)}.")
    return [(name, request.headers[name]) for name in names]
