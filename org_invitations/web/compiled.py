"""connexion's innermost app with each operation's call chain built once, not on every request.

Stock connexion 3.3 (pinned) rebuilds an operation's decorators for every request: the
parameter decorator inspects the handler's signature, the URI parser is constructed again, and
the chain is wrapped anew. Here the same decorators, in the same order, are built once per
operation (the URI parser at its first request, since connexion hands over the routed operation
only then) and reused; what runs per request is what stock connexion runs, minus the rebuilding.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator
from connexion.operations import AbstractOperation
from connexion.uri_parsing import AbstractURIParser


class _DecoratedOnce(StarletteDecorator):
    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        decorated = self.decorate(function)
        parser: AbstractURIParser | None = None

        async def wrapper() -> Any:
            nonlocal parser
            if parser is None:
                parser = self.uri_parser  # of the routed operation, always this one
            request = self.framework.get_request(uri_parser=parser, scope=scope, receive=receive)
            return await decorated(request)

        return wrapper


class _Operation(AsyncOperation):
    @cached_property
    def fn(self) -> Callable[..., Any]:  # type: ignore[override]
        return _DecoratedOnce(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)(self._fn)


class _Api(AsyncApi):
    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        return _Operation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


class CompiledAsyncApp(AsyncApp):
    """An AsyncApp whose APIs (added after construction) build their operations' chains once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._middleware_app.api_cls = _Api
