"""Authentication for connexion's security schemes, bound to our account service.

The spec names no Python functions (no x-bearerInfoFunc): the security map
built here supplies them, so the contract stays free of implementation paths.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from connexion.security import ApiKeySecurityHandler, BearerSecurityHandler
from starlette.concurrency import run_in_threadpool

from org_invitations.services.accounts import AccountService

TokenInfo = dict[str, Any] | None


def _info(account_id: str | None) -> TokenInfo:
    return {"sub": account_id} if account_id else None


def security_map(accounts: AccountService) -> dict[str, type]:
    # The lookups hit the database: run them in the thread pool, never on the event loop.
    async def api_key(token: str) -> TokenInfo:
        return _info(await run_in_threadpool(accounts.authenticate_api_key, token))

    async def security_token(token: str, required_scopes: object = None) -> TokenInfo:
        return _info(await run_in_threadpool(accounts.authenticate_security_token, token))

    def bound(base: type, function: Callable[..., Awaitable[TokenInfo]]) -> type:
        return type(base.__name__, (base,), {"_resolve_func": lambda self, scheme: function})

    return {
        "bearer": bound(BearerSecurityHandler, api_key),
        "apiKey": bound(ApiKeySecurityHandler, security_token),
    }
