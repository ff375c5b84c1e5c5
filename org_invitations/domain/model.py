"""The things the service keeps, as plain immutable values."""

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
class Organization:
    id: str
    name: str
    owner_id: str
    owner_name: str
    created_at: datetime

    @property
    def urn(self) -> str:
        return f"organizations::{self.owner_id}:organization:{self.id}"


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
