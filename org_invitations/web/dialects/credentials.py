"""How a dialect's client proves who it is, declared per dialect and checked by the router.

Each scheme reads the request as it arrived (`SignedRequest`) and answers the account it
speaks for, or raises `SignatureError` with the refusal the dialect's error table names.
The lookups go to a `Keyring` (the account service): the native API's credentials, under
the header syntax each vendor's clients use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from org_invitations.credentials import hash_secret
from org_invitations.signing.request import Refusal, SignatureError, SignedRequest

INVALID_CREDENTIAL = "The security token included in the request is invalid."


class KeySecret(Protocol):
    @property
    def account_id(self) -> str: ...

    @property
    def secret_access_key(self) -> str: ...

    @property
    def session_token_hash(self) -> str | None:
        """Set for a temporary key: the hash of the security token it was issued with."""
        ...

    def expired(self, now: datetime) -> bool: ...


class TokenGrant(Protocol):
    @property
    def account_id(self) -> str: ...

    def expired(self, now: datetime) -> bool: ...


class Keyring(Protocol):
    """The credentials a scheme may look up (AccountService provides them)."""

    def secret_for(self, access_key_id: str) -> KeySecret | None: ...

    def remembered_secret(self, access_key_id: str) -> KeySecret | None: ...

    def signature_verified(self, access_key_id: str, key: Any) -> None: ...

    def authenticate_api_key(self, api_key: str) -> str | None: ...

    def remembered_api_key(self, api_key: str) -> str | None: ...

    def security_token(self, token: str) -> TokenGrant | None: ...


class SignedAuthorization(Protocol):
    """A parsed signature: SigV4Authorization, SdkHmacAuthorization."""

    @property
    def access_key_id(self) -> str: ...

    def verify(self, request: SignedRequest, secret: str, now: Any) -> None: ...


class CredentialScheme(Protocol):
    def authenticate(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str: ...

    def remembered(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str | None:
        """The account, when the keyring answers from memory (no I/O: on the event loop); else
        None, and `authenticate` decides."""


@dataclass(frozen=True)
class SignedWithAccessKey:
    """An HMAC signature with an access key (AWS SigV4, Huawei SDK-HMAC-SHA256), verified on the
    bytes as sent; a temporary key also needs its security token in `token_header`.

    Every request's signature is verified; only the key's secret may come from memory (a key
    whose signature verified lately), which spares the database read and the unsealing.
    """

    parse: Callable[[SignedRequest], SignedAuthorization]
    token_header: str
    account_header: str | None = None  # where the SDK may name the account; it must be the key's

    def authenticate(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str:
        authorization = self.parse(request)
        key = keyring.secret_for(authorization.access_key_id)
        if key is None:
            raise SignatureError(Refusal.UNKNOWN_KEY, INVALID_CREDENTIAL)
        account_id = self._verified(request, authorization, key, now)
        keyring.signature_verified(authorization.access_key_id, key)
        return account_id

    def remembered(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str | None:
        try:
            authorization = self.parse(request)
            key = keyring.remembered_secret(authorization.access_key_id)
            return None if key is None else self._verified(request, authorization, key, now)
        except SignatureError:
            return None  # `authenticate` words the refusal, from the store

    def _verified(
        self, request: SignedRequest, authorization: SignedAuthorization, key: KeySecret, now: datetime
    ) -> str:
        authorization.verify(request, key.secret_access_key, now)
        named = request.headers.get(self.account_header) if self.account_header else None
        if named is not None and named != key.account_id:
            raise SignatureError(Refusal.UNKNOWN_KEY, f"The access key does not belong to account {named}.")
        token = request.headers.get(self.token_header)
        if key.session_token_hash is None and token is not None:
            raise SignatureError(Refusal.BAD_TOKEN, "A security token was sent with a permanent access key.")
        if key.session_token_hash is not None and (
            token is None or hash_secret(token) != key.session_token_hash
        ):
            raise SignatureError(Refusal.BAD_TOKEN, INVALID_CREDENTIAL)
        if key.expired(now):  # told only to whoever proved it holds the secret and the token
            raise SignatureError(
                Refusal.EXPIRED_TOKEN, "The security token included in the request is expired."
            )
        return key.account_id


@dataclass(frozen=True)
class ApiKeyInHeader:
    """A native API key in a header of the vendor's naming, after an optional scheme word
    (`Authorization: ApiKey <key>` for Elastic, `X-API-Key: <key>` for Infodeck)."""

    header: str
    scheme: str | None = None

    def authenticate(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str:
        key = _credential(request, self.header, self.scheme)
        return _known(keyring.authenticate_api_key(key))

    def remembered(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str | None:
        try:
            key = _credential(request, self.header, self.scheme)
        except SignatureError:
            return None  # `authenticate` words the refusal
        return keyring.remembered_api_key(key)


@dataclass(frozen=True)
class SecurityTokenInHeader:
    """A native security token in a header of the vendor's naming (VMware's `csp-auth-token`),
    looked up in the store on every request."""

    header: str

    def remembered(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str | None:
        return None

    def authenticate(self, request: SignedRequest, keyring: Keyring, now: datetime) -> str:
        grant = keyring.security_token(_credential(request, self.header, None))
        if grant is not None and grant.expired(now):  # only whoever holds the token learns this
            raise SignatureError(Refusal.EXPIRED_TOKEN, "The access token has expired; authorize again.")
        return _known(None if grant is None else grant.account_id)


def _credential(request: SignedRequest, header: str, scheme: str | None) -> str:
    value = request.headers.get(header, "").strip()
    if not value:
        raise SignatureError(Refusal.MISSING, f"Authentication is required: send the {header} header.")
    if scheme is None:
        return value
    given, _, credential = value.partition(" ")
    if given.lower() != scheme.lower() or not credential.strip():
        raise SignatureError(Refusal.MALFORMED, f"The {header} header must read `{scheme} <key>`.")
    return credential.strip()


def _known(account_id: str | None) -> str:
    if account_id is None:
        raise SignatureError(
            Refusal.UNKNOWN_KEY, "The credential is not valid (unknown, deleted or expired)."
        )
    return account_id
