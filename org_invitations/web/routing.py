"""Starlette's routing, asked only of the routes that can match.

A Starlette router tries its routes in order, each with its regular expression, until one matches:
with every API's operations mounted, a request is tried against dozens before it is found. A route
whose path begins with a fixed segment (`/organizations/...`, a mount at `/v1`) can only match a
path that begins with that same segment, and a route of N segments with no `{…:path}` parameter
only a path of N segments; so each router keeps, per first segment and number of segments, the
routes that could match such a path, in their order. Matching, partial matches (405) and the
rest are Starlette's own; a request that matches nothing is routed the full way, so what happens
to it (slash redirects, the default app) is Starlette's too.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from starlette.routing import BaseRoute, Match, Mount, Route, Router
from starlette.types import Receive, Scope, Send

ANY_SEGMENT = None


def first_segment(route: BaseRoute) -> str | None:
    """The fixed first segment every path the route matches begins with, or ANY_SEGMENT."""
    if not isinstance(route, Route | Mount):
        return ANY_SEGMENT
    path = route.path
    if not path.startswith("/"):
        return ANY_SEGMENT  # a mount at the root (""): every path
    segment = path[1:].split("/", 1)[0]
    if "{" in segment or (isinstance(route, Mount) and segment == ""):
        return ANY_SEGMENT
    return segment


def depth(route: BaseRoute) -> int | None:
    """How many segments every path the route matches has, or None when it may have any number
    (a mount, a `{…:path}` parameter, a route of another kind)."""
    if type(route) is not Route or ":path}" in route.path:
        return None
    return route.path.count("/")


R = TypeVar("R", bound=BaseRoute)


class RouteIndex(Generic[R]):
    """Routes, in their order, found by the first segment and the number of segments of a path."""

    def __init__(self, routes: list[R]) -> None:
        self.routes = routes
        self._fixed = frozenset(s for s in map(first_segment, routes) if s is not ANY_SEGMENT)
        self._deepest = max((d for d in map(depth, routes) if d is not None), default=0)
        self._by_shape: dict[tuple[str | None, int], list[R]] = {}

    def candidates(self, route_path: str) -> list[R]:
        """The routes that could match the path, in order."""
        segment: str | None = route_path[1:].split("/", 1)[0]
        # Bounded keys: a segment no route names, or more segments than any route has, are alike.
        shape = (
            segment if segment in self._fixed else ANY_SEGMENT,
            min(route_path.count("/"), self._deepest + 1),
        )
        found = self._by_shape.get(shape)
        if found is None:
            found = self._by_shape[shape] = [route for route in self.routes if _admits(route, *shape)]
        return found


class IndexedRouter(Router):
    """A Router that tries, for each request, only the routes that its first path segment and its
    number of segments admit."""

    _index: RouteIndex[BaseRoute] | None = None

    def _candidates(self, route_path: str) -> list[BaseRoute]:
        index = self._index
        if index is None or len(index.routes) != len(self.routes):  # routes were added: index again
            index = self._index = RouteIndex(list(self.routes))
        return index.candidates(route_path)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        partial: tuple[BaseRoute, Scope] | None = None
        for route in self._candidates(route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope.setdefault("router", self)
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial = route, child_scope
        if partial is not None:
            scope.setdefault("router", self)
            scope["route"] = partial[0]
            scope.update(partial[1])
            await partial[0].handle(scope, receive, send)
            return
        await super().app(scope, receive, send)  # nothing can match: Starlette's own way to its end


def _admits(route: BaseRoute, segment: str | None, segments: int) -> bool:
    own_segment, own_depth = first_segment(route), depth(route)
    return (own_segment is ANY_SEGMENT or own_segment == segment) and (
        own_depth is None or own_depth == segments
    )


def route_path(scope: Scope) -> str:
    """Starlette's get_route_path (the path below the mount's root path)."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if path == root_path:
        return ""
    return path[len(root_path) :] if path[len(root_path)] == "/" else path
