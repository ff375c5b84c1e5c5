"""Throttles: hits counted in a moving window, in this process (`memory://`) or in shared storage.

Shared storage (Redis) goes through the `limits` library, so that the limits hold across every
server process together. In one process the counts are kept here: `limits`' in-memory storage
inserts each hit at the front of a list (a copy of every hit still in the window) and starts a
timer thread every 10 ms to expire them, a cost that grows with the limit and with the load.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from org_invitations.domain.errors import RateLimited
from org_invitations.services.ports import Telemetry, Unobserved

IN_PROCESS = "memory://"
SWEPT_PER_HIT = 2
"""Least recently hit windows looked at, and dropped if they have emptied, at each hit."""


class Windows(Protocol):
    def hit(self, item: RateLimitItem, namespace: str, key: str) -> float | None:
        """Count one hit, or refuse it: None when counted, else the seconds until one would be."""
        ...


class MovingWindows:
    """Exact moving windows kept in this process: for each key, the instants of its hits still
    inside the window, oldest first. A hit drops from the front what has left the window and
    appends at the back, in constant time however high the limit; a window holds at most its
    limit of instants. Each namespace keeps its keys least recently hit first, and each hit drops
    the first few whose window has emptied (idle clients, quiet organizations): no sweep of every
    key, no pause however many there are."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._namespaces: dict[str, OrderedDict[str, deque[float]]] = {}
        self._lock = threading.Lock()  # handlers run in several threads

    def hit(self, item: RateLimitItem, namespace: str, key: str) -> float | None:
        now, span = self._clock(), float(item.get_expiry())
        with self._lock:
            windows = self._namespaces.setdefault(namespace, OrderedDict())
            for _ in range(SWEPT_PER_HIT):
                oldest = next(iter(windows.values()), None)
                if oldest is None or (oldest and oldest[-1] > now - span):
                    break
                windows.popitem(last=False)
            window = windows.get(key)
            if window is None:
                window = windows[key] = deque()
            windows.move_to_end(key)
            while window and window[0] <= now - span:
                window.popleft()
            if len(window) >= item.amount:
                return window[0] + span - now
            window.append(now)
            return None

    def __len__(self) -> int:
        """How many windows are kept."""
        return sum(len(windows) for windows in self._namespaces.values())


class SharedWindows:
    """`limits`' moving window in shared storage (a Redis URL)."""

    def __init__(self, storage_url: str, key_prefix: str) -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_url, key_prefix=key_prefix))

    def hit(self, item: RateLimitItem, namespace: str, key: str) -> float | None:
        if self._limiter.hit(item, namespace, key):
            return None
        reset_at, _ = self._limiter.get_window_stats(item, namespace, key)
        return reset_at - time.time()


class Throttle:
    def __init__(
        self,
        storage_url: str,
        *,
        key_prefix: str,
        invitations_per_day: int,
        token_lookups_per_minute: int,
        telemetry: Telemetry | None = None,
    ) -> None:
        self._telemetry = telemetry or Unobserved()
        self._windows: Windows = (
            MovingWindows() if storage_url == IN_PROCESS else SharedWindows(storage_url, key_prefix)
        )
        self._invitations = RateLimitItemPerDay(invitations_per_day)
        self._lookups = RateLimitItemPerMinute(token_lookups_per_minute)

    def invitation_sent(self, organization_id: str) -> None:
        """Count one invitation (or resend) for the organization, or refuse it."""
        self._hit(
            self._invitations, "invitations", organization_id, "invitations per organization per 24 hours"
        )

    def token_used(self, client: str) -> None:
        """Count one token lookup or token accept by the client, or refuse it."""
        self._hit(self._lookups, "token-lookups", client, "token lookups per client per minute")

    def _hit(self, item: RateLimitItem, namespace: str, key: str, what: str) -> None:
        wait = self._windows.hit(item, namespace, key)
        if wait is None:
            return
        self._telemetry.throttled(namespace)
        retry_after = max(1, math.ceil(wait))
        raise RateLimited(f"At most {item.amount} {what}; retry in {retry_after} s.", retry_after, namespace)
