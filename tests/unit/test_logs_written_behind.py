"""The server's logs, written by a thread of their own: every line, whole, with its request id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from org_invitations.logs import configure_logging, log_info, stop_writing_behind
from org_invitations.tracing import REQUEST_ID


@pytest.fixture
def written_behind() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("json", "info", write_behind=True)
    yield
    stop_writing_behind()
    root.handlers[:], root.level = handlers, level


def lines(captured: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.splitlines()]


def test_each_line_keeps_the_request_id_of_the_work_that_logged_it(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("org_invitations.test")
    for request_id in ("first-request", "second-request"):
        token = REQUEST_ID.set(request_id)
        logger.info("served %s", request_id, extra={"status": 200})
        REQUEST_ID.reset(token)
    stop_writing_behind()
    written = lines(capsys.readouterr().err)
    assert [(line["request_id"], line["event"], line["status"]) for line in written] == [
        ("first-request", "served first-request", 200),
        ("second-request", "served second-request", 200),
    ]


def test_an_exception_is_written_with_its_traceback(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ValueError("the cause")
    except ValueError:
        logging.getLogger("org_invitations.test").exception("it failed")
    stop_writing_behind()
    (line,) = lines(capsys.readouterr().err)
    assert line["event"] == "it failed"
    assert "ValueError: the cause" in str(line["exception"])


def test_nothing_queued_is_lost_when_writing_stops(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("org_invitations.test")
    for number in range(2_000):
        logger.info("line", extra={"number": number})
    stop_writing_behind()  # at exit, or when logging is configured again
    assert [line["number"] for line in lines(capsys.readouterr().err)] == list(range(2_000))


def test_a_line_logged_after_writing_stops_is_written_directly(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    stop_writing_behind()  # as at exit, while the server may still log its last lines
    logging.getLogger("org_invitations.test").info("the last word")
    assert [line["event"] for line in lines(capsys.readouterr().err)] == ["the last word"]


def test_a_line_handed_over_as_its_fields_is_written_in_its_place(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("org_invitations.test")
    token = REQUEST_ID.set("the-request")
    logger.info("before")
    log_info(logger, "request", {"path": "/v1/organizations/invitations/oit_secret", "status": 200})
    logger.info("after")
    REQUEST_ID.reset(token)
    stop_writing_behind()
    written = lines(capsys.readouterr().err)
    assert [line["event"] for line in written] == ["before", "request", "after"]
    handed = written[1]
    assert (handed["request_id"], handed["level"], handed["logger"]) == (
        "the-request",
        "info",
        "org_invitations.test",
    )
    assert (handed["path"], handed["status"]) == ("/v1/organizations/invitations/oit_[redacted]", 200)
    assert str(written[0]["time"]) <= str(handed["time"]) <= str(written[2]["time"])


def test_a_handler_or_filter_on_the_way_still_sees_the_record(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[logging.LogRecord] = []

    class Keeping(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    logger = logging.getLogger("org_invitations.test.kept")
    logger.addHandler(keeping := Keeping())
    try:
        log_info(logger, "request", {"status": 201})
    finally:
        logger.removeHandler(keeping)
    logger.addFilter(lambda record: False)
    try:
        log_info(logger, "request", {"status": 202})  # filtered out: written nowhere
    finally:
        logger.filters.clear()
    stop_writing_behind()
    assert [(record.getMessage(), record.__dict__["status"]) for record in seen] == [("request", 201)]
    assert [line["status"] for line in lines(capsys.readouterr().err)] == [201]


def test_a_line_below_the_level_is_not_handed_over(
    written_behind: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("org_invitations.test.quiet")
    logger.setLevel(logging.WARNING)
    try:
        log_info(logger, "request", {"status": 200})
    finally:
        logger.setLevel(logging.NOTSET)
    stop_writing_behind()
    assert capsys.readouterr().err == ""
