"""Repositories: the only code that queries tables; they speak in domain values."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from org_invitations.domain.model import (
    AccessKey,
    Account,
    Member,
    Organization,
    Page,
    Role,
    SecurityTokenGrant,
)
from org_invitations.storage.paging import after, decode_marker, encode_marker
from org_invitations.storage.prepared import PreparedInsert, PreparedSelect
from org_invitations.storage.rows import roles_from_column, roles_to_column, run
from org_invitations.storage.tables import (
    AccessKeyRow,
    AccountRow,
    ApiKeyRow,
    MembershipRow,
    OrganizationRow,
    SecurityTokenRow,
)

# The lookups every request makes, built once (see rows.run) and prepared (storage.prepared).
_ACCOUNT = PreparedSelect(select(AccountRow.__table__).where(AccountRow.id == bindparam("account_id")))
_ACCOUNTS = select(AccountRow.__table__).where(AccountRow.id.in_(bindparam("account_ids", expanding=True)))
_ACCESS_KEY = PreparedSelect(
    select(AccessKeyRow.__table__).where(AccessKeyRow.id == bindparam("access_key_id"))
)
_ACCOUNT_OF_API_KEY = PreparedSelect(
    select(ApiKeyRow.account_id).where(ApiKeyRow.key_hash == bindparam("key_hash"))
)
_SECURITY_TOKEN = PreparedSelect(
    select(SecurityTokenRow.account_id, SecurityTokenRow.expires_at).where(
        SecurityTokenRow.token_hash == bindparam("token_hash")
    )
)
_ORGANIZATION = PreparedSelect(
    select(OrganizationRow.__table__, AccountRow.name.label("owner_name"))
    .join(AccountRow, AccountRow.id == OrganizationRow.owner_id)
    .where(OrganizationRow.id == bindparam("organization_id"))
)
_ROLES = PreparedSelect(
    select(MembershipRow.roles).where(
        MembershipRow.organization_id == bindparam("organization_id"),
        MembershipRow.account_id == bindparam("account_id"),
    )
)
_ADD_ACCOUNT = PreparedInsert(AccountRow, unless_taken=True)
_ADD_ACCESS_KEY = PreparedInsert(AccessKeyRow, unless_taken=True)
_ADD_MEMBERSHIP = PreparedInsert(MembershipRow, unless_taken=True)
_MEMBER_ELSEWHERE = (
    select(MembershipRow.organization_id)
    .where(
        MembershipRow.account_id == bindparam("account_id"),
        MembershipRow.organization_id != bindparam("organization_id"),
    )
    .limit(1)
)


def _account(row: Any) -> Account:
    return Account(id=row.id, alias=row.alias, name=row.name, email=row.email, created_at=row.created_at)


def _access_key(row: Any) -> AccessKey:
    """From an ORM row or a Core one: the same names."""
    return AccessKey(
        access_key_id=row.id,
        account_id=row.account_id,
        sealed_secret=row.sealed_secret,
        created_at=row.created_at,
        expires_at=row.expires_at,
        security_token_hash=row.security_token_hash,
    )


def _access_key_values(key: AccessKey, slot: int | None) -> dict[str, Any]:
    return {
        "id": key.access_key_id,
        "account_id": key.account_id,
        "slot": slot,
        "sealed_secret": key.sealed_secret,
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "security_token_hash": key.security_token_hash,
    }


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, account: Account) -> bool:
        """Insert (at once: rows referencing it may follow); False when the alias or id is taken."""
        return _ADD_ACCOUNT.add(
            self._session,
            id=account.id,
            alias=account.alias,
            name=account.name,
            email=account.email,
            created_at=account.created_at,
        )

    def get(self, account_id: str) -> Account | None:
        row = _ACCOUNT.first(self._session, account_id=account_id)
        return _account(row) if row else None

    def get_many(self, account_ids: Collection[str]) -> dict[str, Account]:
        if not account_ids:
            return {}
        rows = run(self._session, _ACCOUNTS, account_ids=sorted(set(account_ids)))
        return {row.id: _account(row) for row in rows}

    def by_alias(self, alias: str) -> Account | None:
        row = self._session.scalar(select(AccountRow).where(AccountRow.alias == alias))
        return _account(row) if row else None

    def lock(self, account_id: str) -> None:
        self._session.execute(select(AccountRow.id).where(AccountRow.id == account_id).with_for_update())

    def add_api_key(self, account_id: str, key_hash: str, now: datetime) -> None:
        self._session.add(ApiKeyRow(account_id=account_id, key_hash=key_hash, created_at=now))

    def by_api_key(self, key_hash: str) -> str | None:
        account_id: str | None = _ACCOUNT_OF_API_KEY.scalar(self._session, key_hash=key_hash)
        return account_id

    def add_security_token(
        self, account_id: str, token_hash: str, now: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            SecurityTokenRow(
                account_id=account_id, token_hash=token_hash, created_at=now, expires_at=expires_at
            )
        )

    def security_token(self, token_hash: str) -> SecurityTokenGrant | None:
        row = _SECURITY_TOKEN.first(self._session, token_hash=token_hash)
        return None if row is None else SecurityTokenGrant(row.account_id, row.expires_at)

    def add_access_key(self, key: AccessKey, *, limit: int) -> bool:
        """Into the first free slot of the account's `limit`: a slot taken meanwhile by a
        concurrent insert is a unique violation, and the next slot is tried."""
        return any(
            _ADD_ACCESS_KEY.add(self._session, **_access_key_values(key, slot))
            for slot in range(1, limit + 1)
        )

    def add_temporary_access_key(self, key: AccessKey) -> None:
        self._session.flush()  # the security token it references first
        self._session.add(AccessKeyRow(**_access_key_values(key, None)))

    def access_keys(self, account_id: str) -> list[AccessKey]:
        rows = self._session.scalars(
            select(AccessKeyRow)
            .where(AccessKeyRow.account_id == account_id, AccessKeyRow.slot.is_not(None))
            .order_by(AccessKeyRow.created_at, AccessKeyRow.id)
        )
        return [_access_key(row) for row in rows]

    def delete_access_key(self, account_id: str, access_key_id: str) -> bool:
        deleted = self._session.execute(
            delete(AccessKeyRow).where(
                AccessKeyRow.id == access_key_id,
                AccessKeyRow.account_id == account_id,
                AccessKeyRow.slot.is_not(None),
            )
        )
        return bool(getattr(deleted, "rowcount", 0))

    def by_access_key(self, access_key_id: str) -> AccessKey | None:
        row = _ACCESS_KEY.first(self._session, access_key_id=access_key_id)
        return _access_key(row) if row else None


class OrganizationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, organization: Organization) -> None:
        self._session.add(
            OrganizationRow(
                id=organization.id,
                name=organization.name,
                owner_id=organization.management_account_id,
                created_at=organization.created_at,
            )
        )
        self._session.flush()  # rows referencing it may follow in this unit of work

    def get(self, organization_id: str) -> Organization | None:
        row = _ORGANIZATION.first(self._session, organization_id=organization_id)
        if row is None:
            return None
        return Organization(
            id=row.id,
            name=row.name,
            management_account_id=row.owner_id,
            management_account_name=row.owner_name,
            created_at=row.created_at,
        )


class MembershipRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, organization_id: str, account_id: str, roles: frozenset[Role], joined_at: datetime) -> bool:
        """Insert; False when the account is already a member (it may have joined concurrently)."""
        return _ADD_MEMBERSHIP.add(
            self._session,
            organization_id=organization_id,
            account_id=account_id,
            roles=roles_to_column(roles),
            joined_at=joined_at,
        )

    def roles_of(self, organization_id: str, account_id: str) -> frozenset[Role] | None:
        """The account's roles in the organization, or None when it is not a member."""
        value = _ROLES.scalar(self._session, organization_id=organization_id, account_id=account_id)
        return roles_from_column(value) if value is not None else None

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[Member]:
        """Members by join time, then account id; keyset-paged on ix_memberships_org_joined."""
        query = (
            select(MembershipRow, AccountRow.name)
            .join(AccountRow, AccountRow.id == MembershipRow.account_id)
            .where(MembershipRow.organization_id == organization_id)
            .order_by(MembershipRow.joined_at, MembershipRow.account_id)
            .limit(limit + 1)
        )
        if marker is not None:
            joined_at, account_id = decode_marker(marker)
            query = query.where(
                after(
                    (MembershipRow.joined_at, MembershipRow.account_id),
                    (joined_at, account_id),
                    descending=False,
                )
            )
        rows = self._session.execute(query).all()
        members = [
            Member(
                organization_id=row.organization_id,
                account_id=row.account_id,
                name=name,
                roles=roles_from_column(row.roles),
                joined_at=row.joined_at,
            )
            for row, name in rows[:limit]
        ]
        next_marker = None
        if len(rows) > limit:
            last = members[-1]
            next_marker = encode_marker(last.joined_at, last.account_id)
        return Page(items=members, next_marker=next_marker)

    def get(self, organization_id: str, account_id: str) -> Member | None:
        found = self._session.execute(
            select(MembershipRow, AccountRow.name)
            .join(AccountRow, AccountRow.id == MembershipRow.account_id)
            .where(MembershipRow.organization_id == organization_id, MembershipRow.account_id == account_id)
        ).first()
        if found is None:
            return None
        row, name = found
        return Member(row.organization_id, row.account_id, name, roles_from_column(row.roles), row.joined_at)

    def belongs_elsewhere(self, account_id: str, organization_id: str) -> bool:
        other = run(self._session, _MEMBER_ELSEWHERE, account_id=account_id, organization_id=organization_id)
        return other.first() is not None

    def first_organization_of(self, account_id: str) -> str | None:
        """The organization the account owns, else the one it joined first (by join time, then id)."""
        owned = self._session.scalar(
            select(OrganizationRow.id)
            .where(OrganizationRow.owner_id == account_id)
            .order_by(OrganizationRow.created_at, OrganizationRow.id)
            .limit(1)
        )
        if owned is not None:
            return owned
        return self._session.scalar(
            select(MembershipRow.organization_id)
            .where(MembershipRow.account_id == account_id)
            .order_by(MembershipRow.joined_at, MembershipRow.organization_id)
            .limit(1)
        )

    def remove(self, organization_id: str, account_id: str) -> None:
        self._session.execute(
            delete(MembershipRow).where(
                MembershipRow.organization_id == organization_id, MembershipRow.account_id == account_id
            )
        )
