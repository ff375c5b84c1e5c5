"""The statements every request makes, compiled once per database and run on the driver's cursor.

Even for a statement built once (storage.rows.run), SQLAlchemy's Core execution costs a lookup about
twice what the driver and the database take: the compiled cache's key and lookup, an execution
context, a cursor result with its metadata, a Row per row; an ORM insert costs more again (the
session's flush, a savepoint to survive a unique violation). A prepared statement has SQLAlchemy
compile it once per dialect (the SQL, the parameters in their order, the types' bind and result
processors); a run then only binds, executes on the unit of work's connection, in its transaction,
and converts. The engine's cursor events still see each statement (they cannot change it). A driver
error is handed to SQLAlchemy's own handling, which raises what Core would have raised (IntegrityError
and the rest) and, for a dead connection, invalidates it and renews the pool.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from typing import Any, cast
from weakref import WeakKeyDictionary

from sqlalchemy import ClauseElement, Select, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any]


class _Compiled:
    """One statement as one dialect runs it."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if compiled.literal_execute_params or compiled.post_compile_params or compiled.escaped_bind_names:
            raise ValueError("a prepared statement takes plain bound parameters only (no expanding IN)")
        if compiled.insert_prefetch or compiled.update_prefetch:
            raise ValueError("a prepared statement is given every value (no Python-side column defaults)")
        self.compiled = compiled
        self.sql = compiled.string
        self.positions = tuple(compiled.positiontup or ()) if compiled.positional else None
        self.binds: dict[str, Processor] = {}
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self.binds[name] = process
        columns = list(statement.selected_columns) if isinstance(statement, Select) else []
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


class _Prepared:
    """Compiled once per dialect (and per shape: the columns an insert is given), run on the cursor."""

    def __init__(self) -> None:
        self._by_dialect: WeakKeyDictionary[Dialect, dict[tuple[str, ...], _Compiled]] = WeakKeyDictionary()

    def _statement(self, dialect: Dialect, shape: tuple[str, ...]) -> ClauseElement:
        raise NotImplementedError

    def _execute(
        self,
        session: Session,
        params: dict[str, Any],
        read: Callable[[_Compiled, Any], Any],
        shape: tuple[str, ...] = (),
    ) -> Any:
        """Run on the unit of work's connection, in its transaction; `read` takes the cursor's answer."""
        session.flush()  # as `rows.run`: the statement sees this transaction's own writes
        connection = session.connection()
        if not connection.in_transaction():
            connection.begin()  # as Core begins on a first statement (on SQLite: BEGIN DEFERRED)
        shapes = self._by_dialect.setdefault(connection.dialect, {})
        compiled = shapes.get(shape)
        if compiled is None:
            compiled = shapes[shape] = _Compiled(
                self._statement(connection.dialect, shape), connection.dialect
            )
        parameters = compiled.parameters(params)  # before the cursor: a value it cannot bind leaks none
        cursor = connection.connection.cursor()
        events = connection.dispatch  # whoever watches statements (tests count them) sees these too
        try:
            if events.before_cursor_execute:
                events.before_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            cursor.execute(compiled.sql, parameters)
            if events.after_cursor_execute:
                events.after_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            return read(compiled, cursor)
        except connection.dialect.loaded_dbapi.Error as error:
            # What Core does with a driver's error: wrapped (IntegrityError, OperationalError…), the
            # `handle_error` event told, a dead connection invalidated and the pool renewed.
            connection._handle_dbapi_exception(error, compiled.sql, parameters, cursor, None)
        finally:
            cursor.close()


def _rows(compiled: _Compiled, cursor: Any) -> list[Any]:
    return compiled.converted(cursor, cursor.fetchall())


def _rowcount(_: _Compiled, cursor: Any) -> int:
    count: int = cursor.rowcount
    return count


class PreparedSelect(_Prepared):
    """A SELECT built once (a module constant), run as `storage.rows.run` runs it, but cheaper.

    Its rows are named tuples with the statement's column keys, read as SQLAlchemy's rows are read.
    """

    def __init__(self, statement: Select[Any]) -> None:
        super().__init__()
        self.statement = statement

    def _statement(self, dialect: Dialect, shape: tuple[str, ...]) -> ClauseElement:
        return self.statement

    def all(self, session: Session, **params: Any) -> list[Any]:
        rows: list[Any] = self._execute(session, params, _rows)
        return rows

    def first(self, session: Session, **params: Any) -> Any | None:
        rows = self.all(session, **params)
        return rows[0] if rows else None

    def scalar(self, session: Session, **params: Any) -> Any:
        row = self.first(session, **params)
        return None if row is None else row[0]


class PreparedChange(_Prepared):
    """An UPDATE or DELETE built once (a module constant); a run tells how many rows it changed."""

    def __init__(self, statement: ClauseElement) -> None:
        super().__init__()
        self.statement = statement

    def _statement(self, dialect: Dialect, shape: tuple[str, ...]) -> ClauseElement:
        return self.statement

    def run(self, session: Session, **params: Any) -> int:
        changed: int = self._execute(session, params, _rowcount)
        return changed


class PreparedInsert(_Prepared):
    """One row into the table of `row_class`, its values named by column. `unless_taken`: a row whose primary or
    unique key is taken (by a committed row, or by a concurrent transaction that then commits) is
    not inserted, and the transaction goes on, with no savepoint (ON CONFLICT DO NOTHING)."""

    def __init__(self, row_class: type[DeclarativeBase], *, unless_taken: bool = False) -> None:
        super().__init__()
        self.table = cast(Table, row_class.__table__)
        self.unless_taken = unless_taken

    def add(self, session: Session, **values: Any) -> bool:
        """True when the row was inserted."""
        inserted: int = self._execute(session, values, _rowcount, tuple(values))
        return inserted == 1

    def _statement(self, dialect: Dialect, shape: tuple[str, ...]) -> ClauseElement:
        """The INSERT of these columns as this dialect takes it."""
        columns = {name: bindparam(name, type_=self.table.c[name].type) for name in shape}
        if not self.unless_taken:
            return self.table.insert().values(columns)
        if dialect.name == "postgresql":
            return postgresql.insert(self.table).values(columns).on_conflict_do_nothing()
        return sqlite.insert(self.table).values(columns).on_conflict_do_nothing()
