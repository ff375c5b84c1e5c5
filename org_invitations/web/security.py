"""Authentication for connexion's security schemes, bound to our account service.

The spec names no Python functions (no x-bearerInfoFunc): the security map
built here supplies them, so the contract stays free of implementation paths.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.security import ApiKeySecurityHandler, BearerSecurityHandler
from starlette.concurrency import run_in_threadpool

from org_invitations.services.accounts import AccountService
from org_invitations.web.dialects import dialect_request

TokenInfo = dict[str, Any] | None


def _info(account_id: str | None) -> TokenInfo:
    return {"sub": account_id} if account_id else None


def security_map(accounts: AccountService) -> dict[str, type]:
    # The lookups hit the database: run them in the thread pool, never on the event loop.
    async def api_key(token: str) -> TokenInfo:
        return _info(await run_in_threadpool(accounts.authenticate_api_key, token))

    async def header_credential(token: str, request: ConnexionRequest) -> TokenInfo:
        """A dialect's credentials, checked by the router before routing (web/dialects/router.py),
        else the native API's X-Security-Token."""
        routed = dialect_request(request.scope)
        if routed is not None:
            return _info(routed.account_id)
        return _info(await run_in_threadpool(accounts.authenticate_security_token, token))

    def bound(base: type, choose: Callable[[dict[str, Any]], Callable[..., Awaitable[TokenInfo]]]) -> type:
        return type(base.__name__, (base,), {"_resolve_func": lambda self, scheme: choose(scheme)})

    return {
        "bearer": bound(BearerSecurityHandler, lambda _scheme: api_key),
        "apiKey": bound(ApiKeySecurityHandler, lambda _scheme: header_credential),
    }
