"""What every repository shares: role sets in one column, and reads of statements built once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session

from org_invitations.domain.model import Role


def roles_to_column(roles: Iterable[Role]) -> str:
    return ",".join(sorted(roles))


def roles_from_column(value: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in value.split(","))


def run(session: Session, statement: Executable, **params: Any) -> CursorResult[Any]:
    """Execute a statement built once with bound parameters, as Core on the unit of work's connection.

    Building a statement per call (and hashing it for SQLAlchemy's compiled cache) and loading ORM
    entities each cost several times what the database takes to answer a lookup; the hot queries
    are module constants and their rows become domain values directly. Pending ORM changes are
    flushed first, so the statement sees this transaction's own writes.
    """
    session.flush()
    return session.connection().execute(statement, params)
