"""Requests signed by botocore's own SigV4 signer at a chosen moment, as the verifiers receive them."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from org_invitations.signing.request import SignedRequest

KEY, SECRET = "OIAKAAAAAAAAAAAAAAAA", "s3cr3t/s3cr3t+s3cr3ts3cr3ts3cr3ts3cr3t00"
NOW = datetime(2026, 11, 25, 11, 14, 21, tzinfo=UTC)
BODY = b'{"HandshakeId": "h-awjp43m7bz3b8jgy5v61jrfwakt3og8w"}'


def signed_by_botocore(
    *,
    body: bytes = BODY,
    url: str = "http://127.0.0.1:8080/",
    region: str = "eu-west-1",
    token: str | None = None,
    at: datetime = NOW,
    extra_headers: dict[str, str] | None = None,
    target: str = "DescribeHandshake",
    key: str = KEY,
    secret: str = SECRET,
) -> SignedRequest:
    request = AWSRequest(
        "POST",
        url,
        data=body,
        headers={
            "X-Amz-Target": f"AWSOrganizationsV20161128.{target}",
            "Content-Type": "application/x-amz-json-1.1",
            "User-Agent": "Boto3/1.44.8",
            **(extra_headers or {}),
        },
    )
    signer = SigV4Auth(Credentials(key, secret, token), "organizations", region)
    request.context["timestamp"] = at.strftime("%Y%m%dT%H%M%SZ")  # add_auth() would take the clock's
    signer._modify_request_before_signing(request)  # Host, X-Amz-Date and the session token, as sent
    signature = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    headers_to_sign = signer.headers_to_sign(request)
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={key}/{signer.credential_scope(request)}, "
        f"SignedHeaders={signer.signed_headers(headers_to_sign)}, Signature={signature}"
    )
    parts = urlsplit(url)
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers["host"] = parts.netloc  # set by the HTTP client, signed by botocore
    return SignedRequest("POST", parts.path, parts.query, headers, body)
