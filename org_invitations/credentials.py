"""Secrets (API keys, security tokens, invitation tokens): unguessable, stored as SHA-256.

The secrets carry 256 bits of entropy, so a fast unsalted hash is enough to make
a stolen table useless, and it lets a presented secret be found by an index lookup.

Invitation tokens are not random but derived (`InvitationTokens`): an HMAC of the
invitation's id and token version under a key derived from the server key. Only their
hash is stored, as for the others, yet the server can show an organization's admins the
token again (as Elastic, Infodeck and VMware do); a resend bumps the version, which kills
the old token. A copy of the database alone reveals no token.

Access keys are the exception: signatures are HMACs keyed by their secret, so the
server must recover it; it is kept encrypted instead (org_invitations/secret_box.py).
Their secrets carry no prefix (the vendors' SDKs expect 40 plain characters), so log
redaction cannot recognize them: no code path may log one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from enum import StrEnum


class SecretKind(StrEnum):
    API_KEY = "oik_"
    SECURITY_TOKEN = "ost_"
    INVITATION_TOKEN = "oit_"


def new_secret(kind: SecretKind) -> str:
    return kind.value + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


PERMANENT_ACCESS_KEY_PREFIX = "OIAK"
TEMPORARY_ACCESS_KEY_PREFIX = "OIAS"
_ACCESS_KEY_ID_ALPHABET = string.ascii_uppercase + string.digits
_ACCESS_KEY_SECRET_ALPHABET = string.ascii_letters + string.digits


def new_access_key_id(*, temporary: bool) -> str:
    """20 characters of [0-9A-Z]: `OIAK` (permanent) or `OIAS` (temporary) and 16 random ones (82 bits)."""
    prefix = TEMPORARY_ACCESS_KEY_PREFIX if temporary else PERMANENT_ACCESS_KEY_PREFIX
    return prefix + "".join(secrets.choice(_ACCESS_KEY_ID_ALPHABET) for _ in range(16))


def new_access_key_secret() -> str:
    """40 characters of [A-Za-z0-9] (238 bits), which both vendors' SDKs pass through untouched."""
    return "".join(secrets.choice(_ACCESS_KEY_SECRET_ALPHABET) for _ in range(40))


class FormTokens:
    """The invitation page's protection against cross-site request forgery: its form carries an
    HMAC of the browser's own cookie (random, SameSite=Strict) and the invitation token, under
    a key derived from the server key. A page on another site can neither read the cookie nor
    make the browser send it, so it cannot make a form that passes."""

    def __init__(self, server_key: bytes) -> None:
        self._key = hmac.new(server_key, b"org-invitations/form-tokens/v1", hashlib.sha256).digest()

    def __repr__(self) -> str:
        return "FormTokens(<derived key>)"

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(32)

    def of(self, cookie: str, invitation_token: str) -> str:
        mac = hmac.new(self._key, f"{cookie}/{invitation_token}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def valid(self, cookie: str | None, invitation_token: str, given: str) -> bool:
        return bool(cookie) and hmac.compare_digest(self.of(cookie or "", invitation_token), given)


class InvitationTokens:
    """The invitation token of an invitation id and token version, derived from the server key."""

    def __init__(self, server_key: bytes) -> None:
        # A key of its own (the server key also seals access-key secrets): HMAC as the KDF.
        self._key = hmac.new(server_key, b"org-invitations/invitation-tokens/v1", hashlib.sha256).digest()

    def __repr__(self) -> str:
        return "InvitationTokens(<derived key>)"

    def of(self, invitation_id: str, version: int) -> str:
        mac = hmac.new(self._key, f"{invitation_id}/{version}".encode(), hashlib.sha256).digest()
        return SecretKind.INVITATION_TOKEN + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
