"""Huawei Cloud Organizations, declared: the SDK's own `/v1` paths, told apart by its signature."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import Headers

from org_invitations import generated
from org_invitations.handlers.huawei import HuaweiHandlers
from org_invitations.signing.sdk_hmac import SdkHmacAuthorization, is_sdk_hmac
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.credentials import SignedWithAccessKey
from org_invitations.web.dialects.huawei_errors import HuaweiErrorFormat


def _recognizes(_method: str, path: str, headers: Headers) -> bool:
    """The SDK ignores any path in its endpoint, so it shares `/v1` with the native API: a
    request signed `SDK-HMAC-SHA256` is the SDK's; a bearer token or security token is not."""
    return path.startswith("/v1/") and is_sdk_hmac(headers.get("authorization"))


def _internal_path(path: str, _headers: Headers) -> str:
    return path


HUAWEI = Dialect(
    name="huawei",
    spec=Path(generated.__file__).parent / "dialects" / "huawei" / "openapi.yaml",
    recognizes=_recognizes,
    internal_path=_internal_path,
    credentials=SignedWithAccessKey(
        SdkHmacAuthorization.parse,
        token_header="x-security-token",
        account_header="x-domain-id",  # GlobalCredentials(ak, sk, domain_id)
    ),
    errors=HuaweiErrorFormat(),
    handlers=HuaweiHandlers,
    claims_unsigned=True,
)
