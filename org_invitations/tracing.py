"""Which request the current work is for: the id a client sent (`X-Request-ID`) or one made up,
carried through the logs and into the outbox, so that a delivery can be traced to its request."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(sent: str | None) -> str:
    """The client's id when it is a sane one (1 to 128 of `A-Za-z0-9._:-`), else a new one."""
    return sent if sent is not None and ACCEPTABLE.fullmatch(sent) else uuid.uuid4().hex


def current_request_id() -> str | None:
    return REQUEST_ID.get()
