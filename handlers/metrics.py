"""`/metrics` for Prometheus (openapi/ops.yaml), readable from the allowed networks or with the token."""

from __future__ import annotations

import hmac
import ipaddress

from connexion import request
from starlette.responses import Response

from org_invitations.bootstrap import Services
from org_invitations.handlers.base import HandlerGroup, client_address
from org_invitations.metrics import CONTENT_TYPE, Exposition
from org_invitations.web.problems import HttpProblem

BEARER = "bearer "


class MetricsHandlers(HandlerGroup):
    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._exposition = Exposition(services.stats)
        self._networks = services.settings.metrics_networks()
        token = services.settings.metrics_token
        self._token = token.get_secret_value().encode() if token and token.get_secret_value() else None

    def metrics(self) -> Response:
        if not (self._from_allowed_network() or self._has_token()):
            if self._token is None:
                raise HttpProblem(
                    403, "metrics_forbidden", "Metrics are readable from allowed networks only."
                )
            raise HttpProblem(
                401,
                "metrics_unauthorized",
                "Send the metrics token as `Authorization: Bearer <token>`.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Response(self._exposition.render(), media_type=CONTENT_TYPE)

    def _from_allowed_network(self) -> bool:
        try:
            address = ipaddress.ip_address(client_address())
        except ValueError:  # no peer address (a test client): not a network of anyone's
            return False
        return any(address in network for network in self._networks)

    def _has_token(self) -> bool:
        sent = request.headers.get("authorization", "")
        if self._token is None or sent[: len(BEARER)].lower() != BEARER:
            return False
        return hmac.compare_digest(sent[len(BEARER) :].strip().encode(), self._token)
