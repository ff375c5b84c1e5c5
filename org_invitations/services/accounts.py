"""Accounts and the credentials they authenticate with."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from org_invitations.clock import Clock
from org_invitations.credentials import (
    SecretKind,
    hash_secret,
    new_access_key_id,
    new_access_key_secret,
    new_secret,
)
from org_invitations.domain.emails import canonical_email
from org_invitations.domain.errors import (
    AccessKeyLimitExceeded,
    AccessKeyNotFound,
    AccountNotFound,
    SignupDisabled,
)
from org_invitations.domain.model import MAX_ACCESS_KEYS, AccessKey, Account, SecurityTokenGrant
from org_invitations.ids import new_account_alias, new_account_id
from org_invitations.secret_box import SecretBox, UnreadableSecret
from org_invitations.services.known_keys import KnownKeys
from org_invitations.services.ports import UnitOfWorkFactory

logger = logging.getLogger(__name__)

ALIAS_ATTEMPTS = 8
"""Fresh aliases tried before giving up; with 9 * 10**11 of them, a second is rarely needed."""


@dataclass(frozen=True, slots=True)
class NewAccount:
    account: Account
    api_key: str


@dataclass(frozen=True, slots=True)
class NewSecurityToken:
    security_token: str
    account_id: str
    expires_at: datetime
    access_key_id: str  # the temporary access key bound to the token
    secret_access_key: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class NewAccessKey:
    access_key_id: str
    secret_access_key: str = field(repr=False)
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AccessKeySecret:
    """What a signature verifier needs of an access key: whose it is and its secret.

    `session_token_hash` is None for a permanent key; for a temporary one it is the hash
    (`credentials.hash_secret`) of the security token that must come with the signature,
    and `expires_at` the moment from which the key no longer signs.
    """

    account_id: str
    secret_access_key: str = field(repr=False)
    session_token_hash: str | None
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


class AccountService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        box: SecretBox,
        *,
        allow_signup: bool,
        known_keys: KnownKeys[str] | None = None,
        known_secrets: KnownKeys[AccessKeySecret] | None = None,
    ) -> None:
        """`known_keys`: API keys proved lately (by hash: their accounts); `known_secrets`: access
        keys whose signatures were verified lately (by id: their secrets). None remembers nothing."""
        self._uow = uow
        self._clock = clock
        self._box = box
        self._allow_signup = allow_signup
        self._known_keys = known_keys or KnownKeys(lifetime=timedelta(0), capacity=0)
        self._known_secrets = known_secrets or KnownKeys(lifetime=timedelta(0), capacity=0)

    def create(self, name: str, email: str | None, *, by_operator: bool = False) -> NewAccount:
        """`by_operator`: the service's operator (the admin command line) creates accounts even
        when sign-up is switched off, which closes it to the public only."""
        if not (self._allow_signup or by_operator):
            raise SignupDisabled()
        now = self._clock.now()
        email = canonical_email(email) if email else None
        api_key = new_secret(SecretKind.API_KEY)
        with self._uow.writing() as uow:
            for _ in range(ALIAS_ATTEMPTS):
                account = Account(
                    id=new_account_id(), alias=new_account_alias(), name=name, email=email, created_at=now
                )
                if uow.accounts.add(account):
                    break
            else:
                raise RuntimeError(f"no free account alias in {ALIAS_ATTEMPTS} attempts")
            uow.accounts.add_api_key(account.id, hash_secret(api_key), now)
            uow.commit()
        return NewAccount(account=account, api_key=api_key)

    def get(self, account_id: str) -> Account:
        with self._uow.reading() as uow:
            account = uow.accounts.get(account_id)
        if account is None:
            raise AccountNotFound(account_id)
        return account

    def get_many(self, account_ids: Collection[str]) -> dict[str, Account]:
        """Those of these accounts that exist, by id, read at once (for the views of a page)."""
        with self._uow.reading() as uow:
            return uow.accounts.get_many(account_ids)

    def by_alias(self, alias: str) -> Account | None:
        """The account whose 12-digit alias this is, or None."""
        with self._uow.reading() as uow:
            return uow.accounts.by_alias(alias)

    def issue_security_token(self, account_id: str, ttl: timedelta) -> NewSecurityToken:
        """A security token, and a temporary access key that works with it and expires with it."""
        now = self._clock.now()
        token = new_secret(SecretKind.SECURITY_TOKEN)
        expires_at = now + ttl
        access_key_id = new_access_key_id(temporary=True)
        secret = new_access_key_secret()
        key = AccessKey(
            access_key_id=access_key_id,
            account_id=account_id,
            sealed_secret=self._box.seal(secret, access_key_id),
            created_at=now,
            expires_at=expires_at,
            security_token_hash=hash_secret(token),
        )
        with self._uow.writing() as uow:
            uow.accounts.add_security_token(account_id, hash_secret(token), now, expires_at)
            uow.accounts.add_temporary_access_key(key)
            uow.commit()
        return NewSecurityToken(
            security_token=token,
            account_id=account_id,
            expires_at=expires_at,
            access_key_id=access_key_id,
            secret_access_key=secret,
        )

    def authenticate_api_key(self, api_key: str) -> str | None:
        """The id of the account the key belongs to, or None."""
        key_hash = hash_secret(api_key)
        with self._uow.reading() as uow:
            account_id = uow.accounts.by_api_key(key_hash)
        if account_id is not None:
            self._known_keys.remember(key_hash, account_id, self._clock.now())
        return account_id

    def remembered_api_key(self, api_key: str) -> str | None:
        """The account of a key this process proved lately, or None (then ask `authenticate_api_key`).
        No I/O: the event loop answers most requests' authentication without a thread hand-off."""
        return self._known_keys.recall(hash_secret(api_key), self._clock.now())

    def authenticate_security_token(self, token: str) -> str | None:
        """The id of the account the unexpired token belongs to, or None."""
        grant = self.security_token(token)
        return None if grant is None or grant.expired(self._clock.now()) else grant.account_id

    def security_token(self, token: str) -> SecurityTokenGrant | None:
        """Whom the token acts for and until when, also once expired (VMware says so), or None."""
        with self._uow.reading() as uow:
            return uow.accounts.security_token(hash_secret(token))

    def create_access_key(self, account_id: str) -> NewAccessKey:
        """A permanent access key; its secret is returned here and never again."""
        now = self._clock.now()
        access_key_id = new_access_key_id(temporary=False)
        secret = new_access_key_secret()
        key = AccessKey(
            access_key_id=access_key_id,
            account_id=account_id,
            sealed_secret=self._box.seal(secret, access_key_id),
            created_at=now,
        )
        with self._uow.writing() as uow:
            if not uow.accounts.add_access_key(key, limit=MAX_ACCESS_KEYS):
                raise AccessKeyLimitExceeded(MAX_ACCESS_KEYS)
            uow.commit()
        return NewAccessKey(access_key_id=access_key_id, secret_access_key=secret, created_at=now)

    def access_keys(self, account_id: str) -> list[AccessKey]:
        """The account's permanent access keys, oldest first (their secrets stay sealed)."""
        with self._uow.reading() as uow:
            return uow.accounts.access_keys(account_id)

    def delete_access_key(self, account_id: str, access_key_id: str) -> None:
        with self._uow.writing() as uow:
            if not uow.accounts.delete_access_key(account_id, access_key_id):
                raise AccessKeyNotFound(access_key_id)
            uow.commit()
        self._known_secrets.forget(access_key_id)

    def secret_for(self, access_key_id: str) -> AccessKeySecret | None:
        """For the signature verifiers: the key's account, secret and expiry; None for an unknown key.

        An expired temporary key is still returned: a caller who proves it holds the secret
        is told its token expired (AWS's ExpiredTokenException), not that the key is unknown.
        """
        with self._uow.reading() as uow:
            key = uow.accounts.by_access_key(access_key_id)
        if key is None:
            return None
        try:
            secret = self._box.open(key.sealed_secret, key.access_key_id)
        except UnreadableSecret:
            # Sealed under another server key (was it changed?), or altered in the database.
            logger.error("the secret of access key %s does not open with the server key", access_key_id)
            return None
        return AccessKeySecret(
            account_id=key.account_id,
            secret_access_key=secret,
            session_token_hash=key.security_token_hash,
            expires_at=key.expires_at,
        )

    def signature_verified(self, access_key_id: str, key: AccessKeySecret) -> None:
        """Remember a permanent key whose signature just verified, for `remembered_secret`.

        A temporary key (with its security token) is read from the store every time: it lives
        minutes to hours, and its expiry is the store's to say."""
        if key.session_token_hash is None:
            self._known_secrets.remember(access_key_id, key, self._clock.now())

    def remembered_secret(self, access_key_id: str) -> AccessKeySecret | None:
        """The key of a signature this process verified lately, or None (then ask `secret_for`).
        No I/O: the event loop verifies most signed requests without a thread hand-off."""
        return self._known_secrets.recall(access_key_id, self._clock.now())
