"""The indexed router routes every request where Starlette's own router does."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from starlette.exceptions import HTTPException
from starlette.routing import Mount, Route, Router
from starlette.types import Receive, Scope, Send

from org_invitations.web.routing import IndexedRouter


class _Endpoint:
    """An ASGI app that notes its name: an object, since Starlette calls a function with a request."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["answered_by"] = (self.name, dict(scope.get("path_params", {})))


def _routes() -> list[Any]:
    inner = [
        Route("/organizations/handshakes/{handshake_id}", _Endpoint("handshake"), methods=["GET"]),
        Route("/organizations/{organization_id}", _Endpoint("organization"), methods=["GET"]),
        Route("/organizations/{organization_id}/invitations", _Endpoint("list"), methods=["GET"]),
        Route("/organizations/{organization_id}/invitations", _Endpoint("create"), methods=["POST"]),
        Route("/{anything}/me", _Endpoint("param-first"), methods=["GET"]),
        Route("/accounts/me", _Endpoint("me"), methods=["GET"]),
        Route("/", _Endpoint("root"), methods=["GET"]),
        Route("/files/{rest:path}", _Endpoint("files"), methods=["GET"]),
        Route("/files/{name}/meta", _Endpoint("meta"), methods=["GET"]),
    ]
    return [
        Mount("/v1", routes=inner),
        Route("/healthz", _Endpoint("healthz"), methods=["GET"]),
        Mount("/_dialects/aws", routes=[Route("/", _Endpoint("aws"), methods=["POST"])]),
        Mount("", routes=[Route("/readyz", _Endpoint("readyz"), methods=["GET"])]),
        Route("/after-root-mount", _Endpoint("shadowed"), methods=["GET"]),
    ]


def _answer(router: Router, method: str, path: str) -> Any:
    scope: dict[str, Any] = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message.get("status"))

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    try:
        asyncio.run(router.app(scope, receive, send))
    except HTTPException as refused:
        return ("refused", refused.status_code)
    return scope.get("answered_by", ("default", tuple(sent)))


PATHS = [
    "/v1/organizations/handshakes/h-1",
    "/v1/organizations/handshakes",
    "/v1/organizations/o-1",
    "/v1/organizations/o-1/invitations",
    "/v1/organizations/handshakes/invitations",
    "/v1/accounts/me",
    "/v1/other/me",
    "/v1/",
    "/v1/files/a",
    "/v1/files/a/meta",
    "/v1/files/a/b/c/d/e/f/g",
    "/v1/organizations/o-1/invitations/i-1/events/e-1/x/y/z",
    "/v1",
    "/healthz",
    "/healthz/",
    "/readyz",
    "/_dialects/aws/",
    "/_dialects/aws",
    "/after-root-mount",
    "/nothing/here",
    "/",
    "",
]


def test_every_request_is_answered_by_the_route_starlette_chooses() -> None:
    for method, path in itertools.product(("GET", "POST", "DELETE"), PATHS):
        plain, indexed = Router(routes=_routes()), IndexedRouter(routes=_routes())
        assert _answer(indexed, method, path) == _answer(plain, method, path), (method, path)


def test_a_route_added_after_the_first_request_is_routed() -> None:
    router = IndexedRouter(routes=_routes())
    assert _answer(router, "GET", "/late")[0] != "late"
    router.routes.insert(0, Route("/late", _Endpoint("late"), methods=["GET"]))
    assert _answer(router, "GET", "/late")[0] == "late"
