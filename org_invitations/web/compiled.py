"""connexion with each operation's machinery built once, not on every request.

Stock connexion 3.3 (pinned) rebuilds per request what depends only on the operation: the
handler's decorator chain (whose parameter decorator inspects the handler's signature), URI
parsers, and the request validators (ours compile JSON Schemas when built). Here the same
objects, built the same way, are made once per operation (and media type) and reused. What runs
per request is what stock connexion runs, minus the rebuilding and the steps an operation cannot
use (web/arguments.py; no Content-Type checks without a body), with routers that try only the
routes a path admits (web/routing.py), credentials proved already answered at once, and synchronous
handlers handed to the loop's executor directly. The classes plug in where connexion says they
may: the inner app's `api_cls` and the middleware list, which is spelled out here, ours
included, so that every layer's place is visible in one list.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import gc
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import Any, Protocol, TypeVar

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator
from connexion.middleware import ConnexionMiddleware
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.routing import RoutingAPI, RoutingMiddleware, RoutingOperation
from connexion.middleware.security import SecurityAPI, SecurityMiddleware, SecurityOperation
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.operations import AbstractOperation
from connexion.uri_parsing import AbstractURIParser
from connexion.utils import is_nullable
from starlette.routing import Mount, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from org_invitations.web.arguments import PreparedParameterDecorator
from org_invitations.web.direct import DirectRoutes, link_operations
from org_invitations.web.routing import IndexedRouter, route_path

T = TypeVar("T")


class ThreadConnections(Protocol):
    """What the handler threads keep between requests (storage.unit_of_work.UnitOfWorkFactory)."""

    def keep_connections_in_this_thread(self) -> None: ...

    def release_kept_connections(self) -> None: ...


def _with_handler_threads(
    lifespan: Any, threads: int, connections: ThreadConnections | None
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """The app's lifespan, with the event loop's default executor sized for the handlers, whose
    threads keep their database connections from one request to the next until it ends.

    The handlers share one interpreter lock: threads only overlap their waits on the database, and
    each one more runnable at once costs lock hand-offs (settings.Settings.handler_threads)."""

    @contextlib.asynccontextmanager
    async def serving(app: Any) -> AsyncIterator[None]:
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(
                max_workers=threads,
                thread_name_prefix="handler",
                initializer=connections.keep_connections_in_this_thread if connections else None,
            )
        )  # shut down by the loop as it closes, after the last request
        try:
            if lifespan is None:
                _freeze_what_startup_made()
                yield
            else:
                async with lifespan(app):
                    _freeze_what_startup_made()
                    yield
        finally:
            gc.unfreeze()  # collectable again once the app is done (a process that makes another, the tests)
            if connections is not None:
                connections.release_kept_connections()

    return serving


def _freeze_what_startup_made() -> None:
    """What exists once the app has started (the specs, the models, the compiled validators and
    statements: some 156,000 objects that live as long as the app) is left out of every garbage
    collection until it stops. A full collection walked them all, about 75 ms in which no request
    moved: the tail of every operation's latency."""
    gc.collect()
    gc.freeze()


async def in_handler_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function` run by a handler thread (the loop's executor), in a copy of the caller's context, as
    Starlette's run_in_threadpool runs it, but without anyio's layers (for a lookup of a few hundred
    microseconds, its hand-off cost a tenth of the request) and on the threads the setting sizes."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(None, call)


def _in_a_thread(function: Callable[..., Any]) -> Callable[..., Any]:
    """A synchronous handler run by a handler thread; an asynchronous one as it is."""
    if asyncio.iscoroutinefunction(function):
        return function

    @functools.wraps(function)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        return await in_handler_thread(function, *args, **kwargs)

    return wrapper


class _DecoratedOnce(StarletteDecorator):  # type: ignore[misc]
    @property
    def _parameter_decorator_cls(self) -> type[PreparedParameterDecorator]:
        return PreparedParameterDecorator

    @property
    def _sync_async_decorator(self) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return _in_a_thread

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


class _Operation(AsyncOperation):  # type: ignore[misc]
    @cached_property
    def fn(self) -> Callable[..., Any]:
        return _DecoratedOnce(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)(self._fn)


class _Api(AsyncApi):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        return _Operation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


KEPT_BODY_VALIDATORS = 8


class _ValidationOperation(RequestValidationOperation):  # type: ignore[misc]
    """connexion's request validation, in its order, with validators built once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._body_validators: dict[tuple[str, str], Any] = {}

    @cached_property
    def _parameters(self) -> Any:
        operation = self._operation
        return self._validator_map["parameter"](
            operation.parameters,
            uri_parser=operation._uri_parser_class(operation.parameters, operation.body_definition()),
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )

    def _body(self, mime_type: str, encoding: str) -> Any:
        """The body validator for this media type, or None when the operation has no body schema for it.

        Both come from the client's Content-Type: a few are kept, and any others are built for their
        request only, so a client cycling through charsets cannot grow the process."""
        key = (mime_type, encoding)
        if key in self._body_validators:
            return self._body_validators[key]
        validator = self._make_body_validator(mime_type, encoding)
        if len(self._body_validators) < KEPT_BODY_VALIDATORS:
            self._body_validators[key] = validator
        return validator

    def _make_body_validator(self, mime_type: str, encoding: str) -> Any:
        operation = self._operation
        schema = operation.body_schema(mime_type)
        if not schema:
            return None
        try:
            validator_cls = self._validator_map["body"][mime_type]
        except KeyError:
            return None  # connexion skips validation for a media type it has no validator for
        return validator_cls(
            schema=schema,
            required=operation.request_body.get("required", False),
            nullable=is_nullable(operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=operation.uri_parser_class(operation.parameters, operation.body_definition()),
        )

    @cached_property
    def _takes_body(self) -> bool:
        """An operation that declares no request body consumes no media type: connexion's checks of
        the Content-Type and the body then accept anything and validate nothing."""
        return bool(self._operation.consumes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameters.validate(scope)
        if not self._takes_body:
            await self.next_app(scope, receive, send)
            return
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        validator = self._body(mime_type, encoding)
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


class _ValidationApi(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return _ValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class _RequestValidation(RequestValidationMiddleware):  # type: ignore[misc]
    api_cls = _ValidationApi


class _RoutingApi(RoutingAPI):  # type: ignore[misc]
    router: Router

    def _add_operation_internal(
        self, method: str, path: str, operation: RoutingOperation, name: Any = None
    ) -> None:
        if not isinstance(self.router, IndexedRouter):  # connexion made a plain one; no routes yet
            self.router = IndexedRouter(default=self.router.default)
        super()._add_operation_internal(method, path, operation, name)


class _Routing(RoutingMiddleware):  # type: ignore[misc]
    """connexion's routing middleware (its add_api, as in 3.3) on indexed routers (web/routing.py), with
    a request for an operation one API's routes match handed straight to its linked layers (web/direct.py)."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.router = IndexedRouter(default=RoutingOperation(None, self.app))
        self._direct: DirectRoutes | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if (
                self._direct is None
            ):  # every layer has every API by the first request: connexion builds them then
                self._direct = DirectRoutes(self.router, link_operations(self.app))
            routed = self._direct.find(scope["method"], route_path(scope))
            if routed is not None:
                await routed.pass_on(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def add_api(
        self, specification: Any, base_path: str | None = None, arguments: Any = None, **kwargs: Any
    ) -> None:
        api = _RoutingApi(
            specification, base_path=base_path, arguments=arguments, next_app=self.app, **kwargs
        )
        for route in self.router.routes:  # a second API at the same base path answers what the first does not
            if isinstance(route, Mount) and route.path == api.base_path and isinstance(route.app, Router):
                route.app.default = api.router
        self.router.mount(api.base_path, app=api.router)


class _AnsweredAtOnce(SecurityOperation):  # type: ignore[misc]
    """connexion's security check, answered on the spot when the credential was proved already.

    connexion tries an operation's alternatives in order and stops at the first that succeeds.
    When the first is one scheme alone (a bearer API key, or a header the dialect router checked)
    and its handler can say from memory whom the credential is (`at_once`: web/security.py), the
    context is set as connexion would set it. Anything else (no such header, another scheme, a
    credential not known at once) goes through connexion's own verification, unchanged.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at_once: Callable[[str, Scope], Any] | None = None
        self._credential: Callable[[Scope], str | None] = lambda _scope: None
        if self.security and len(self.security[0]) == 1:
            (scheme_name,) = self.security[0]
            scheme = self.security_schemes[scheme_name]
            handlers = self.security_handler_factory.security_handlers
            if scheme["type"] == "http" and scheme["scheme"].lower() == "bearer":
                self._at_once, self._credential = getattr(handlers["bearer"], "at_once", None), _bearer
            elif scheme["type"] == "apiKey" and scheme["in"] == "header":
                header = scheme["name"].lower().encode("latin-1")
                self._at_once = getattr(handlers["apiKey"], "at_once", None)
                self._credential = functools.partial(_header, header)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        credential = self._credential(scope) if self._at_once is not None else None
        token_info = None if credential is None or self._at_once is None else self._at_once(credential, scope)
        if token_info is None:
            await super().__call__(scope, receive, send)
            return
        context = scope.setdefault("extensions", {}).setdefault("connexion_context", {})
        context.update({"user": token_info.get("sub", token_info.get("uid")), "token_info": token_info})
        await self.next_app(scope, receive, send)


def _header(name: bytes, scope: Scope) -> str | None:
    """The first header of that name, as Starlette's Headers.get finds it."""
    return next((value.decode("latin-1") for key, value in scope["headers"] if key.lower() == name), None)


def _bearer(scope: Scope) -> str | None:
    """The token of `Authorization: Bearer <token>`, split as connexion splits it."""
    parts = (_header(b"authorization", scope) or "").split(maxsplit=1)
    return parts[1] if len(parts) == 2 and parts[0].lower() == "bearer" else None


class _SecurityApi(SecurityAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> SecurityOperation:
        return _AnsweredAtOnce.from_operation(
            operation, next_app=self.next_app, security_handler_factory=self.security_handler_factory
        )


class _Security(SecurityMiddleware):  # type: ignore[misc]
    api_cls = _SecurityApi


class _SwaggerUIWhereServed(SwaggerUIMiddleware):  # type: ignore[misc]
    """connexion's Swagger UI and spec routes, asked only about paths that can be theirs: its
    router otherwise walks every API's mount on every request to find nothing."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._prefixes: tuple[str, ...] = ()

    def add_api(self, specification: Any, base_path: str | None = None, **kwargs: Any) -> None:
        super().add_api(specification, base_path=base_path, **kwargs)
        mount = self.router.routes[-1]  # the API's, just added
        self._prefixes += tuple(mount.path + route.path for route in mount.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self._prefixes):
            await self.app(dict(scope), receive, send)  # a copy, as its router's default passes on
            return
        await super().__call__(scope, receive, send)


REPLACED = {
    RoutingMiddleware: _Routing,
    RequestValidationMiddleware: _RequestValidation,
    SecurityMiddleware: _Security,
    SwaggerUIMiddleware: _SwaggerUIWhereServed,
}


def middleware_stack(*, around_problems: list[Any], before_ui: list[Any]) -> list[Any]:
    """connexion's layers, outermost first, with ours where they belong: `around_problems` see
    every answer, problems included; `before_ui` see requests before any routing."""
    stack: list[Any] = []
    for layer in ConnexionMiddleware.default_middlewares:
        if layer is ExceptionMiddleware:
            stack += around_problems
        if layer is SwaggerUIMiddleware:
            stack += before_ui
        stack.append(REPLACED.get(layer, layer))
    return stack


class CompiledAsyncApp(AsyncApp):  # type: ignore[misc]
    """An AsyncApp whose operations' machinery is built once (its APIs are added after construction)."""

    def __init__(
        self,
        *args: Any,
        middlewares: list[Any],
        handler_threads: int,
        thread_connections: ThreadConnections | None = None,
        lifespan: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            *args,
            middlewares=middlewares,
            lifespan=_with_handler_threads(lifespan, handler_threads, thread_connections),
            **kwargs,
        )
        self._middleware_app.api_cls = _Api
