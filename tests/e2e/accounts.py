"""Accounts for the SDK tests, made the way a user makes them: through the native API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from org_invitations.storage.engine import make_engine
from org_invitations.storage.tables import AccessKeyRow, SecurityTokenRow
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


def let_expire(server: Server, credentials: TemporaryCredentials) -> None:
    """Move the credentials' expiry into the past, as fifteen minutes of waiting would."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    engine = make_engine(server.database_url)
    try:
        with engine.begin() as connection:
            key = connection.execute(
                update(AccessKeyRow)
                .where(AccessKeyRow.id == credentials.access_key_id)
                .values(expires_at=past)
                .returning(AccessKeyRow.security_token_hash)
            ).scalar_one()
            connection.execute(
                update(SecurityTokenRow).where(SecurityTokenRow.token_hash == key).values(expires_at=past)
            )
    finally:
        engine.dispose()
