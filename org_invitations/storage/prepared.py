"""The lookups every request makes, compiled once per database and run on the driver's cursor.

Even for a statement built once (storage.rows.run), SQLAlchemy's Core execution costs a lookup about
twice what the driver and the database take: the compiled cache's key and lookup, an execution
context, a cursor result with its metadata, a Row per row. A `PreparedSelect` has SQLAlchemy compile
its statement once per dialect (the SQL, the parameters in their order, the types' bind and result
processors); a run then only binds, executes on the unit of work's connection, in its transaction,
and converts. The engine's cursor events still see each statement (they cannot change it). A statement
that the driver refuses is run again through SQLAlchemy, so that SQLAlchemy handles the failure as for
any statement (a dead connection invalidated, the pool renewed, its exceptions).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any]


class _Compiled:
    """One statement as one dialect runs it."""

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if compiled.literal_execute_params or compiled.post_compile_params or compiled.escaped_bind_names:
            raise ValueError("a prepared SELECT takes plain bound parameters only (no expanding IN)")
        self.compiled = compiled
        self.sql = compiled.string
        self.positions = tuple(compiled.positiontup or ()) if compiled.positional else None
        self.binds: dict[str, Processor] = {}
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self.binds[name] = process
        columns = list(statement.selected_columns)
        self.row: Any = namedtuple("Row", [column.key for column in columns])  # type: ignore[misc]
        self.types: list[TypeEngine[Any]] = [column.type for column in columns]
        self.results: list[tuple[int, Processor]] | None = None  # known at the first cursor description
        self.dialect = dialect

    def parameters(self, given: dict[str, Any]) -> Any:
        values = self.compiled.construct_params(given)
        assert values is not None
        for name, process in self.binds.items():
            values[name] = process(values[name])
        return values if self.positions is None else [values[name] for name in self.positions]

    def converted(self, cursor: Any, rows: Sequence[Any]) -> list[Any]:
        if self.results is None:
            results: list[tuple[int, Processor]] = []
            for index, (type_, described) in enumerate(zip(self.types, cursor.description, strict=True)):
                process = type_.dialect_impl(self.dialect).result_processor(self.dialect, described[1])
                if process is not None:
                    results.append((index, process))
            self.results = results
        made = []
        for row in rows:
            values = list(row)
            for index, convert in self.results:
                values[index] = convert(values[index])
            made.append(self.row._make(values))
        return made


class PreparedSelect:
    """A SELECT built once (a module constant), run as `storage.rows.run` runs it, but cheaper.

    Its rows are named tuples with the statement's column keys, read as SQLAlchemy's rows are read.
    """

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._by_dialect: WeakKeyDictionary[Dialect, _Compiled] = WeakKeyDictionary()

    def all(self, session: Session, **params: Any) -> list[Any]:
        session.flush()  # as `run`: the statement sees this transaction's own writes
        connection = session.connection()
        if not connection.in_transaction():
            connection.begin()  # as Core begins on a first statement (on SQLite: BEGIN DEFERRED)
        compiled = self._by_dialect.get(connection.dialect)
        if compiled is None:
            compiled = self._by_dialect[connection.dialect] = _Compiled(self.statement, connection.dialect)
        parameters = compiled.parameters(params)  # before the cursor: a value it cannot bind leaks none
        cursor = connection.connection.cursor()
        events = connection.dispatch  # whoever watches statements (tests count them) sees these too
        try:
            if events.before_cursor_execute:
                events.before_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            cursor.execute(compiled.sql, parameters)
            rows = cursor.fetchall()
            if events.after_cursor_execute:
                events.after_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            return compiled.converted(cursor, rows)
        except connection.dialect.loaded_dbapi.Error:
            return self._through_sqlalchemy(connection, params)
        finally:
            cursor.close()

    def first(self, session: Session, **params: Any) -> Any | None:
        rows = self.all(session, **params)
        return rows[0] if rows else None

    def scalar(self, session: Session, **params: Any) -> Any:
        row = self.first(session, **params)
        return None if row is None else row[0]

    def _through_sqlalchemy(self, connection: Connection, params: dict[str, Any]) -> list[Any]:
        """A failed statement run again as Core runs it: SQLAlchemy raises as it would have."""
        return list(connection.execute(self.statement, params).all())
