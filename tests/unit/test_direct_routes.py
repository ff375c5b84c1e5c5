"""A request routed directly reaches the operation Starlette's routing would reach, with the same path
parameters, or is left to Starlette's routing; and each operation's layers are linked in their order."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from connexion.apps.asynchronous import AsyncASGIApp
from connexion.middleware.abstract import RoutedMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.routing import RoutingOperation
from starlette.exceptions import HTTPException
from starlette.routing import Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from org_invitations.web.direct import DirectRoutes, link_operations
from org_invitations.web.routing import IndexedRouter


class _Operation(RoutingOperation):  # type: ignore[misc]
    """A routed operation that notes where it was routed, instead of passing the request on."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["answered_by"] = (self.operation_id, dict(scope.get("path_params", {})))


def _api(*routes: tuple[str, str, str]) -> IndexedRouter:
    return IndexedRouter(
        routes=[Route(path, _Operation(name, None), methods=[method]) for method, path, name in routes]
    )


def _router() -> Router:
    v1 = _api(
        ("GET", "/organizations/handshakes/{handshake_id}", "get_handshake"),
        ("GET", "/organizations/{organization_id}", "get_organization"),
        ("GET", "/organizations/{organization_id}/invitations", "list_invitations"),
        ("POST", "/organizations/{organization_id}/invitations", "create_invitation"),
        ("GET", "/{anything}/me", "param_first"),
        ("GET", "/accounts/me", "get_me"),
        ("GET", "/files/{rest:path}", "files"),
        ("GET", "/files/{name}/meta", "meta"),
    )
    return Router(
        routes=[
            Mount("/v1", app=v1),
            Mount("/api/v1", app=_api(("GET", "/organizations/invitations/{token}", "elastic"))),
            Mount("/api", app=_api(("GET", "/organizations/{org}/invitations/{code}", "infodeck"))),
            Mount("", app=_api(("GET", "/healthz", "healthz"), ("POST", "/", "aws"))),
        ]
    )


PREFIXES = {"get_handshake": "/v1", "elastic": "/api/v1", "infodeck": "/api", "healthz": "", "aws": ""}
OPERATIONS = [
    "get_handshake", "get_organization", "list_invitations", "create_invitation", "param_first",
    "get_me", "files", "meta", "elastic", "infodeck", "healthz", "aws",
]  # fmt: skip


def _heads() -> dict[tuple[str, str], ASGIApp]:
    return {(PREFIXES.get(name, "/v1"), name): _Operation(name, None) for name in OPERATIONS}


def _starlette(router: Router, method: str, path: str) -> Any:
    scope: dict[str, Any] = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}

    async def send(_message: Any) -> None:
        pass

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    try:
        asyncio.run(router(scope, receive, send))
    except HTTPException:
        return None
    return scope.get("answered_by")


def _direct(routes: DirectRoutes, method: str, path: str) -> Any:
    routed = routes.find(method, path)
    if routed is None:
        return None
    scope: dict[str, Any] = {"type": "http", "path": path}
    _run(routed.pass_on, scope)
    assert scope.get("extensions") is None  # the operation was given a copy, as connexion gives it
    return routed.operation_id, routed.path_params


async def _never(*_args: Any) -> Any:
    raise AssertionError("not called")


def _run(app: ASGIApp, scope: dict[str, Any]) -> None:
    async def call() -> None:
        await app(scope, _never, _never)

    asyncio.run(call())


PATHS = [
    "/v1/organizations/handshakes/h-1",
    "/v1/organizations/handshakes",
    "/v1/organizations/o-1",
    "/v1/organizations/o-1/invitations",
    "/v1/organizations/handshakes/invitations",
    "/v1/accounts/me",
    "/v1/other/me",
    "/v1/files/a",
    "/v1/files/a/meta",
    "/v1/files/a/b/c",
    "/v1/organizations/o-1%0A",
    "/v1/organizations/o-1\n",
    "/v1/organizations/o\n1",
    "/v1/",
    "/v1",
    "/api/v1/organizations/invitations/t-1",
    "/api/v1/organizations/o-1/invitations/c-1",
    "/api/organizations/o-1/invitations/c-1",
    "/healthz",
    "/healthz/",
    "/",
    "/nothing/here",
]


def test_a_routed_request_reaches_what_starlette_reaches() -> None:
    router = _router()
    routes = DirectRoutes(router, _heads())
    answered = set()
    for method, path in itertools.product(("GET", "POST", "HEAD", "DELETE"), PATHS):
        direct = _direct(routes, method, path)
        if direct is not None:
            assert direct == _starlette(router, method, path), (method, path)
            answered.add((method, path))
    assert {
        ("GET", "/v1/organizations/handshakes/h-1"),
        ("GET", "/v1/other/me"),
        ("GET", "/v1/accounts/me"),  # the earlier route with a parameter wins, as in Starlette
        ("HEAD", "/v1/organizations/o-1"),
        ("POST", "/v1/organizations/o-1/invitations"),
        ("GET", "/v1/files/a/meta"),
        ("GET", "/api/v1/organizations/invitations/t-1"),
        ("GET", "/api/organizations/o-1/invitations/c-1"),
        ("POST", "/"),
    } <= answered
    # The mount at /api/v1 owns its paths: Infodeck's route, after it, is not tried.
    assert ("GET", "/api/v1/organizations/o-1/invitations/c-1") not in answered
    assert not any("\n" in path for _, path in answered)


def test_an_operation_whose_layers_are_not_linked_is_left_to_starlette() -> None:
    heads = {key: head for key, head in _heads().items() if key != ("/v1", "get_organization")}
    routes = DirectRoutes(_router(), heads)
    assert routes.find("GET", "/v1/organizations/o-1") is None
    assert routes.find("GET", "/v1/organizations/o-1/invitations") is not None


def test_routes_after_a_route_of_another_kind_are_left_to_starlette() -> None:
    router = _router()
    router.routes.insert(1, Route("/api/{anything:path}", _Operation("catch_all", None), methods=["GET"]))
    routes = DirectRoutes(router, _heads())
    assert routes.find("GET", "/v1/organizations/o-1") is not None
    assert routes.find("GET", "/api/v1/organizations/invitations/t-1") is None


# --- linking --------------------------------------------------------------------------------------------


class _Step:
    """An operation's object in one layer: notes itself, then calls what comes next."""

    def __init__(self, name: str, next_app: Any) -> None:
        self.name, self.next_app = name, next_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("passed", []).append(self.name)
        await self.next_app(scope, receive, send)


class _Api:
    def __init__(self, operations: dict[str, Any]) -> None:
        self.operations = operations


class _Layer(RoutedMiddleware):  # type: ignore[misc]
    def __init__(self, app: Any, apis: dict[str, list[_Api]]) -> None:
        self.app, self.apis = app, apis


class _App(AsyncASGIApp):  # type: ignore[misc]
    def __init__(self, apis: dict[str, list[_Api]]) -> None:
        self.app, self.apis = None, apis


async def _end(scope: Scope, receive: Receive, send: Send) -> None:
    scope.setdefault("passed", []).append("app")


def test_each_operation_calls_the_next_layers_object_for_it() -> None:
    app = _App({"/v1": [_Api({"a": _end, "b": _end})], "/ops": [_Api({"c": _end})]})
    context = _Layer(
        LifespanMiddleware(app, lifespan=None),
        {"/v1": [_Api({"a": _Step("context-a", app), "b": _Step("context-b", app)})]},
    )
    # Response validation when off: the operation's object is the layer's next app, which passes on.
    checked = _Layer(context, {"/v1": [_Api({"a": context, "b": _Step("checked-b", context)})]})
    security = _Layer(checked, {"/v1": [_Api({}), _Api({"a": _Step("security-a", checked)})]})
    heads = link_operations(security)
    # b: the security layer routes /v1 and has no b (connexion refuses it); c: /ops only in the app.
    assert set(heads) == {("/v1", "a"), ("/ops", "c")}
    scope: dict[str, Any] = {"type": "http"}
    _run(heads[("/v1", "a")], scope)
    assert scope["passed"] == ["security-a", "context-a", "app"]
    assert heads[("/ops", "c")] is _end


def test_layers_of_an_unknown_kind_link_nothing() -> None:
    app = _App({"/v1": [_Api({"a": _end})]})
    unknown = _Step("unknown", app)
    assert link_operations(_Layer(unknown, {"/v1": [_Api({"a": _Step("security-a", unknown)})]})) == {}


def test_an_object_two_operations_share_on_their_way_to_different_ones_links_nothing() -> None:
    app = _App({"/v1": [_Api({"a": _end, "b": _Step("app-b", None)})]})
    shared = _Step("shared", app)
    heads = link_operations(_Layer(app, {"/v1": [_Api({"a": shared, "b": shared})]}))
    assert heads == {}
    assert shared.next_app is app  # left as connexion made it
