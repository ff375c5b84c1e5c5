"""Accounts, API keys and security tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response

from generated import models
from handlers.base import HandlerGroup
from org_invitations.domain import model
from org_invitations.web.responses import json_response
from org_invitations.web.validation import request_model


def account_view(account: model.Account) -> models.Account:
    return models.Account(
        id=account.id, name=account.name, email=account.email, created_at=account.created_at
    )


class AccountHandlers(HandlerGroup):
    def create_account(self, body: dict[str, Any]) -> Response:
        request = request_model(models.AccountCreate, body)
        created = self.services.accounts.create(request.name, request.email)
        return json_response(
            models.AccountCreated(account=account_view(created.account), api_key=created.api_key),
            201,
            secret=True,
        )

    def get_my_account(self, user: str) -> Response:
        return json_response(account_view(self.services.accounts.get(user)))

    def create_security_token(self, user: str, body: dict[str, Any] | None = None) -> Response:
        request = request_model(models.SecurityTokenCreate, body or {})
        issued = self.services.accounts.issue_security_token(user, timedelta(seconds=request.ttl_seconds))
        return json_response(
            models.SecurityToken(
                security_token=issued.token, account_id=issued.account_id, expires_at=issued.expires_at
            ),
            201,
            secret=True,
        )
