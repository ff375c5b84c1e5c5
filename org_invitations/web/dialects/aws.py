"""AWS Organizations, declared: `POST /` with `X-Amz-Target`, SigV4, JSON 1.1 errors."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.datastructures import Headers

from org_invitations import generated
from org_invitations.handlers.aws import AwsHandlers
from org_invitations.signing.sigv4 import SigV4Authorization
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.aws_errors import AwsErrorFormat
from org_invitations.web.dialects.credentials import SignedWithAccessKey

TARGET = "x-amz-target"
_ACTION = re.compile(r"[A-Za-z0-9]{1,64}\.[A-Za-z0-9]{1,64}")


def _recognizes(_method: str, path: str, headers: Headers) -> bool:
    """Any method: the action's contract answers a method other than POST with 405."""
    return path == "/" and TARGET in headers


def _internal_path(_path: str, headers: Headers) -> str:
    """The action's path in the contract; anything else is an operation the contract lacks."""
    target = headers[TARGET]
    return "/" + target if _ACTION.fullmatch(target) else "/UnknownOperation"


AWS = Dialect(
    name="aws",
    spec=Path(generated.__file__).parent / "dialects" / "aws" / "openapi.yaml",
    recognizes=_recognizes,
    internal_path=_internal_path,
    credentials=SignedWithAccessKey(SigV4Authorization.parse, token_header="x-amz-security-token"),
    errors=AwsErrorFormat(),
    handlers=AwsHandlers,
)
