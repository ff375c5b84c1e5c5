"""Accounts, API keys, security tokens and access keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response

from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import view
from org_invitations.web.responses import json_response, no_content
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

    def create_access_key(self, user: str) -> Response:
        created = self.services.accounts.create_access_key(user)
        return json_response(view(models.AccessKeyCreated, created), 201, secret=True)

    def list_access_keys(self, user: str) -> Response:
        keys = self.services.accounts.access_keys(user)
        return json_response(models.AccessKeyList(items=[view(models.AccessKey, key) for key in keys]))

    def delete_access_key(self, user: str, access_key_id: str) -> Response:
        self.services.accounts.delete_access_key(user, access_key_id)
        return no_content()
