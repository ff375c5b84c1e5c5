"""Liveness and readiness, for load balancers and orchestrators (openapi/ops.yaml)."""

from __future__ import annotations

from starlette.responses import Response

from org_invitations.handlers.base import HandlerGroup
from org_invitations.web.problems import HttpProblem


def _ok() -> Response:
    return Response('{"status":"ok"}', media_type="application/json")


class HealthHandlers(HandlerGroup):
    def healthz(self) -> Response:
        return _ok()

    def readyz(self) -> Response:
        if not self.services.database_ready():
            raise HttpProblem(503, "database_unavailable", "The database does not answer.")
        return _ok()
