"""Our SigV4 verifier accepts exactly what botocore's own signer signs, and nothing altered."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from org_invitations.signing.request import Refusal, SignatureError, SignedRequest
from org_invitations.signing.sigv4 import SigV4Authorization
from tests.signing import BODY, KEY, NOW, SECRET, signed_by_botocore


def verify(request: SignedRequest, secret: str = SECRET, now: datetime = NOW) -> SigV4Authorization:
    authorization = SigV4Authorization.parse(request)
    authorization.verify(request, secret, now)
    return authorization


def refusal(request: SignedRequest, **kwargs: object) -> Refusal:
    with pytest.raises(SignatureError) as refused:
        verify(request, **kwargs)  # type: ignore[arg-type]
    return refused.value.refusal


def test_a_botocore_signature_verifies_and_names_its_scope() -> None:
    authorization = verify(signed_by_botocore())
    assert (authorization.access_key_id, authorization.region, authorization.service) == (
        KEY,
        "eu-west-1",
        "organizations",
    )


def test_header_names_with_any_token_character_are_signed_and_verified() -> None:
    request = signed_by_botocore(extra_headers={"X.Trace": "1", "a|b": "2", "x%y": "3", "t~'*": "4"})
    assert "x.trace" in request.headers["authorization"]
    verify(request)


def test_a_query_string_is_part_of_what_is_signed() -> None:
    request = signed_by_botocore(url="http://127.0.0.1:8080/?b=2&a=x%20y")
    verify(request)
    changed = SignedRequest(request.method, request.path, "b=3&a=x%20y", request.headers, request.body)
    assert refusal(changed) is Refusal.BAD_SIGNATURE


def test_the_wrong_secret_is_a_bad_signature() -> None:
    assert refusal(signed_by_botocore(), secret="another") is Refusal.BAD_SIGNATURE


def test_a_body_changed_after_signing_is_a_bad_signature() -> None:
    request = signed_by_botocore()
    tampered = SignedRequest(
        request.method, request.path, request.query, request.headers, BODY.replace(b"h-a", b"h-b")
    )
    assert refusal(tampered) is Refusal.BAD_SIGNATURE


def test_a_signed_header_changed_after_signing_is_a_bad_signature() -> None:
    request = signed_by_botocore()
    headers = {**request.headers, "x-amz-target": "AWSOrganizationsV20161128.AcceptHandshake"}
    assert (
        refusal(SignedRequest(request.method, request.path, "", headers, request.body))
        is Refusal.BAD_SIGNATURE
    )


def test_an_unsigned_amz_header_is_refused() -> None:
    request = signed_by_botocore()
    headers = {**request.headers, "x-amz-security-token": "smuggled"}
    assert (
        refusal(SignedRequest(request.method, request.path, "", headers, request.body)) is Refusal.MALFORMED
    )


def test_a_session_token_is_signed_with_the_request() -> None:
    request = signed_by_botocore(token="ost_token")
    assert "x-amz-security-token" in verify(request).signed_headers
    headers = {**request.headers, "x-amz-security-token": "ost_other"}
    assert (
        refusal(SignedRequest(request.method, request.path, "", headers, request.body))
        is Refusal.BAD_SIGNATURE
    )


@pytest.mark.parametrize("minutes", [-16, 16])
def test_a_signing_time_more_than_15_minutes_away_is_skewed(minutes: int) -> None:
    request = signed_by_botocore(at=NOW + timedelta(minutes=minutes))
    assert refusal(request) is Refusal.SKEWED


def test_a_signing_time_within_15_minutes_is_fine() -> None:
    verify(signed_by_botocore(at=NOW - timedelta(minutes=14)))


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer oik_x",
        "AWS4-HMAC-SHA256 Credential=KEY/20261125/us-east-1/organizations/aws4_request",
        "AWS4-HMAC-SHA256 Credential=KEY/20261125/us-east-1/organizations/aws4_request, "
        "SignedHeaders=content-type;x-amz-date, Signature=" + "0" * 64,  # host unsigned
    ],
)
def test_an_authorization_that_is_not_sigv4_is_refused(authorization: str | None) -> None:
    request = signed_by_botocore()
    headers = {name: value for name, value in request.headers.items() if name != "authorization"}
    if authorization is not None:
        headers["authorization"] = authorization
    expected = Refusal.MISSING if authorization in (None, "Bearer oik_x") else Refusal.MALFORMED
    assert refusal(SignedRequest("POST", "/", "", headers, request.body)) is expected
