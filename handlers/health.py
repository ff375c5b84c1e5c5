"""Liveness and readiness, for load balancers and orchestrators (openapi/ops.yaml)."""

from __future__ import annotations

from starlette.responses import Response

from org_invitations.handlers.base import HandlerGroup
from org_invitations.web.problems import HttpProblem

READINESS = {
    "database_unavailable": "The database does not answer.",
    "migrations_behind": "The database's schema is not this version's: run `org-invitations migrate`.",
}


def _ok() -> Response:
    return Response('{"status":"ok"}', media_type="application/json")


class HealthHandlers(HandlerGroup):
    def healthz(self) -> Response:
        return _ok()

    def readyz(self) -> Response:
        refusal = self.services.readiness()
        if refusal is not None:
            raise HttpProblem(503, refusal, READINESS[refusal])
        return _ok()
