"""Throttles, counted by the `limits` library in a moving window (in-process, or shared storage by URL)."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from org_invitations.domain.errors import RateLimited
from org_invitations.services.ports import Telemetry, Unobserved


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
        # Shared storage (Redis) makes the limits hold across every server process together.
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_url, key_prefix=key_prefix))
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
        if self._limiter.hit(item, namespace, key):
            return
        self._telemetry.throttled(namespace)
        reset_at, _ = self._limiter.get_window_stats(item, namespace, key)
        retry_after = math.ceil(reset_at - time.time())
        raise RateLimited(f"At most {item.amount} {what}; retry in {retry_after} s.", retry_after, namespace)
