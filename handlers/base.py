"""What every handler group shares: the core services, and the not-yet-implemented answer."""

from __future__ import annotations

from typing import NoReturn

from org_invitations.bootstrap import Services
from org_invitations.web.problems import HttpProblem


class HandlerGroup:
    def __init__(self, services: Services) -> None:
        self.services = services


def not_implemented(self: HandlerGroup, **_: object) -> NoReturn:
    """Answer for operations that are in the contract but not built yet."""
    raise HttpProblem(501, "not_implemented", "This operation is specified but not implemented yet.")
