"""The credential schemes the dialects declare: each vendor's header syntax over the native credentials."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from org_invitations.credentials import hash_secret
from org_invitations.domain.model import SecurityTokenGrant
from org_invitations.services.accounts import AccessKeySecret
from org_invitations.signing.request import Refusal, SignatureError, SignedRequest
from org_invitations.signing.sigv4 import SigV4Authorization
from org_invitations.web.dialects.credentials import (
    ApiKeyInHeader,
    CredentialScheme,
    KeySecret,
    SecurityTokenInHeader,
    SignedWithAccessKey,
)
from tests.signing import BODY, KEY, NOW, SECRET, signed_by_botocore

ACCOUNT = "0" * 32


class Keyring:
    """One API key, two security tokens (one live, one expired) and one access key, all of
    ACCOUNT; the access key's secret is remembered once a signature with it verified."""

    def __init__(self, key: AccessKeySecret | None = None) -> None:
        self.key = key or AccessKeySecret(ACCOUNT, SECRET, session_token_hash=None)
        self.remembered: dict[str, Any] = {}
        self.store_reads = 0

    def secret_for(self, access_key_id: str) -> KeySecret | None:
        self.store_reads += 1
        return self.key if access_key_id == KEY else None

    def remembered_secret(self, access_key_id: str) -> KeySecret | None:
        return self.remembered.get(access_key_id)

    def signature_verified(self, access_key_id: str, key: Any) -> None:
        self.remembered[access_key_id] = key

    def authenticate_api_key(self, api_key: str) -> str | None:
        return ACCOUNT if api_key == "oik_good" else None

    def remembered_api_key(self, api_key: str) -> str | None:
        return ACCOUNT if api_key == "oik_remembered" else None

    def security_token(self, token: str) -> SecurityTokenGrant | None:
        expiry = {"ost_good": NOW + timedelta(seconds=1), "ost_old": NOW}.get(token)
        return None if expiry is None else SecurityTokenGrant(ACCOUNT, expiry)


def request(**headers: str) -> SignedRequest:
    return SignedRequest(
        "GET", "/", "", {name.replace("_", "-"): value for name, value in headers.items()}, b""
    )


def refusal(scheme: CredentialScheme, sent: SignedRequest) -> Refusal:
    with pytest.raises(SignatureError) as refused:
        scheme.authenticate(sent, Keyring(), NOW)
    return refused.value.refusal


ELASTIC = ApiKeyInHeader("authorization", scheme="ApiKey")
INFODECK = ApiKeyInHeader("x-api-key")
VMWARE = SecurityTokenInHeader("csp-auth-token")


def test_each_syntax_carries_the_native_credential() -> None:
    assert ELASTIC.authenticate(request(authorization="ApiKey oik_good"), Keyring(), NOW) == ACCOUNT
    assert ELASTIC.authenticate(request(authorization="apikey  oik_good "), Keyring(), NOW) == ACCOUNT
    assert INFODECK.authenticate(request(x_api_key="oik_good"), Keyring(), NOW) == ACCOUNT
    assert VMWARE.authenticate(request(csp_auth_token="ost_good"), Keyring(), NOW) == ACCOUNT


def test_an_api_key_is_answered_from_memory_only_when_remembered_and_a_token_never() -> None:
    assert ELASTIC.remembered(request(authorization="ApiKey oik_remembered"), Keyring(), NOW) == ACCOUNT
    assert INFODECK.remembered(request(x_api_key="oik_remembered"), Keyring(), NOW) == ACCOUNT
    assert (
        ELASTIC.remembered(request(authorization="ApiKey oik_good"), Keyring(), NOW) is None
    )  # ask the store
    assert (
        ELASTIC.remembered(request(authorization="Bearer oik_remembered"), Keyring(), NOW) is None
    )  # refused there
    assert ELASTIC.remembered(request(), Keyring(), NOW) is None
    assert VMWARE.remembered(request(csp_auth_token="oik_remembered"), Keyring(), NOW) is None


AWS = SignedWithAccessKey(SigV4Authorization.parse, token_header="x-amz-security-token")


def test_a_signature_is_verified_every_time_with_the_secret_from_memory_once_one_verified() -> None:
    keyring = Keyring()
    assert AWS.remembered(signed_by_botocore(), keyring, NOW) is None  # nothing verified yet
    assert AWS.authenticate(signed_by_botocore(), keyring, NOW) == ACCOUNT
    assert keyring.store_reads == 1
    later = NOW + timedelta(minutes=1)
    assert AWS.remembered(signed_by_botocore(at=later), keyring, later) == ACCOUNT
    assert keyring.store_reads == 1  # answered without the store


@pytest.mark.parametrize(
    "sent",
    [
        signed_by_botocore(secret="not-the-secret"),
        replace(signed_by_botocore(), body=BODY.replace(b"h-a", b"h-b")),  # altered after signing
        signed_by_botocore(at=NOW - timedelta(minutes=20)),  # too old
        signed_by_botocore(token="a-token"),  # a token with a permanent key
        signed_by_botocore(key="OIAKBBBBBBBBBBBBBBBB"),  # another key
    ],
)
def test_a_remembered_secret_answers_no_refusal_the_store_words_them(sent: SignedRequest) -> None:
    keyring = Keyring()
    AWS.authenticate(signed_by_botocore(), keyring, NOW)
    assert AWS.remembered(sent, keyring, NOW) is None
    with pytest.raises(SignatureError):
        AWS.authenticate(sent, keyring, NOW)


def test_a_remembered_temporary_key_past_its_expiry_goes_to_the_store() -> None:
    temporary = AccessKeySecret(
        ACCOUNT, SECRET, session_token_hash=hash_secret("ost_good"), expires_at=NOW + timedelta(minutes=5)
    )
    keyring = Keyring(temporary)
    AWS.authenticate(signed_by_botocore(token="ost_good"), keyring, NOW)
    later = NOW + timedelta(minutes=5)
    assert AWS.remembered(signed_by_botocore(token="ost_good", at=later), keyring, later) is None
    with pytest.raises(SignatureError) as refused:
        AWS.authenticate(signed_by_botocore(token="ost_good", at=later), keyring, later)
    assert refused.value.refusal is Refusal.EXPIRED_TOKEN


@pytest.mark.parametrize(
    ("scheme", "sent", "expected"),
    [
        (ELASTIC, request(), Refusal.MISSING),
        (ELASTIC, request(authorization="Bearer oik_good"), Refusal.MALFORMED),
        (ELASTIC, request(authorization="ApiKey"), Refusal.MALFORMED),
        (ELASTIC, request(authorization="ApiKey oik_bad"), Refusal.UNKNOWN_KEY),
        (INFODECK, request(authorization="ApiKey oik_good"), Refusal.MISSING),
        (INFODECK, request(x_api_key="ost_good"), Refusal.UNKNOWN_KEY),
        (VMWARE, request(csp_auth_token="oik_good"), Refusal.UNKNOWN_KEY),
        (VMWARE, request(csp_auth_token="  "), Refusal.MISSING),
        (VMWARE, request(csp_auth_token="ost_old"), Refusal.EXPIRED_TOKEN),
    ],
)
def test_a_missing_malformed_or_unknown_credential_is_refused(
    scheme: CredentialScheme, sent: SignedRequest, expected: Refusal
) -> None:
    assert refusal(scheme, sent) is expected
