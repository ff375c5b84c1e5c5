"""Huawei Cloud's `SDK-HMAC-SHA256` signature, verified the way huaweicloudsdkcore signs.

Unlike SigV4 there is no key derivation: the signature is an HMAC of the string to sign
keyed by the secret itself. The canonical URI always ends in `/`; every header the SDK
sets is signed (those with `_` in their name excepted).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, unquote

from org_invitations.signing.request import (
    SIGNED_HEADERS,
    Refusal,
    SignatureError,
    SignedRequest,
    check_signature,
    check_skew,
    signed_header_values,
)

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_HASH = hashlib.sha256(b"").hexdigest()
_AUTHORIZATION = re.compile(
    r"SDK-HMAC-SHA256 Access=(?P<key>[A-Za-z0-9_]{1,128}),\s*SignedHeaders=(?P<headers>"
    + SIGNED_HEADERS
    + r"),"
    r"\s*Signature=(?P<signature>[0-9a-fA-F]{64})"
)
ALWAYS_SIGNED = ("host", "x-sdk-date")
SIGNED_WHEN_SENT = ("x-security-token", "x-domain-id", "x-project-id", "x-sdk-content-sha256")


def is_sdk_hmac(authorization: str | None) -> bool:
    """Whether a request is signed by a Huawei SDK (how it is told from the native API's on shared paths)."""
    return authorization is not None and authorization.startswith(ALGORITHM + " ")


@dataclass(frozen=True, slots=True)
class SdkHmacAuthorization:
    access_key_id: str
    signed_headers: list[str]
    signature: str

    @classmethod
    def parse(cls, request: SignedRequest) -> SdkHmacAuthorization:
        header = request.headers.get("authorization")
        if not is_sdk_hmac(header):
            raise SignatureError(Refusal.MISSING, "The request is not signed.")
        found = _AUTHORIZATION.fullmatch((header or "").strip())
        if found is None:
            raise SignatureError(Refusal.MALFORMED, "The Authorization header is not an SDK-HMAC-SHA256 one.")
        signed = found["headers"].split(";")
        if signed != sorted(set(signed)):
            raise SignatureError(Refusal.MALFORMED, "SignedHeaders must be sorted and distinct.")
        required = [*ALWAYS_SIGNED, *(name for name in SIGNED_WHEN_SENT if name in request.headers)]
        unsigned = [name for name in required if name not in signed]
        if unsigned:
            raise SignatureError(Refusal.MALFORMED, f"These headers must be signed: {', '.join(unsigned)}.")
        return cls(found["key"], signed, found["signature"])

    def verify(self, request: SignedRequest, secret: str, now: datetime) -> None:
        """Raise SignatureError unless `request` was signed with `secret` recently enough."""
        try:
            signed_at = datetime.strptime(request.headers.get("x-sdk-date", ""), DATE_FORMAT).replace(
                tzinfo=UTC
            )
        except ValueError:
            raise SignatureError(Refusal.MALFORMED, "X-Sdk-Date must be a basic ISO 8601 time.") from None
        check_skew(signed_at, now)
        check_signature(self.expected_signature(request, secret), self.signature)

    def expected_signature(self, request: SignedRequest, secret: str) -> str:
        string_to_sign = "\n".join(
            [ALGORITHM, request.headers["x-sdk-date"], _sha256(self.canonical_request(request).encode())]
        )
        return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()

    def canonical_request(self, request: SignedRequest) -> str:
        headers = "".join(
            f"{name}:{value.strip()}\n" for name, value in signed_header_values(request, self.signed_headers)
        )
        return "\n".join(
            [
                request.method.upper(),
                _canonical_uri(request.path),
                _canonical_query(request.query),
                headers,
                ";".join(self.signed_headers),
                _payload_hash(request),
            ]
        )


def _canonical_uri(path: str) -> str:
    uri = "/".join(quote(segment, safe="~") for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _canonical_query(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{quote(name, safe='~')}={quote(value, safe='~')}" for name, value in pairs)


def _payload_hash(request: SignedRequest) -> str:
    if not request.body:
        return EMPTY_HASH
    digest = _sha256(request.body)
    declared = request.headers.get("x-sdk-content-sha256")
    if declared is not None and declared != digest:  # UNSIGNED-PAYLOAD included: our bodies are JSON
        raise SignatureError(Refusal.BAD_SIGNATURE, "X-Sdk-Content-Sha256 does not match the body.")
    return digest


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
