"""The benchmark's database: accounts with API keys, organizations, and their invitations,
bulk-loaded through the schema's own tables (the services would take minutes for as many), and
the requests that exercise them, written to a fixtures file for the load generator.

Sizes scale with `size` (1: 2,000 accounts, 20 organizations, about 14,000 invitations).
Every app benchmarked reads the same copy of the same data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from org_invitations.credentials import InvitationTokens, hash_secret
from org_invitations.storage.migrate import upgrade
from org_invitations.storage.tables import (
    AccountRow,
    ApiKeyRow,
    InvitationRow,
    MembershipRow,
    OrganizationRow,
)

ACCOUNTS_PER_SIZE = 2_000
ORGANIZATIONS_PER_SIZE = 20
EMAILS_PER_ORGANIZATION = 100
INVITING_ORGANIZATIONS = 6  # each account is invited by this many organizations (the accept pool)
VALIDITY = timedelta(days=14)
CHUNK = 5_000
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Fixtures:
    """What the load generator asks for: each a list of `METHOD PATH KEY [BODY]` lines."""

    get_by_id: list[str]
    get_by_token: list[str]
    list_page: list[str]
    create: list[str]
    accept: list[str]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def read(cls, path: Path) -> Fixtures:
        return cls(**json.loads(path.read_text()))


def api_key(n: int) -> str:
    """Account n's API key: reproducible, so a run can be repeated on a kept database."""
    return "oik_" + hashlib.sha256(f"bench-account-{n}".encode()).hexdigest()[:43]


def _id(prefix: str, kind: str, n: int, length: int = 32) -> str:
    return prefix + hashlib.sha256(f"bench-{kind}-{n}".encode()).hexdigest()[:length]


def account_id(n: int) -> str:
    return _id("", "account", n)


def organization_id(n: int) -> str:
    return _id("o-", "organization", n)


def build(engine: Engine, server_key: bytes, size: int = 1) -> Fixtures:
    """Migrate the (empty) database, load it, and say what to ask of it."""
    upgrade(engine)
    tokens = InvitationTokens(server_key)
    accounts = ACCOUNTS_PER_SIZE * size
    organizations = ORGANIZATIONS_PER_SIZE * size
    owners = {o: o * (accounts // organizations) for o in range(organizations)}
    invitations: list[dict[str, Any]] = []
    by_id: list[str] = []
    by_token: list[str] = []
    accept: list[str] = []
    for o, owner in owners.items():
        for e in range(EMAILS_PER_ORGANIZATION):
            row = _invitation(o, owner, "email", f"person-{o}-{e}@example.com", len(invitations))
            invitations.append(row)
            token = tokens.of(row["id"], 1)
            row["token_hash"] = hash_secret(token)
            by_token.append(f"GET /v1/organizations/invitations/{token} -")
    for a in range(accounts):
        if a in owners.values():
            continue
        for k in range(INVITING_ORGANIZATIONS):
            o = (a + k) % organizations
            row = _invitation(o, owners[o], "account", account_id(a), len(invitations))
            invitations.append(row)
            row["token_hash"] = hash_secret(tokens.of(row["id"], 1))
            line = f"/v1/organizations/handshakes/{row['id']}"
            # Reads and accepts on different invitations: a read never sees one accepted meanwhile.
            (by_id if k == 0 else accept).append(
                f"GET {line} {api_key(a)}" if k == 0 else f"POST {line}/accept {api_key(a)}"
            )
    with engine.begin() as connection:
        connection.execute(
            insert(AccountRow),
            [
                {
                    "id": account_id(a),
                    "alias": f"{a:012d}",
                    "name": f"Account {a}",
                    "email": None,
                    "created_at": NOW,
                }
                for a in range(accounts)
            ],
        )
        connection.execute(
            insert(ApiKeyRow),
            [
                {"account_id": account_id(a), "key_hash": hash_secret(api_key(a)), "created_at": NOW}
                for a in range(accounts)
            ],
        )
        connection.execute(
            insert(OrganizationRow),
            [
                {
                    "id": organization_id(o),
                    "name": f"Organization {o}",
                    "owner_id": account_id(owner),
                    "created_at": NOW,
                }
                for o, owner in owners.items()
            ],
        )
        connection.execute(
            insert(MembershipRow),
            [
                {
                    "organization_id": organization_id(o),
                    "account_id": account_id(owner),
                    "roles": "owner",
                    "joined_at": NOW,
                }
                for o, owner in owners.items()
            ],
        )
        for start in range(0, len(invitations), CHUNK):
            connection.execute(insert(InvitationRow), invitations[start : start + CHUNK])
    first = organization_id(0)
    return Fixtures(
        get_by_id=by_id,
        get_by_token=by_token,
        list_page=[f"GET /v1/organizations/{first}/invitations?limit=50 {api_key(owners[0])}"],
        create=[
            f"POST /v1/organizations/{organization_id(o)}/invitations {api_key(owner)} "
            + json.dumps(
                {"target": {"type": "email", "entity": f"new-{o}-{n}@example.com"}, "roles": ["member"]},
                separators=(",", ":"),
            )
            for n in range(2_000 * size)
            for o, owner in owners.items()
        ],
        accept=accept,
    )


def _invitation(organization: int, owner: int, target_type: str, entity: str, n: int) -> dict[str, Any]:
    created = NOW - timedelta(seconds=n)  # distinct, newest last-made first
    return {
        "id": _id("h-", "invitation", n),
        "organization_id": organization_id(organization),
        "created_by": account_id(owner),
        "target_type": target_type,
        "target_entity": entity,
        "email": entity if target_type == "email" else None,
        "given_name": None,
        "family_name": None,
        "roles": "member",
        "notes": None,
        "status": "pending",
        "validity_seconds": int(VALIDITY.total_seconds()),
        "token_version": 1,
        "team_ids": [],
        "created_at": created,
        "updated_at": created,
        "expires_at": created + VALIDITY,
        "accepted_at": None,
        "declined_at": None,
        "cancelled_at": None,
        "finished_at": None,
        "responded_by": None,
        "cancelled_by": None,
    }
