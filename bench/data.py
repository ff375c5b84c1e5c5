"""The benchmark's database: accounts with API keys, organizations, and their invitations,
bulk-loaded through the schema's own tables (the services would take minutes for as many), and
the requests that exercise them, written to a fixtures file for the load generator.

Sizes scale with `size` (1: 2,000 accounts, 20 organizations, about 14,000 invitations).
Every app benchmarked reads the same copy of the same data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from org_invitations.credentials import (
    InvitationTokens,
    hash_secret,
    new_access_key_id,
    new_access_key_secret,
)
from org_invitations.secret_box import SecretBox
from org_invitations.storage.migrate import upgrade
from org_invitations.storage.paging import encode_marker
from org_invitations.storage.tables import (
    AccessKeyRow,
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
PAGE = 50
LARGE_ORGANIZATION = 1_000_000
LARGE_ORGANIZATION_INDEX = 10_000  # past every organization of any size
DEEP_PAGE = 10_001
NOW = datetime.now(UTC).replace(microsecond=0)
ACCESS_KEYS = 500  # invitees with an access key, for the signed dialect calls (AWS, Huawei)


@dataclass(frozen=True)
class AccessKeyFixture:
    """An invitee's access key and a handshake it may describe: what a signed call is made of."""

    access_key_id: str
    secret: str
    handshake_id: str


@dataclass(frozen=True)
class Fixtures:
    """What the load generator asks for, per operation: request lines (see `line`)."""

    get_by_id: list[str]
    get_by_token: list[str]
    list_page: list[str]
    create: list[str]
    accept: list[str]
    list_deep_page: list[str]  # page 10,001 of the large organization (with `large` only)
    list_large_first_page: list[str]
    elastic_get_by_token: list[str]
    access_keys: list[AccessKeyFixture]  # signed afresh before each use (bench/signing.py)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def read(cls, path: Path) -> Fixtures:
        fields = json.loads(path.read_text())
        fields["access_keys"] = [AccessKeyFixture(**key) for key in fields["access_keys"]]
        return cls(**fields)


def line(method: str, target: str, *, key: str | None = None, body: str | None = None, **headers: str) -> str:
    """One request for bench/lines.lua: `METHOD<tab>TARGET<tab>BODY or -<tab>Header: value...`."""
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if body and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/json"
    return "\t".join([method, target, body or "-", *(f"{name}: {value}" for name, value in headers.items())])


def api_key(n: int) -> str:
    """Account n's API key: reproducible, so a run can be repeated on a kept database."""
    return "oik_" + hashlib.sha256(f"bench-account-{n}".encode()).hexdigest()[:43]


def _id(prefix: str, kind: str, n: int, length: int = 32) -> str:
    return prefix + hashlib.sha256(f"bench-{kind}-{n}".encode()).hexdigest()[:length]


def account_id(n: int) -> str:
    return _id("", "account", n)


def organization_id(n: int) -> str:
    return _id("o-", "organization", n)


def build(engine: Engine, server_key: bytes, size: int = 1, *, large: bool = False) -> Fixtures:
    """Migrate the (empty) database, load it, and say what to ask of it. `large`: one more
    organization, with LARGE_ORGANIZATION invitations, for the deep page."""
    upgrade(engine)
    tokens = InvitationTokens(server_key)
    accounts = ACCOUNTS_PER_SIZE * size
    organizations = ORGANIZATIONS_PER_SIZE * size
    owners = {o: o * (accounts // organizations) for o in range(organizations)}
    invitations: list[dict[str, Any]] = []
    by_id: list[str] = []
    by_token: list[str] = []
    elastic_by_token: list[str] = []
    accept: list[str] = []
    box = SecretBox(server_key)
    access_keys: list[dict[str, Any]] = []
    signing: list[AccessKeyFixture] = []
    for o, owner in owners.items():
        for e in range(EMAILS_PER_ORGANIZATION):
            row = _invitation(o, owner, "email", f"person-{o}-{e}@example.com", len(invitations))
            invitations.append(row)
            token = tokens.of(row["id"], 1)
            row["token_hash"] = hash_secret(token)
            by_token.append(line("GET", f"/v1/organizations/invitations/{token}"))
            elastic_by_token.append(
                line(
                    "GET",
                    f"/api/v1/organizations/invitations/{token}",
                    Authorization=f"ApiKey {api_key(owner)}",
                )
            )
    for a in range(accounts):
        if a in owners.values():
            continue
        for k in range(INVITING_ORGANIZATIONS):
            o = (a + k) % organizations
            row = _invitation(o, owners[o], "account", account_id(a), len(invitations))
            invitations.append(row)
            row["token_hash"] = hash_secret(tokens.of(row["id"], 1))
            handshake = f"/v1/organizations/handshakes/{row['id']}"
            # Reads and accepts on different invitations: a read never sees one accepted meanwhile.
            if k == 0:
                by_id.append(line("GET", handshake, key=api_key(a)))
                if len(signing) < ACCESS_KEYS:
                    key_id, secret = new_access_key_id(temporary=False), new_access_key_secret()
                    access_keys.append(_access_key(a, key_id, box.seal(secret, key_id)))
                    signing.append(AccessKeyFixture(key_id, secret, row["id"]))
            else:
                accept.append(line("POST", f"{handshake}/accept", key=api_key(a)))
    with engine.begin() as connection:
        _insert_owners(connection, range(accounts), owners)
        connection.execute(insert(AccessKeyRow), access_keys)
        for start in range(0, len(invitations), CHUNK):
            connection.execute(insert(InvitationRow), invitations[start : start + CHUNK])
    deep: list[str] = []
    large_first: list[str] = []
    if large:
        deep, large_first = _load_large_organization(engine, accounts)
    listing = f"/v1/organizations/{organization_id(0)}/invitations?limit={PAGE}"
    return Fixtures(
        get_by_id=by_id,
        get_by_token=by_token,
        list_page=[line("GET", listing, key=api_key(owners[0]))],
        create=[
            line(
                "POST",
                f"/v1/organizations/{organization_id(o)}/invitations",
                key=api_key(owner),
                body=json.dumps(
                    {"target": {"type": "email", "entity": f"new-{o}-{n}@example.com"}, "roles": ["member"]},
                    separators=(",", ":"),
                ),
            )
            for n in range(2_000 * size)
            for o, owner in owners.items()
        ],
        accept=accept,
        list_deep_page=deep,
        list_large_first_page=large_first,
        elastic_get_by_token=elastic_by_token,
        access_keys=signing,
    )


def _access_key(a: int, key_id: str, sealed: bytes) -> dict[str, Any]:
    """Account a's permanent access key (its first slot), its secret sealed as the server seals it."""
    return {"id": key_id, "account_id": account_id(a), "slot": 1, "sealed_secret": sealed, "created_at": NOW}


def _insert_owners(connection: Connection, accounts: Iterable[int], owners: dict[int, int]) -> None:
    """Accounts (each with its API key), and organizations (each with its owner as a member)."""
    numbers = list(accounts)
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
            for a in numbers
        ],
    )
    connection.execute(
        insert(ApiKeyRow),
        [
            {"account_id": account_id(a), "key_hash": hash_secret(api_key(a)), "created_at": NOW}
            for a in numbers
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


def _load_large_organization(engine: Engine, owner: int) -> tuple[list[str], list[str]]:
    """An organization of its own owner (one more account) with LARGE_ORGANIZATION invitations by
    email, loaded in chunks; the requests for its first page and for page DEEP_PAGE."""
    o = LARGE_ORGANIZATION_INDEX
    with engine.begin() as connection:
        _insert_owners(connection, [owner], {o: owner})
        # Generated by the database itself: a million rows through Python would take minutes. The
        # addresses are zero-padded so that every index grows at one end, in the order of insertion.
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB while loading
        connection.execute(
            text(LARGE_INSERT[engine.dialect.name]),
            {
                "organization": organization_id(o),
                "owner": account_id(owner),
                "count": LARGE_ORGANIZATION,
                "now": NOW.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOW,
                "validity": int(VALIDITY.total_seconds()),
            },
        )
    last = (DEEP_PAGE - 1) * PAGE - 1  # the last row before page DEEP_PAGE, newest first
    listing = f"/v1/organizations/{organization_id(o)}/invitations?limit={PAGE}"
    marker = encode_marker(NOW - timedelta(seconds=last), large_id(last))
    key = api_key(owner)
    return [line("GET", f"{listing}&marker={marker}", key=key)], [line("GET", listing, key=key)]


def large_id(n: int) -> str:
    """The large organization's n-th newest invitation (as LARGE_INSERT numbers them)."""
    return f"h-{n:032x}"


# The large organization's invitations by email, the n-th newest made n seconds before now,
# all pending; ids and token hashes from n (h-000…0n), never looked up by token.
_LARGE_COLUMNS = """id, organization_id, created_by, target_type, target_entity, email, roles, status,
    validity_seconds, token_hash, token_version, team_ids, created_at, updated_at, expires_at"""
LARGE_INSERT = {
    "sqlite": f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
        INSERT INTO invitations ({_LARGE_COLUMNS})
        SELECT 'h-' || substr('00000000000000000000000000000000' || printf('%x', i), -32),
               :organization, :owner, 'email', printf('large-%07d@example.com', i),
               printf('large-%07d@example.com', i), 'member', 'pending', :validity,
               substr('0000000000000000000000000000000000000000000000000000000000000000'
                      || printf('%x', i), -64),
               1, '[]',
               datetime(:now, '-' || i || ' seconds') || '.000000',
               datetime(:now, '-' || i || ' seconds') || '.000000',
               datetime(:now, '-' || i || ' seconds', '+' || :validity || ' seconds') || '.000000'
        FROM n""",
    "postgresql": f"""
        INSERT INTO invitations ({_LARGE_COLUMNS})
        SELECT 'h-' || lpad(to_hex(i), 32, '0'), :organization, :owner, 'email',
               'large-' || lpad(i::text, 7, '0') || '@example.com',
               'large-' || lpad(i::text, 7, '0') || '@example.com', 'member', 'pending',
               :validity, lpad(to_hex(i), 64, '0'), 1, '[]',
               CAST(:now AS timestamptz) - make_interval(secs => i),
               CAST(:now AS timestamptz) - make_interval(secs => i),
               CAST(:now AS timestamptz) - make_interval(secs => i) + make_interval(secs => :validity)
        FROM generate_series(0, :count - 1) AS i""",
}


def _invitation(
    organization: int, owner: int, target_type: str, entity: str, n: int, *, kind: str = "invitation"
) -> dict[str, Any]:
    created = NOW - timedelta(seconds=n)  # a second apart: the n-th is the n-th newest
    return {
        "id": _id("h-", kind, n),
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
