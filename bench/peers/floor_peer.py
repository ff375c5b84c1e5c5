"""The physical floor: the three benchmarked reads as bare Starlette over the plain database driver.

No ORM, no pydantic, no core services: the statements the repositories send
(storage/invitations.py, storage/repositories.py), through the standard library's `sqlite3`
for sqlite URLs and `psycopg` for postgresql ones, one connection kept per worker thread, and
one thread-pool hand-off per request (authentication and the read together). The rules are
the real app's, written out: the API key's hash (credentials.hash_secret), who may read a
handshake (domain/permissions.py handshake_access), who may list (services/membership.py
require_manager), expiry evaluated on read (Invitation.as_of), keyset paging and its markers
(storage/paging.py). Bodies are the real app's byte for byte: the same keys in the same order,
serialized as pydantic's `model_dump_json` does (compact, UTF-8, `2026-11-23T10:00:00Z`).

What it leaves out is what is not the reads' physics: the token lookups' throttle, the
security-token and dialect credentials, the request log, the filters the benchmark does not
use (status, target_type, email, expand). Writes (create, accept) answer 404.

`uvicorn --factory bench.peers.floor_peer:app`, configured by ORG_INVITATIONS_* as the server is.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.engine import make_url  # to read the URL as the engine does; nothing else of SQLAlchemy
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.peers.common import (
    HANDSHAKE_ID,
    INVITATION_TOKEN,
    NO_STORE,
    ORGANIZATION_ID,
    Refused,
    bearer_key,
    checked,
    limit_of,
    marker_of,
    problem,
)
from org_invitations.credentials import hash_secret
from org_invitations.settings import Settings

COLUMNS = (
    "i.id, i.organization_id, o.name, o.owner_id, owner.name, i.created_by, i.target_type, i.target_entity,"
    " i.email, i.given_name, i.family_name, i.roles, i.notes, i.status, i.created_at, i.updated_at,"
    " i.expires_at, i.accepted_at, i.declined_at, i.cancelled_at, i.responded_by, i.cancelled_by"
)
FROM_INVITATIONS = (
    " FROM invitations AS i"
    " JOIN organizations AS o ON o.id = i.organization_id"
    " JOIN accounts AS owner ON owner.id = o.owner_id"
)
INVITATIONS = f"SELECT {COLUMNS}{FROM_INVITATIONS}"
API_KEY = "SELECT account_id FROM api_keys WHERE key_hash = ?"
ROLES = "SELECT roles FROM memberships WHERE organization_id = ? AND account_id = ?"
# The invitation with the caller's roles in its organization, as InvitationRepository.get_with_roles.
BY_ID_WITH_ROLES = (
    f"SELECT {COLUMNS}, m.roles{FROM_INVITATIONS}"
    " LEFT OUTER JOIN memberships AS m ON m.organization_id = i.organization_id AND m.account_id = ?"
    " WHERE i.id = ?"
)
BY_TOKEN = f"{INVITATIONS} WHERE i.token_hash = ?"
NEWEST_FIRST = " ORDER BY i.created_at DESC, i.id DESC LIMIT ?"
PAGE = f"{INVITATIONS} WHERE i.organization_id = ?{NEWEST_FIRST}"
# A row value, as storage/paging.py `after`: both databases seek on ix_invitations_org_created.
PAGE_AFTER = f"{INVITATIONS} WHERE i.organization_id = ? AND (i.created_at, i.id) < (?, ?){NEWEST_FIRST}"

MANAGERS = frozenset({"owner", "admin"})
Row = Sequence[Any]


def _json(body: object, status: int = 200, *, secret: bool = False) -> Response:
    """As pydantic's model_dump_json: no spaces, and non-ASCII as UTF-8 rather than escaped."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(
        text.encode(), status, headers=NO_STORE if secret else None, media_type="application/json"
    )


class Database(Protocol):
    """A driver and how it stores instants: the floor's only difference between SQLite and PostgreSQL."""

    def connect(self) -> Any: ...  # a DB-API connection, in autocommit mode

    def sql(self, statement: str) -> str: ...  # `?` placeholders in the driver's style

    def now(self) -> Any: ...  # the system clock's now, comparable with a stored instant

    def iso(self, stored: Any) -> str: ...  # a stored instant as the contract writes it

    def seconds(self, stored: Any) -> int: ...  # a stored instant as a marker's unix seconds

    def bound(self, at: datetime) -> Any: ...  # an aware instant as a statement's parameter


class SQLite:
    """Instants as SQLAlchemy's SQLite dialect stores them: naive UTC text, `2026-11-23 10:00:00.000000`,
    which orders as time does (SQLite compares them as text too)."""

    FORMAT = "%Y-%m-%d %H:%M:%S.%f"

    def __init__(self, path: str) -> None:
        self.path = path

    def connect(self) -> Any:
        # check_same_thread off only so that shutdown may close it; one thread uses it meanwhile.
        return sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)

    def sql(self, statement: str) -> str:
        return statement

    def now(self) -> str:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")  # SystemClock: whole seconds

    def iso(self, stored: str) -> str:
        if len(stored) == 26:  # the dialect's form: date, time, microseconds
            fraction = stored[20:]
            return f"{stored[:10]}T{stored[11:19]}{'' if fraction == '000000' else '.' + fraction}Z"
        return datetime.fromisoformat(stored).isoformat() + "Z"

    def seconds(self, stored: str) -> int:
        return int(datetime.fromisoformat(stored).replace(tzinfo=UTC).timestamp())

    def bound(self, at: datetime) -> str:
        return at.astimezone(UTC).strftime(self.FORMAT)


class PostgreSQL:
    """Instants as timestamptz: aware datetimes both ways."""

    def __init__(self, connect_args: dict[str, Any]) -> None:
        self.connect_args = connect_args

    def connect(self) -> Any:
        import psycopg

        return psycopg.connect(autocommit=True, **self.connect_args)

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    def iso(self, stored: datetime) -> str:
        return stored.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"

    def seconds(self, stored: datetime) -> int:
        return int(stored.timestamp())

    def bound(self, at: datetime) -> datetime:
        return at


def database(url: str) -> Database:
    """The driver for a SQLAlchemy URL, with the connection arguments the engine would use."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("the floor needs an SQLite file: each connection would have its own memory")
        return SQLite(parsed.database)
    if backend == "postgresql":
        arguments: dict[str, Any] = {
            "host": parsed.host,
            "port": parsed.port,
            "user": parsed.username,
            "password": parsed.password,
            "dbname": parsed.database,
            **{key: value for key, value in parsed.query.items() if isinstance(value, str)},
        }
        return PostgreSQL({key: value for key, value in arguments.items() if value is not None})
    raise ValueError(f"the floor speaks sqlite and postgresql, not {backend}")


class _Held:
    """A thread's connection; dropped with its thread (the thread-local goes, and the connection)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection


class Connections:
    """One connection per worker thread, each opened on the thread's first request."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._local = threading.local()
        self._open: weakref.WeakSet[_Held] = weakref.WeakSet()

    def get(self) -> Any:
        held: _Held | None = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = _Held(self._db.connect())
            self._open.add(held)
        return held.connection

    def discard(self) -> None:
        """Drop this thread's connection (after an error: it may be broken); the next request opens another."""
        held: _Held | None = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            held.connection.close()

    def close_all(self) -> None:
        for held in list(self._open):
            held.connection.close()


class Floor:
    """The three reads; each method runs in a worker thread and answers the whole response."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.connections = Connections(db)
        self.api_key, self.roles = db.sql(API_KEY), db.sql(ROLES)
        self.by_id, self.by_token = db.sql(BY_ID_WITH_ROLES), db.sql(BY_TOKEN)
        self.page, self.page_after = db.sql(PAGE), db.sql(PAGE_AFTER)

    def run(self, read: Callable[..., Response], *arguments: Any) -> Response:
        connection = self.connections.get()
        try:
            return read(connection.cursor(), *arguments)
        except Refused as refused:
            return refused.response()
        except Exception:
            self.connections.discard()
            raise

    def _caller(self, cursor: Any, authorization: str | None) -> str:
        key = bearer_key(authorization)
        found = cursor.execute(self.api_key, (hash_secret(key),)).fetchone()
        if found is None:
            raise Refused(401, "invalid_credentials", "Provided token is not valid")
        return str(found[0])

    def _roles(self, cursor: Any, organization_id: str, account_id: str) -> frozenset[str] | None:
        found = cursor.execute(self.roles, (organization_id, account_id)).fetchone()
        return None if found is None else frozenset(found[0].split(","))

    def get_handshake(self, cursor: Any, authorization: str | None, handshake_id: str) -> Response:
        caller = self._caller(cursor, authorization)
        checked(HANDSHAKE_ID, handshake_id, "path.handshake_id")
        row = cursor.execute(self.by_id, (caller, handshake_id)).fetchone()
        if row is None:
            return _not_visible(handshake_id)
        roles = None if row[22] is None else frozenset(row[22].split(","))
        # handshake_access: the organization's managers, the invited account, whoever responded.
        if not (roles and roles & MANAGERS) and not (
            (row[6] == "account" and row[7] == caller) or row[20] == caller
        ):
            if roles is None:
                return _not_visible(handshake_id)
            return problem(403, "access_denied", "You may see this invitation but not read it.")
        return _json(self._invitation(row, self.db.now()))

    def get_invitation_by_token(self, cursor: Any, token: str) -> Response:
        checked(INVITATION_TOKEN, token, "path.invitation_token")
        row = cursor.execute(self.by_token, (hash_secret(token),)).fetchone()
        if row is None:
            return problem(404, "invitation_not_found", "No invitation has this token.")
        iso = self.db.iso
        status = _status(row, self.db.now())
        preview = {
            "id": row[0],
            "organization": {"id": row[1], "name": row[2]},
            "target_type": row[6],
            "email": row[8],
            "roles": sorted(row[11].split(",")),
            "status": status,
            "expired": status == "expired",
            "created_at": iso(row[14]),
            "expires_at": iso(row[16]),
            "accepted_at": None if row[17] is None else iso(row[17]),
        }
        return _json(preview, secret=True)

    def list_invitations(
        self, cursor: Any, authorization: str | None, organization_id: str, query: dict[str, str]
    ) -> Response:
        caller = self._caller(cursor, authorization)
        checked(ORGANIZATION_ID, organization_id, "path.organization_id")
        limit, marker = limit_of(query), marker_of(query)
        roles = self._roles(cursor, organization_id, caller)  # require_manager
        if roles is None:
            return problem(
                404, "organization_not_found", f"No organization {organization_id} is visible to you."
            )
        if not roles & MANAGERS:
            return problem(403, "access_denied", "Only the organization's owner and admins may do this.")
        if marker is None:
            rows = cursor.execute(self.page, (organization_id, limit + 1)).fetchall()
        else:
            seconds, _, last_id = marker.partition(".")
            after = self.db.bound(datetime.fromtimestamp(int(seconds), UTC))
            rows = cursor.execute(self.page_after, (organization_id, after, last_id, limit + 1)).fetchall()
        now = self.db.now()
        items = [self._invitation(row, now) for row in rows[:limit]]
        last = rows[limit - 1] if len(rows) > limit else None
        next_marker = None if last is None else f"{self.db.seconds(last[14])}.{last[0]}"
        return _json({"items": items, "page_info": {"next_marker": next_marker, "current_count": len(items)}})

    def _invitation(self, row: Row, now: Any) -> dict[str, Any]:
        """An invitation as models.Invitation, in its field order, as the real app's view fills it."""
        iso = self.db.iso
        status = _status(row, now)
        return {
            "id": row[0],
            "urn": f"organizations::{row[3]}:handshake:{row[1]}/{row[0]}",
            "organization_id": row[1],
            "organization": {"id": row[1], "name": row[2]},
            "management_account_id": row[3],
            "management_account_name": row[4],
            "created_by": row[5],
            "target": {"type": row[6], "entity": row[7]},
            "email": row[8],
            "given_name": row[9],
            "family_name": row[10],
            "roles": sorted(row[11].split(",")),
            "notes": row[12],
            "status": status,
            "expired": status == "expired",
            "created_at": iso(row[14]),
            "updated_at": iso(row[15]),
            "expires_at": iso(row[16]),
            "accepted_at": None if row[17] is None else iso(row[17]),
            "declined_at": None if row[18] is None else iso(row[18]),
            "cancelled_at": None if row[19] is None else iso(row[19]),
            "responded_by": row[20],
            "cancelled_by": row[21],
        }


def _status(row: Row, now: Any) -> str:
    """Invitation.as_of: pending in storage but past its expiry reads as expired."""
    status: str = row[13]
    return "expired" if status == "pending" and row[16] <= now else status


def _not_visible(handshake_id: str) -> Response:
    return problem(404, "invitation_not_found", f"No invitation {handshake_id} is visible to you.")


def app() -> Starlette:
    floor = Floor(database(Settings().database_url))

    async def get_handshake(request: Request) -> Response:
        authorization, handshake_id = (
            request.headers.get("authorization"),
            request.path_params["handshake_id"],
        )
        return await run_in_threadpool(floor.run, floor.get_handshake, authorization, handshake_id)

    async def get_invitation_by_token(request: Request) -> Response:
        token = request.path_params["invitation_token"]
        return await run_in_threadpool(floor.run, floor.get_invitation_by_token, token)

    async def list_invitations(request: Request) -> Response:
        authorization, organization_id = (
            request.headers.get("authorization"),
            request.path_params["organization_id"],
        )
        query = dict(request.query_params)
        return await run_in_threadpool(
            floor.run, floor.list_invitations, authorization, organization_id, query
        )

    async def writes(_request: Request) -> Response:
        return problem(404, "not_found", "The floor answers the three reads only.")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        floor.connections.close_all()

    return Starlette(
        routes=[
            Route("/v1/organizations/handshakes/{handshake_id}", get_handshake, methods=["GET"]),
            Route("/v1/organizations/handshakes/{handshake_id}/accept", writes, methods=["POST"]),
            Route(
                "/v1/organizations/invitations/{invitation_token}", get_invitation_by_token, methods=["GET"]
            ),
            Route("/v1/organizations/{organization_id}/invitations", list_invitations, methods=["GET"]),
            Route("/v1/organizations/{organization_id}/invitations", writes, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
