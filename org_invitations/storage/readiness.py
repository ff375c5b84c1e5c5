"""Whether the database can serve this code: it answers, and its schema is at this code's head.

Each probe opens a connection of its own (no pool): a pooled connection could go on reading a
database that has since gone (a SQLite file moved away, a schema dropped), and a probe must
see the database as a new request would.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from org_invitations.storage.migrate import current_revision, head_revision


class DatabaseProbe:
    def __init__(self, url: str) -> None:
        self._engine = create_engine(url, poolclass=NullPool)
        self._head = head_revision()

    def refusal(self) -> str | None:
        """Why the database cannot serve (`database_unavailable`, `migrations_behind`), or None."""
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                try:
                    revision = current_revision(connection)
                except Exception:  # no schema of ours where the URL points
                    revision = None
        except Exception:
            return "database_unavailable"
        return None if revision == self._head else "migrations_behind"

    def close(self) -> None:
        self._engine.dispose()
