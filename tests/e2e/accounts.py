"""Accounts for the SDK tests, made the way a user makes them: through the native API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import Connection, update

from org_invitations.credentials import hash_secret
from org_invitations.storage.engine import make_engine
from org_invitations.storage.tables import AccessKeyRow, InvitationRow, SecurityTokenRow
from tests.e2e.conftest import Server


@dataclass(frozen=True)
class SignedUp:
    """An account with an API key and one permanent access key pair."""

    id: str
    alias: str
    api_key: str
    access_key_id: str
    secret_access_key: str


@dataclass(frozen=True)
class TemporaryCredentials:
    access_key_id: str
    secret_access_key: str
    security_token: str


def sign_up(server: Server, name: str) -> SignedUp:
    created = httpx.post(
        f"{server.base_url}/v1/accounts", json={"name": name, "email": f"{name}@example.com"}
    )
    api_key = created.json()["api_key"]
    auth = {"Authorization": f"Bearer {api_key}"}
    me = httpx.get(f"{server.base_url}/v1/accounts/me", headers=auth).json()
    key = httpx.post(f"{server.base_url}/v1/accounts/me/access-keys", headers=auth).json()
    return SignedUp(me["id"], me["alias"], api_key, key["access_key_id"], key["secret_access_key"])


def temporary_credentials(server: Server, account: SignedUp) -> TemporaryCredentials:
    issued = httpx.post(
        f"{server.base_url}/v1/security-tokens",
        json={"ttl_seconds": 900},
        headers={"Authorization": f"Bearer {account.api_key}"},
    ).json()
    return TemporaryCredentials(
        issued["access_key_id"], issued["secret_access_key"], issued["security_token"]
    )


def organization_with_member(server: Server, owner: SignedUp, member: SignedUp, name: str) -> str:
    """The owner's new organization, which `member` joined as a plain member (natively)."""
    base, as_owner = f"{server.base_url}/v1", {"Authorization": f"Bearer {owner.api_key}"}
    organization = httpx.post(f"{base}/organizations", json={"name": name}, headers=as_owner).json()["id"]
    invitation = httpx.post(
        f"{base}/organizations/{organization}/invitations",
        json={"target": {"type": "account", "entity": member.id}, "roles": ["member"]},
        headers=as_owner,
    ).json()["invitation"]
    accepted = httpx.post(
        f"{base}/organizations/handshakes/{invitation['id']}/accept",
        headers={"Authorization": f"Bearer {member.api_key}"},
    )
    assert accepted.status_code == 200, accepted.text
    return str(organization)


def let_expire(server: Server, credentials: TemporaryCredentials) -> None:
    """Move the credentials' expiry into the past, as fifteen minutes of waiting would."""
    with _expiring(server) as (connection, past):
        key = connection.execute(
            update(AccessKeyRow)
            .where(AccessKeyRow.id == credentials.access_key_id)
            .values(expires_at=past)
            .returning(AccessKeyRow.security_token_hash)
        ).scalar_one()
        connection.execute(
            update(SecurityTokenRow).where(SecurityTokenRow.token_hash == key).values(expires_at=past)
        )


def let_token_expire(server: Server, security_token: str) -> None:
    """Move a security token's expiry into the past (VMware's access token, after its 30 minutes)."""
    with _expiring(server) as (connection, past):
        connection.execute(
            update(SecurityTokenRow)
            .where(SecurityTokenRow.token_hash == hash_secret(security_token))
            .values(expires_at=past)
        )


def let_invitation_expire(server: Server, invitation_id: str) -> None:
    """Move an invitation's expiry into the past, as waiting for it would."""
    with _expiring(server) as (connection, past):
        connection.execute(
            update(InvitationRow).where(InvitationRow.id == invitation_id).values(expires_at=past)
        )


@contextmanager
def _expiring(server: Server) -> Iterator[tuple[Connection, datetime]]:
    engine = make_engine(server.database_url)
    try:
        with engine.begin() as connection:
            yield connection, datetime.now(UTC) - timedelta(seconds=1)
    finally:
        engine.dispose()
