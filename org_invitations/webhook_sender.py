"""Posting a webhook event: JSON, signed as the Standard Webhooks specification says, with its
reference library (`webhook-id`, `webhook-timestamp`, `webhook-signature`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import httpx
from standardwebhooks.webhooks import Webhook


@dataclass(frozen=True)
class SignedPoster:
    timeout: float

    def post(self, url: str, secret: str, message_id: str, at: datetime, body: bytes) -> int:
        """The receiver's status; raises when none answered. Redirects are not followed: a
        receiver answers where it was registered."""
        headers = {
            "content-type": "application/json",
            "user-agent": "org-invitations-webhooks",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(message_id, at, body.decode()),
        }
        return httpx.post(
            url, content=body, headers=headers, timeout=self.timeout, follow_redirects=False
        ).status_code
