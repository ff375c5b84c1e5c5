"""The things the service keeps, as plain immutable values.

Field names are the contract's (openapi/components/schemas): a response model is read
from these values by name, so each view is a declaration, not a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    alias: str  # 12 digits, unique, never changed: the id where a 12-digit account id is expected
    name: str
    email: str | None
    created_at: datetime


MAX_ACCESS_KEYS = 2
"""Permanent access keys an account may hold at once, as an AWS IAM user may."""


@dataclass(frozen=True, slots=True)
class AccessKey:
    """An access key as stored, its secret sealed under the server key (org_invitations.secret_box).

    A permanent key has neither expiry nor token. A temporary one is issued with a security
    token: it works only with that token (`security_token_hash`) and expires with it.
    """

    access_key_id: str
    account_id: str
    sealed_secret: bytes = field(repr=False)
    created_at: datetime
    expires_at: datetime | None = None
    security_token_hash: str | None = None

    @property
    def temporary(self) -> bool:
        return self.expires_at is not None


@dataclass(frozen=True, slots=True)
class SecurityTokenGrant:
    """Whom a security token acts for, and until when (it is found after that, to be told expired)."""

    account_id: str
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True, slots=True)
class OrganizationSummary:
    """An organization as an invitation names it."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    management_account_id: str  # the owner
    management_account_name: str
    created_at: datetime

    @property
    def urn(self) -> str:
        return f"organizations::{self.management_account_id}:organization:{self.id}"


@dataclass(frozen=True, slots=True)
class Member:
    organization_id: str
    account_id: str
    name: str
    roles: frozenset[Role]
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_marker: str | None
