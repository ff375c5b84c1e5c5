"""A JSON log line: every secret masked wherever it is, and any string written, however odd."""

from __future__ import annotations

import json
import logging

from org_invitations.logs import JsonFormatter, _Fields


def _line(message: str, **extra: object) -> dict[str, object]:
    record = logging.makeLogRecord({"name": "org_invitations.test", "levelno": 20, "levelname": "INFO"})
    record.msg, record.args = message, ()
    record.__dict__.update(extra)
    result: dict[str, object] = json.loads(JsonFormatter().format(record))
    return result


def test_secrets_are_masked_in_the_message_and_in_every_field() -> None:
    line = _line(
        "looked up oik_abcDEF123-_x",
        path="/v1/organizations/invitations/oit_Zyx987",
        header="ost_tokenvalue",
        status=200,
    )
    assert line["event"] == "looked up oik_[redacted]"
    assert line["path"] == "/v1/organizations/invitations/oit_[redacted]"
    assert line["header"] == "ost_[redacted]"
    assert line["status"] == 200


def test_a_line_without_secrets_is_written_as_it_is() -> None:
    line = _line("request", path="/v1/organizations/handshakes/h-1", note="looks like oik_ but after text")
    assert line["path"] == "/v1/organizations/handshakes/h-1"
    assert line["note"] == "looks like oik_ but after text"  # a prefix alone is no secret


def test_a_string_with_an_unpaired_surrogate_is_still_written() -> None:
    line = _line("request", path="/odd/\ud800", secret="oik_abc\ud800")
    assert line["path"] == "/odd/\ud800"
    assert line["secret"] == "oik_[redacted]\ud800"


def test_a_line_made_from_handed_over_fields_is_the_line_of_the_record_they_would_make() -> None:
    formatter = JsonFormatter()
    for request_id in ("the-request", None):
        handed = _Fields(
            "org_invitations.requests",
            "looked up oit_in-the-event",
            1_796_000_000.25,
            request_id,
            {"path": "/v1/organizations/invitations/oit_secret", "status": 200, "dialect": None},
        )
        line = formatter.format_fields(handed)
        assert line == formatter.format(handed.record())
        assert "oit_secret" not in line and "oit_in-the-event" not in line
