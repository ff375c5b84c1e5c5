"""Accounts and the credentials they authenticate with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from org_invitations.clock import Clock
from org_invitations.credentials import SecretKind, hash_secret, new_secret
from org_invitations.domain.emails import canonical_email
from org_invitations.domain.errors import AccountNotFound, SignupDisabled
from org_invitations.domain.model import Account
from org_invitations.ids import new_account_id
from org_invitations.services.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class NewAccount:
    account: Account
    api_key: str


@dataclass(frozen=True, slots=True)
class NewSecurityToken:
    security_token: str
    account_id: str
    expires_at: datetime


class AccountService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, *, allow_signup: bool) -> None:
        self._uow = uow
        self._clock = clock
        self._allow_signup = allow_signup

    def create(self, name: str, email: str | None) -> NewAccount:
        if not self._allow_signup:
            raise SignupDisabled()
        now = self._clock.now()
        email = canonical_email(email) if email else None
        account = Account(id=new_account_id(), name=name, email=email, created_at=now)
        api_key = new_secret(SecretKind.API_KEY)
        with self._uow.writing() as uow:
            uow.accounts.add(account)
            uow.accounts.add_api_key(account.id, hash_secret(api_key), now)
            uow.commit()
        return NewAccount(account=account, api_key=api_key)

    def get(self, account_id: str) -> Account:
        with self._uow.reading() as uow:
            account = uow.accounts.get(account_id)
        if account is None:
            raise AccountNotFound(account_id)
        return account

    def issue_security_token(self, account_id: str, ttl: timedelta) -> NewSecurityToken:
        now = self._clock.now()
        token = new_secret(SecretKind.SECURITY_TOKEN)
        expires_at = now + ttl
        with self._uow.writing() as uow:
            uow.accounts.add_security_token(account_id, hash_secret(token), now, expires_at)
            uow.commit()
        return NewSecurityToken(security_token=token, account_id=account_id, expires_at=expires_at)

    def authenticate_api_key(self, api_key: str) -> str | None:
        """The id of the account the key belongs to, or None."""
        with self._uow.reading() as uow:
            return uow.accounts.by_api_key(hash_secret(api_key))

    def authenticate_security_token(self, token: str) -> str | None:
        """The id of the account the unexpired token belongs to, or None."""
        with self._uow.reading() as uow:
            return uow.accounts.by_security_token(hash_secret(token), self._clock.now())
