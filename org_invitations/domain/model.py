"""The things the service keeps, as plain immutable values.

Field names are the contract's (openapi/components/schemas): a response model is read
from these values by name, so each view is a declaration, not a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    name: str
    email: str | None
    created_at: datetime


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
