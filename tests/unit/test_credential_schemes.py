"""The credential schemes the dialects declare: each vendor's header syntax over the native credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from org_invitations.domain.model import SecurityTokenGrant
from org_invitations.signing.request import Refusal, SignatureError, SignedRequest
from org_invitations.web.dialects.credentials import (
    ApiKeyInHeader,
    CredentialScheme,
    KeySecret,
    SecurityTokenInHeader,
)

NOW = datetime(2026, 11, 25, tzinfo=UTC)
ACCOUNT = "0" * 32


class Keyring:
    """One API key and two security tokens (one live, one expired), all of ACCOUNT."""

    def secret_for(self, access_key_id: str) -> KeySecret | None:
        return None

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


def test_only_an_api_key_is_answered_from_memory_and_only_a_remembered_one() -> None:
    assert ELASTIC.remembered(request(authorization="ApiKey oik_remembered"), Keyring()) == ACCOUNT
    assert INFODECK.remembered(request(x_api_key="oik_remembered"), Keyring()) == ACCOUNT
    assert ELASTIC.remembered(request(authorization="ApiKey oik_good"), Keyring()) is None  # ask the store
    assert (
        ELASTIC.remembered(request(authorization="Bearer oik_remembered"), Keyring()) is None
    )  # refused there
    assert ELASTIC.remembered(request(), Keyring()) is None
    assert VMWARE.remembered(request(csp_auth_token="oik_remembered"), Keyring()) is None


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
