"""One log line and one metrics observation per request, and `X-Request-ID` on every response
of the native API and the ops routes (problems included; the dialects name requests their
vendors' way).

The id is the client's `X-Request-ID` when it is a sane one, else a new one; it is the
context of everything logged while the request is served, and of the outbox messages the
request writes. The line names what was asked (the operation, or the dialect), of whom
(account, organization, where known), how it ended and how long it took.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from org_invitations.logs import log_info
from org_invitations.metrics import observe_request
from org_invitations.tracing import REQUEST_ID, request_id_from
from org_invitations.web.dialects import dialect_request

logger = logging.getLogger("org_invitations.requests")
ORGANIZATION = re.compile(r"(?<![0-9a-z])o-[0-9a-z]{32}(?![0-9a-z])")


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = next((value for name, value in scope["headers"] if name == b"x-request-id"), None)
        request_id = request_id_from(None if sent is None else sent.decode("latin-1"))
        path, method = scope["path"], scope["method"]  # before a dialect's route rewrites it
        # Shared from here on: connexion copies the scope, and records the operation and the
        # authenticated account in this dict of the copy.
        scope.setdefault("extensions", {})
        context = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if dialect_request(scope) is None:
                    headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"x-request-id"]
                    message["headers"] = [*headers, (b"x-request-id", request_id.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            described = _described(scope, method, path, status, round(seconds * 1000, 2))
            observe_request(
                described["dialect"] or ("v1" if path.startswith("/v1/") else "ops"),
                described["operation_id"],
                status,
                seconds,
            )
            log_info(logger, "request", described)
            REQUEST_ID.reset(context)


def _described(scope: Scope, method: str, path: str, status: int, duration_ms: float) -> dict[str, Any]:
    extensions = scope.get("extensions", {})
    routed = dialect_request(scope)
    organization = ORGANIZATION.search(path)
    client = scope.get("client")
    return {
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": duration_ms,
        "operation_id": extensions.get("connexion_routing", {}).get("operation_id"),
        "dialect": routed.dialect.name if routed else None,
        "account_id": (routed.account_id if routed else None)
        or extensions.get("connexion_context", {}).get("user"),
        "organization_id": organization[0] if organization else None,
        "client": client[0] if client else None,
    }
