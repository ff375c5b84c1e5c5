"""Keyset paging: markers (the sort key of the last row of a page, as `<unix seconds>.<id>`)
and the row-value condition that seeks past one.

The format is the contract's (components/parameters/Marker.yaml), which refuses any
other shape before a marker gets here; every marker it allows is a real position, so a
client can only ever skip ahead, never see what it could not list anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import BindParameter, ColumnElement, ColumnExpressionArgument, Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from org_invitations.domain.model import Page

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 (the item a row becomes)


def encode_marker(at: datetime, key: str) -> str:
    return f"{int(at.timestamp())}.{key}"


def decode_marker(marker: str) -> tuple[datetime, str]:
    """The marker's sort key. Any marker the contract allows is a position, even one we did not issue."""
    seconds, _, key = marker.partition(".")
    return datetime.fromtimestamp(int(seconds), UTC), key


def after(
    key: Sequence[ColumnExpressionArgument[Any]], values: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    """Rows past `values` in the order of `key`: `(a, b) > (?, ?)`, or `<` when newest first.

    A row value, not `a > ? OR (a = ? AND b > ?)`: SQLite and PostgreSQL both turn the row
    value into a bound on an index over (…, a, b), so a deep page seeks straight to its first
    row; the OR form makes them walk every row before it. The key must be ordered all in one
    direction, and the list's ORDER BY must be exactly `key` in that direction.
    """
    if len(key) != len(values):
        raise ValueError("a keyset bound needs one value per key column")
    row = tuple_(*key)
    # Compared with a plain tuple, each value is bound with its own column's type
    # (UTCDateTime for a timestamp, which SQLite needs naive); bound parameters (a statement
    # built once) carry their types themselves.
    bound: Any = tuple_(*values) if all(isinstance(v, BindParameter) for v in values) else tuple(values)
    condition: ColumnElement[bool] = row < bound if descending else row > bound
    return condition


def keyset_page(
    session: Session,
    query: Select[tuple[T]],
    key: tuple[InstrumentedAttribute[datetime], InstrumentedAttribute[str]],
    marker: str | None,
    limit: int,
    *,
    descending: bool,
    convert: Callable[[T], I],
    position: Callable[[I], tuple[datetime, str]],
) -> Page[I]:
    """One page of `query`'s entities, ordered by `key` (a time and an id), after `marker`."""
    if marker is not None:
        query = query.where(after(key, decode_marker(marker), descending=descending))
    order = [column.desc() for column in key] if descending else list(key)
    rows = session.scalars(query.order_by(*order).limit(limit + 1)).all()
    items = [convert(row) for row in rows[:limit]]
    next_marker = encode_marker(*position(items[-1])) if len(rows) > limit else None
    return Page(items=items, next_marker=next_marker)
