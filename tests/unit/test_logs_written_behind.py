"""The server's logs, written by a thread of their own: every line, whole, with its request id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from org_invitations.logs import configure_logging, stop_writing_behind
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
