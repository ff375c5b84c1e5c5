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
from collections import deque
from collections.abc import Callable
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from org_invitations.domain.errors import RateLimited
from org_invitations.services.ports import Telemetry, Unobserved

IN_PROCESS = "memory://"
SWEEP_EVERY = 4096
"""Hits between two sweeps of the windows that have emptied (idle clients, quiet organizations)."""


class Windows(Protocol):
    def hit(self, item: RateLimitItem, namespace: str, key: str) -> float | None:
        """Count one hit, or refuse it: None when counted, else the seconds until one would be."""
        ...


class MovingWindows:
    """Exact moving windows kept in this process: for each key, the instants of its hits still
    inside the window, oldest first. A hit drops from the front what has left the window and
    appends at the back, in constant time however high the limit; a window holds at most its
    limit of instants, and windows that have emptied are swept away every SWEEP_EVERY hits."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[tuple[str, str], tuple[deque[float], float]] = {}
        self._hits = 0
        self._lock = threading.Lock()  # handlers run in several threads

    def hit(self, item: RateLimitItem, namespace: str, key: str) -> float | None:
        now, span = self._clock(), float(item.get_expiry())
        with self._lock:
            self._hits += 1
            if self._hits % SWEEP_EVERY == 0:
                self._sweep(now)
            window = self._windows.setdefault((namespace, key), (deque(), span))[0]
            while window and window[0] <= now - span:
                window.popleft()
            if len(window) >= item.amount:
                return window[0] + span - now
            window.append(now)
            return None

    def __len__(self) -> int:
        """How many windows are kept."""
        return len(self._windows)

    def _sweep(self, now: float) -> None:
        idle = [
            where for where, (window, span) in self._windows.items() if not window or window[-1] <= now - span
        ]
        for where in idle:
            del self._windows[where]


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
