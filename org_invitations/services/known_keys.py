"""API keys recently proved, remembered in this process so a request skips the database lookup.

API keys are never revoked or deleted through the service, so a remembered key stays right; the
entries still expire after a short time, which bounds how long a key an operator removes from the
database by hand keeps working here. Only successful lookups are remembered (an unknown key always
asks the database: a key created by another process works at once), under a bounded LRU so a flood
of distinct keys cannot grow the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timedelta


class KnownKeys:
    def __init__(self, *, lifetime: timedelta, capacity: int) -> None:
        self._lifetime = lifetime
        self._capacity = capacity
        self._entries: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        self._lock = threading.Lock()  # the event loop reads, worker threads remember

    def account_of(self, key_hash: str, now: datetime) -> str | None:
        with self._lock:
            entry = self._entries.get(key_hash)
            if entry is None:
                return None
            account_id, until = entry
            if now >= until:
                del self._entries[key_hash]
                return None
            self._entries.move_to_end(key_hash)
            return account_id

    def remember(self, key_hash: str, account_id: str, now: datetime) -> None:
        if self._capacity <= 0 or self._lifetime <= timedelta(0):
            return
        with self._lock:
            self._entries[key_hash] = (account_id, now + self._lifetime)
            self._entries.move_to_end(key_hash)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
