"""AWS Signature Version 4 (`AWS4-HMAC-SHA256`), verified the way botocore signs.

The canonical request is the method, the path (dot segments removed, then encoded once
more, as AWS does for every service but S3), the sorted query, the signed headers with
their values' whitespace collapsed, their names, and the body's SHA-256. The signing key
is derived from the secret through the date, region and service of the credential scope.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from org_invitations.signing.request import (
    SIGNED_HEADERS,
    Refusal,
    SignatureError,
    SignedRequest,
    check_signature,
    check_skew,
    signed_header_values,
)

ALGORITHM = "AWS4-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[A-Za-z0-9_]{1,128})/(?P<date>[0-9]{8})/(?P<region>[a-z0-9-]{1,64})"
    r"/(?P<service>[a-z0-9-]{1,64})/aws4_request,\s*SignedHeaders=(?P<headers>" + SIGNED_HEADERS + r"),"
    r"\s*Signature=(?P<signature>[0-9a-fA-F]{64})"
)
ALWAYS_SIGNED = ("host", "x-amz-date")


@dataclass(frozen=True, slots=True)
class SigV4Authorization:
    access_key_id: str
    date: str
    region: str
    service: str
    signed_headers: list[str]
    signature: str

    @classmethod
    def parse(cls, request: SignedRequest) -> SigV4Authorization:
        header = request.headers.get("authorization")
        if not header or not header.startswith(ALGORITHM + " "):
            raise SignatureError(Refusal.MISSING, "Missing Authentication Token.")
        found = _AUTHORIZATION.fullmatch(header.strip())
        if found is None:
            raise SignatureError(Refusal.MALFORMED, "The Authorization header is not a SigV4 authorization.")
        signed = found["headers"].split(";")
        if signed != sorted(set(signed)):
            raise SignatureError(Refusal.MALFORMED, "SignedHeaders must be sorted and distinct.")
        unsigned = [name for name in (*ALWAYS_SIGNED, *_amz_headers(request)) if name not in signed]
        if unsigned:
            raise SignatureError(Refusal.MALFORMED, f"These headers must be signed: {', '.join(unsigned)}.")
        return cls(found["key"], found["date"], found["region"], found["service"], signed, found["signature"])

    def verify(self, request: SignedRequest, secret: str, now: datetime) -> None:
        """Raise SignatureError unless `request` was signed with `secret` recently enough."""
        signed_at = _signing_time(request)
        if signed_at.strftime("%Y%m%d") != self.date:
            raise SignatureError(Refusal.MALFORMED, "The credential scope's date is not the X-Amz-Date's.")
        check_skew(signed_at, now)
        check_signature(self.expected_signature(request, secret), self.signature)

    def expected_signature(self, request: SignedRequest, secret: str) -> str:
        scope = f"{self.date}/{self.region}/{self.service}/aws4_request"
        string_to_sign = "\n".join(
            [
                ALGORITHM,
                request.headers["x-amz-date"],
                scope,
                _sha256(self.canonical_request(request).encode()),
            ]
        )
        key = f"AWS4{secret}".encode()
        for part in (self.date, self.region, self.service, "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()

    def canonical_request(self, request: SignedRequest) -> str:
        headers = "".join(
            f"{name}:{' '.join(value.split())}\n"
            for name, value in signed_header_values(request, self.signed_headers)
        )
        return "\n".join(
            [
                request.method.upper(),
                quote(_without_dot_segments(request.path), safe="/~"),
                _canonical_query(request.query),
                headers,
                ";".join(self.signed_headers),
                _payload_hash(request),
            ]
        )


def _amz_headers(request: SignedRequest) -> list[str]:
    """Every x-amz-* header sent must be signed: the target and the session token above all."""
    return sorted(name for name in request.headers if name.startswith("x-amz-"))


def _signing_time(request: SignedRequest) -> datetime:
    try:
        return datetime.strptime(request.headers.get("x-amz-date", ""), DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise SignatureError(Refusal.MALFORMED, "X-Amz-Date must be a basic ISO 8601 time.") from None


def _payload_hash(request: SignedRequest) -> str:
    digest = _sha256(request.body)
    declared = request.headers.get("x-amz-content-sha256")
    if declared is not None and declared != digest:
        raise SignatureError(Refusal.BAD_SIGNATURE, "X-Amz-Content-SHA256 does not match the body.")
    return digest


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    pairs = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        pairs.append((quote(unquote(name), safe="-_.~"), quote(unquote(value), safe="-_.~")))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _without_dot_segments(path: str) -> str:
    if not path:
        return "/"
    segments: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    normalized = "/" + "/".join(segments)
    if path.endswith("/") and not normalized.endswith("/"):
        normalized += "/"
    return normalized


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
