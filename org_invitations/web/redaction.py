"""No secret in any log line: API keys, security tokens and invitation tokens are masked.

Secrets reach logs mostly through the access log (an invitation token is part of the
path it opens). Masking happens where every log record is made, so it holds for each
logger and each handler, whoever configures them and in which order.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from org_invitations.credentials import SecretKind

SECRET = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(re.escape(kind.value) for kind in SecretKind) + r")[A-Za-z0-9_-]+"
)
MASK = r"\1[redacted]"


def redact(value: Any) -> Any:
    """The value with every secret masked (strings only; anything else as it is)."""
    return SECRET.sub(MASK, value) if isinstance(value, str) else value


def holds_secret(values: Iterable[str]) -> bool:
    """Whether any of the strings holds a secret: one search over them all, which is most of the
    time all that masking them has to do. (The separator ends a secret and starts none.)"""
    return SECRET.search("\n".join(values)) is not None


def _redacting(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            # Formatters such as uvicorn's access log unpack the arguments: keep their shape.
            record.args = tuple(redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) for key, arg in record.args.items()}
        return record

    make_record.redacts_secrets = True  # type: ignore[attr-defined]
    return make_record


def redact_secrets_in_logs() -> None:
    """Install the masking record factory once per process."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts_secrets", False):
        logging.setLogRecordFactory(_redacting(factory))
