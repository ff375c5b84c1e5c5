"""What every repository shares: role sets in one column, and inserts that may lose a race."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session

from org_invitations.domain.model import Role


def roles_to_column(roles: Iterable[Role]) -> str:
    return ",".join(sorted(roles))


def roles_from_column(value: str) -> frozenset[Role]:
    return frozenset(Role(part) for part in value.split(","))


def insert_unless_taken(session: Session, row: DeclarativeBase) -> bool:
    """Insert in a savepoint; False, with the transaction still usable, when a unique key is taken."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
