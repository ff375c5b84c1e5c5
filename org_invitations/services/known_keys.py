"""Credentials recently proved, remembered in this process so a request skips the database lookup.

API keys are never revoked or deleted through the service, so a remembered key stays right; an
access key deleted through the service is forgotten at once by the process that deleted it. The
entries still expire after a short time, which bounds how long a key deleted elsewhere (another
process, an operator by hand) keeps working here. Only credentials that worked are remembered (an
unknown one always asks the database: a key created by another process works at once), under a
bounded LRU so a flood of distinct keys cannot grow the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Generic, TypeVar

V = TypeVar("V")


class KnownKeys(Generic[V]):
    """What a credential proved (its account, an access key's secret) by the credential's id or hash."""

    def __init__(self, *, lifetime: timedelta, capacity: int) -> None:
        self._lifetime = lifetime
        self._capacity = capacity
        self._entries: OrderedDict[str, tuple[V, datetime]] = OrderedDict()
        self._lock = threading.Lock()  # the event loop reads, worker threads remember

    def recall(self, key: str, now: datetime) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, until = entry
            if now >= until:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def remember(self, key: str, value: V, now: datetime) -> None:
        if self._capacity <= 0 or self._lifetime <= timedelta(0):
            return
        with self._lock:
            self._entries[key] = (value, now + self._lifetime)
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
