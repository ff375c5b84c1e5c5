"""Logs: one JSON object per line (or plain text for a terminal), each with the request id of the
work it is about; secrets masked (org_invitations.web.redaction) in every value."""

from __future__ import annotations

import atexit
import json
import logging
import queue
import sys
import threading
import time
from datetime import UTC, datetime
from logging.handlers import QueueHandler
from typing import Any, Literal, NamedTuple

from pydantic_core import to_json

from org_invitations.tracing import current_request_id
from org_invitations.web.redaction import holds_secret, redact, redact_secrets_in_logs

STANDARD = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}  # uvicorn's ANSI copy


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        line |= {key: value for key, value in vars(record).items() if key not in STANDARD and key not in line}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _json_line(line)

    def format_fields(self, handed: _Fields) -> str:
        """The line `format` gives the record that `handed` makes, without making it: a LogRecord
        (its thread, process and caller fields, the record factory) was most of a request line's cost."""
        line: dict[str, Any] = {
            "time": _timestamp(handed.created),
            "level": "info",
            "logger": handed.logger,
            "event": handed.event,
            "request_id": handed.request_id or current_request_id(),
        }
        line |= {
            key: value for key, value in handed.fields.items() if key not in STANDARD and key not in line
        }
        return _json_line(line)


def _timestamp(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json_line(line: dict[str, Any]) -> str:
    if holds_secret(value for value in line.values() if isinstance(value, str)):
        line = {key: redact(value) for key, value in line.items()}
    try:
        return to_json(line, fallback=str).decode()  # pydantic's encoder: several times json's speed
    except ValueError:  # a string it refuses (an unpaired surrogate): the standard library escapes it
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        extra = {key: value for key, value in vars(record).items() if key not in STANDARD}
        said = super().format(record)
        return said + "".join(f" {key}={redact(value)}" for key, value in extra.items())


def log_info(logger: logging.Logger, event: str, fields: dict[str, Any]) -> None:
    """What `logger.info(event, extra=fields)` logs, where it would log it.

    A line per request (web/request_log.py) is the hot case: making a LogRecord and passing it down
    the logger's hierarchy cost the event loop about a sixth of a lookup's work. When the record would
    reach the writing thread alone (no filter, no other handler on its way), its makings are handed
    over instead, and the writing thread makes it (its thread fields are then that thread's).
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    handler = _written_behind_only(logger)
    if handler is None:
        # The record made directly: logger.info would walk the stack to name its caller.
        logger.handle(logger.makeRecord(logger.name, logging.INFO, "", 0, event, (), None, extra=fields))
        return
    handler.queue.put_nowait(_Fields(logger.name, event, time.time(), current_request_id(), fields))


def _written_behind_only(logger: logging.Logger) -> _HandedOver | None:
    """The write-behind handler, when it is the only one an INFO record of this logger reaches and
    nothing on the way filters it."""
    found: _HandedOver | None = None
    current: logging.Logger | None = logger
    while current is not None:
        if current.filters or current.disabled:
            return None
        for handler in current.handlers:
            if found is not None or type(handler) is not _HandedOver or handler.filters:
                return None
            if handler.level > logging.INFO:
                return None
            found = handler
        if not current.propagate:
            break
        current = current.parent
    return found


class _HandedOver(QueueHandler):
    """Hands a record to the writing thread as it is: the JSON formatter there needs its fields and
    its exception, which QueueHandler's default preparation would flatten into the message."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record.msg, record.args = record.getMessage(), None  # arguments may change after this call
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()  # known here, not in the writing thread
        return record


class _Fields(NamedTuple):
    """An INFO record's makings, handed over as they are: the writing thread makes the record."""

    logger: str
    event: str
    created: float
    request_id: str | None
    fields: dict[str, Any]

    def record(self) -> logging.LogRecord:
        record = logging.getLogger(self.logger).makeRecord(
            self.logger, logging.INFO, "", 0, self.event, (), None, extra=self.fields
        )
        record.created, record.msecs = self.created, (self.created - int(self.created)) * 1000
        record.request_id = self.request_id
        return record


Handed = logging.LogRecord | _Fields | None  # None: the last, to stop the writer

BATCH_SECONDS = 0.05


class _BatchWriter:
    """The thread that formats and writes handed-over records, at most every BATCH_SECONDS:
    what has queued up meanwhile goes out in one write. Waking for every line would make the
    thread contend for Python's lock with the event loop on every request."""

    def __init__(self, records: queue.SimpleQueue[Handed], formatter: logging.Formatter) -> None:
        self._records = records
        self.formatter = formatter
        self._thread = threading.Thread(target=self._run, name="log-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._records.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch = [self._records.get()]  # idle until there is something to write
            time.sleep(BATCH_SECONDS)  # then let more gather: a handful of wake-ups a second under load
            while not self._records.empty() and batch[-1] is not None:
                batch.append(self._records.get())
            lines = [self._line(record) for record in batch if record is not None]
            if lines:
                sys.stderr.write("".join(lines))
                sys.stderr.flush()
            if batch[-1] is None:
                return

    def _line(self, handed: logging.LogRecord | _Fields) -> str:
        try:
            if isinstance(handed, _Fields):
                if isinstance(self.formatter, JsonFormatter):
                    return self.formatter.format_fields(handed) + "\n"
                return self.formatter.format(handed.record()) + "\n"
            return self.formatter.format(handed) + "\n"
        except Exception:  # a record that cannot be made or formatted must not stop the writer
            name, event = (
                (handed.logger, handed.event) if isinstance(handed, _Fields) else (handed.name, handed.msg)
            )
            return f"unformattable log record {name}: {event!r}\n"


_writer: _BatchWriter | None = None


def stop_writing_behind() -> None:
    """Write out what is still queued (at exit, or before logging is configured again); records
    made after this are written directly, not queued for a writer that is gone."""
    global _writer
    if _writer is not None:
        root = logging.getLogger()
        direct = logging.StreamHandler(sys.stderr)
        direct.setFormatter(_writer.formatter)
        root.handlers[:] = [direct if isinstance(h, _HandedOver) else h for h in root.handlers]
        _writer.stop()
        _writer = None


def configure_logging(log_format: Literal["json", "text"], level: str, *, write_behind: bool = False) -> None:
    """Every logger (ours, uvicorn's, the libraries') through one handler on stderr.

    `write_behind` (the server): records are formatted and written by a thread of their own, so
    the event loop never blocks in a write. A blocking write gives up Python's lock, and under
    load winning it back from the busy worker threads costs the loop milliseconds (measured: one
    request line per request cut a loaded worker to 0.27x of its rate).
    """
    redact_secrets_in_logs()
    stop_writing_behind()
    formatter = JsonFormatter() if log_format == "json" else TextFormatter()
    root = logging.getLogger()
    if write_behind:
        global _writer
        records: queue.SimpleQueue[Handed] = queue.SimpleQueue()
        _writer = _BatchWriter(records, formatter)
        _writer.start()
        atexit.unregister(stop_writing_behind)  # once, however often logging is configured
        atexit.register(stop_writing_behind)
        root.handlers[:] = [_HandedOver(records)]
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(formatter)
        root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
