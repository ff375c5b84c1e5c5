"""Authentication for connexion's security schemes, bound to our account service.

The spec names no Python functions (no x-bearerInfoFunc): the security map
built here supplies them, so the contract stays free of implementation paths.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.security import ApiKeySecurityHandler, BearerSecurityHandler

from org_invitations.services.accounts import AccountService
from org_invitations.web.compiled import in_handler_thread
from org_invitations.web.dialects import dialect_request

TokenInfo = dict[str, Any] | None


def _info(account_id: str | None) -> TokenInfo:
    return {"sub": account_id} if account_id else None


def security_map(accounts: AccountService) -> dict[str, type]:
    # The lookups hit the database: run them by the handler threads, never on the event loop
    # (a key this process proved lately is answered from memory, without the hand-off).
    async def api_key(token: str) -> TokenInfo:
        remembered = accounts.remembered_api_key(token)
        if remembered is not None:
            return _info(remembered)
        return _info(await in_handler_thread(accounts.authenticate_api_key, token))

    async def header_credential(token: str, request: ConnexionRequest) -> TokenInfo:
        """A dialect's credentials, checked by the router before routing (web/dialects/router.py),
        else the native API's X-Security-Token."""
        routed = dialect_request(request.scope)
        if routed is not None:
            return _info(routed.account_id)
        return _info(await in_handler_thread(accounts.authenticate_security_token, token))

    # What each scheme can answer without I/O, for web/compiled.py's fast path (None: ask above).
    def remembered_key(token: str, _scope: Any) -> TokenInfo:
        return _info(accounts.remembered_api_key(token))

    def checked_by_the_router(_token: str, scope: Any) -> TokenInfo:
        routed = dialect_request(scope)
        return _info(routed.account_id) if routed is not None else None

    def bound(
        base: type,
        choose: Callable[[dict[str, Any]], Callable[..., Awaitable[TokenInfo]]],
        **extra: Any,
    ) -> type:
        # connexion inspects the function's signature on every request: answered once per function.
        accepts = staticmethod(cache(base._accepts_kwarg))  # type: ignore[attr-defined]
        return type(
            base.__name__,
            (base,),
            {"_resolve_func": lambda self, scheme: choose(scheme), "_accepts_kwarg": accepts, **extra},
        )

    return {
        "bearer": bound(BearerSecurityHandler, lambda _scheme: api_key, at_once=staticmethod(remembered_key)),
        "apiKey": bound(
            ApiKeySecurityHandler,
            lambda _scheme: header_credential,
            at_once=staticmethod(checked_by_the_router),
        ),
    }
