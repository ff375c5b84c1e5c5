"""Our SDK-HMAC-SHA256 verifier accepts exactly what huaweicloudsdkcore's own signer signs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from org_invitations.signing.request import Refusal, SignatureError, SignedRequest
from org_invitations.signing.sdk_hmac import SdkHmacAuthorization, is_sdk_hmac

KEY, SECRET = "OIAKAAAAAAAAAAAAAAAA", "s3cr3tS3cr3ts3cr3ts3cr3ts3cr3ts3cr3t0000"
NOW = datetime(2026, 11, 25, 11, 14, 21, tzinfo=UTC)
HOST = "127.0.0.1:8080"


def signed_by_the_sdk(
    method: str = "GET",
    path: str = "/v1/organizations/handshakes",
    query: list[tuple[str, object]] | None = None,
    body: bytes | None = None,
    *,
    extra_headers: dict[str, str] | None = None,
    at: datetime = NOW,
) -> SignedRequest:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "huaweicloud-usdk-python/3.0",
        "X-Sdk-Date": at.strftime("%Y%m%dT%H%M%SZ"),
        **(extra_headers or {}),
    }
    request = SdkRequest(
        method,
        "http",
        HOST,
        resource_path=path,
        query_params=list(query or []),
        header_params=headers,
        body=body,
    )
    Signer(GlobalCredentials(KEY, SECRET)).sign(request)
    raw_query = request.uri.partition("?")[2]
    return SignedRequest(
        method,
        quote(path),
        raw_query,
        {name.lower(): str(value) for name, value in request.header_params.items()},
        body or b"",
    )


def verify(request: SignedRequest, secret: str = SECRET, now: datetime = NOW) -> SdkHmacAuthorization:
    authorization = SdkHmacAuthorization.parse(request)
    authorization.verify(request, secret, now)
    return authorization


def refusal(request: SignedRequest, **kwargs: object) -> Refusal:
    with pytest.raises(SignatureError) as refused:
        verify(request, **kwargs)  # type: ignore[arg-type]
    return refused.value.refusal


def altered(request: SignedRequest, **changes: object) -> SignedRequest:
    return dataclasses.replace(request, **changes)  # type: ignore[arg-type]


def test_header_names_with_any_token_character_are_signed_and_verified() -> None:
    request = signed_by_the_sdk(extra_headers={"X.Trace": "1", "a|b": "2", "x%y": "3", "t~'*": "4"})
    assert "x.trace" in request.headers["authorization"]
    verify(request)


def test_a_get_with_paging_parameters_verifies() -> None:
    request = signed_by_the_sdk(query=[("limit", 1), ("marker", "1795428000.h-abc")])
    assert verify(request).access_key_id == KEY
    assert is_sdk_hmac(request.headers["authorization"])


def test_a_post_with_a_json_body_and_a_security_token_verifies() -> None:
    request = signed_by_the_sdk(
        "POST",
        "/v1/organizations/accounts/invite",
        body=b'{"target": {"type": "account", "entity": "x"}}',
        extra_headers={"X-Security-Token": "ost_token", "X-Domain-Id": "abc"},
    )
    assert {"x-security-token", "x-domain-id"} <= set(verify(request).signed_headers)


def test_a_post_without_a_body_verifies() -> None:
    verify(signed_by_the_sdk("POST", "/v1/received-handshakes/h-abc/accept"))


def test_the_wrong_secret_is_a_bad_signature() -> None:
    assert refusal(signed_by_the_sdk(), secret="another") is Refusal.BAD_SIGNATURE


def test_a_query_changed_after_signing_is_a_bad_signature() -> None:
    request = signed_by_the_sdk(query=[("limit", 1)])
    assert refusal(altered(request, query="limit=20")) is Refusal.BAD_SIGNATURE


def test_a_body_changed_after_signing_is_a_bad_signature() -> None:
    request = signed_by_the_sdk("POST", "/v1/organizations/accounts/invite", body=b'{"notes": "a"}')
    assert refusal(altered(request, body=b'{"notes": "b"}')) is Refusal.BAD_SIGNATURE


def test_a_path_changed_after_signing_is_a_bad_signature() -> None:
    request = signed_by_the_sdk("POST", "/v1/received-handshakes/h-abc/accept")
    assert refusal(altered(request, path="/v1/received-handshakes/h-abc/decline")) is Refusal.BAD_SIGNATURE


def test_an_unsigned_security_token_is_refused() -> None:
    request = signed_by_the_sdk()
    assert (
        refusal(altered(request, headers={**request.headers, "x-security-token": "t"})) is Refusal.MALFORMED
    )


@pytest.mark.parametrize("minutes", [-16, 16])
def test_a_signing_time_more_than_15_minutes_away_is_skewed(minutes: int) -> None:
    assert refusal(signed_by_the_sdk(at=NOW + timedelta(minutes=minutes))) is Refusal.SKEWED


@pytest.mark.parametrize(
    ("authorization", "expected"),
    [
        (None, Refusal.MISSING),
        ("AWS4-HMAC-SHA256 Credential=x", Refusal.MISSING),
        ("SDK-HMAC-SHA256 Access=KEY", Refusal.MALFORMED),
        (
            "SDK-HMAC-SHA256 Access=KEY, SignedHeaders=content-type;x-sdk-date, Signature=" + "0" * 64,
            Refusal.MALFORMED,
        ),
    ],
)
def test_an_authorization_that_is_not_sdk_hmac_is_refused(
    authorization: str | None, expected: Refusal
) -> None:
    request = signed_by_the_sdk()
    headers = {name: value for name, value in request.headers.items() if name != "authorization"}
    if authorization is not None:
        headers["authorization"] = authorization
    assert refusal(altered(request, headers=headers)) is expected
