"""Accounts, API keys and security tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response

from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import view
from org_invitations.web.responses import json_response
from org_invitations.web.validation import request_model


class AccountHandlers(HandlerGroup):
    def create_account(self, body: dict[str, Any]) -> Response:
        request = request_model(models.AccountCreate, body)
        created = self.services.accounts.create(request.name, request.email)
        return json_response(view(models.AccountCreated, created), 201, secret=True)

    def get_my_account(self, user: str) -> Response:
        return json_response(view(models.Account, self.services.accounts.get(user)))

    def create_security_token(self, user: str, body: dict[str, Any] | None = None) -> Response:
        request = request_model(models.SecurityTokenCreate, body or {})
        issued = self.services.accounts.issue_security_token(user, timedelta(seconds=request.ttl_seconds))
        return json_response(view(models.SecurityToken, issued), 201, secret=True)
