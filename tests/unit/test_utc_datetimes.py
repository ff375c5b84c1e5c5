"""Timestamps read back from SQLite are aware UTC datetimes, whatever form the text has."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

from org_invitations.storage.types import UTCDateTime

DIALECT = sqlite.dialect()
TYPE = UTCDateTime().dialect_impl(DIALECT)
assert isinstance(TYPE, UTCDateTime)
READ = TYPE.result_processor(DIALECT, None)
SQLALCHEMYS: Callable[[Any], Any] | None = TypeDecorator.result_processor(
    TYPE, DIALECT, None
)  # its general reading, which ours replaces


@pytest.mark.parametrize(
    "stored",
    ["2026-11-23 10:00:00.123456", "2026-11-23 10:00:00.000000", "2026-11-23 10:00:00"],
)
def test_stored_text_reads_as_sqlalchemy_reads_it(stored: str) -> None:
    assert READ is not None and SQLALCHEMYS is not None
    read = READ(stored)
    assert read == SQLALCHEMYS(stored)
    assert read is not None and read.tzinfo is UTC


def test_the_datetime_written_is_the_datetime_read() -> None:
    assert READ is not None
    bind = TYPE.bind_processor(DIALECT)
    assert bind is not None
    written = datetime(2026, 11, 23, 11, 30, 5, 250000, tzinfo=timezone(timedelta(hours=1)))
    assert READ(bind(written)) == written


def test_text_that_names_its_offset_is_converted_to_utc_and_null_stays_null() -> None:
    assert READ is not None
    assert READ("2026-11-23T11:00:00+01:00") == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert READ(None) is None
