"""Which request the current work is for: the id a client sent (`X-Request-ID`) or one made up,
carried through the logs and into the outbox, so that a delivery can be traced to its request."""

from __future__ import annotations

import os
import random
import re
from contextvars import ContextVar

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(sent: str | None) -> str:
    """The client's id when it is a sane one (1 to 128 of `A-Za-z0-9._:-`), else a new one."""
    return sent if sent is not None and ACCEPTABLE.fullmatch(sent) else new_request_id()


_ids = random.Random()
_seeded_in: int | None = None


def new_request_id() -> str:
    """32 hex digits, unique in practice: drawn from a generator seeded from the system's randomness
    once per process. Not a secret; and not `uuid4`, whose system call on the event loop gives up
    Python's lock, which under load costs milliseconds to win back from busy worker threads."""
    global _seeded_in
    if _seeded_in != os.getpid():  # a forked process draws its own ids
        _ids.seed(os.urandom(32))
        _seeded_in = os.getpid()
    return f"{_ids.getrandbits(128):032x}"


def current_request_id() -> str | None:
    return REQUEST_ID.get()
