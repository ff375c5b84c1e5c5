"""A request for a spec'd operation handed straight to that operation's layers.

After connexion's routing middleware has found an operation, each layer below it (security, request
validation, response validation, lifespan, context, the app) finds it again: by the API's base path and
the operationId in the scope, on every request. And the routing itself copies the scope, walks the
mounts and routes with Starlette's matching, and passes through a context variable. Both depend only
on the operation, so both are worked out once, when the first request arrives (connexion builds its
stack then):

- `link_operations` sets each operation's layer object to call the next layer's object for the same
  operation directly: the one that layer's lookup would find. Layers that pass a request through
  (lifespan; response validation when it is off) are left out, as they would pass it on.
- `DirectRoutes` keeps, per mount and method, the routes of each API's router, indexed as the
  IndexedRouter indexes them (web/routing.py), and answers a path only when one of them matches it
  fully, the route Starlette would choose. Everything else (no route, a route for another method, a
  second API at the same base path, a path an operation's layers could not be linked for) is routed by
  connexion's routing, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any, NamedTuple

from connexion.apps.asynchronous import AsyncASGIApp
from connexion.middleware.abstract import ROUTING_CONTEXT, RoutedMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.routing import RoutingOperation
from starlette.convertors import Convertor, StringConvertor
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from org_invitations.web.routing import RouteIndex

OperationKey = tuple[str, str]  # (the API's base path, the operationId)


def link_operations(first: ASGIApp) -> dict[OperationKey, ASGIApp]:
    """Link each operation's layer objects below routing; the first object of each linked operation.

    `first` is the layer routing calls. An operation missing from a layer that routes its API
    (connexion would refuse it), or layers of a kind not known here, leave it unlinked.
    """
    layers = list(_routed_layers(first))
    if not layers or not isinstance(layers[-1], AsyncASGIApp):
        return {}
    keys = {
        (base_path, operation_id)
        for layer in layers
        for base_path, apis in layer.apis.items()
        for api in apis
        for operation_id in api.operations
    }
    chains = {key: chain for key in keys if (chain := _chain(layers, *key)) is not None}
    links = {
        (id(upper), id(lower)): (upper, lower)
        for chain in chains.values()
        for upper, lower in pairwise(chain)
    }
    if len({upper for upper, _ in links}) != len(links):
        return {}  # an object shared by operations that go on to different ones: linking it would misroute
    for upper, lower in links.values():
        upper.next_app = lower
    return {key: chain[0] for key, chain in chains.items()}


def _routed_layers(layer: ASGIApp) -> Iterator[RoutedMiddleware[Any]]:
    """The routed layers down to the app, or up to a layer of an unknown kind (then nothing can be linked)."""
    while True:
        if isinstance(layer, LifespanMiddleware):  # an HTTP request passes straight through
            layer = layer.next_app
        elif isinstance(layer, RoutedMiddleware):
            yield layer
            if isinstance(layer, AsyncASGIApp):
                return
            layer = layer.app
        else:
            return


def _chain(layers: list[RoutedMiddleware[Any]], base_path: str, operation_id: str) -> list[Any] | None:
    """The objects RoutedMiddleware's lookups would call for this operation, in order."""
    chain: list[Any] = []
    for layer in layers:
        apis = layer.apis.get(base_path)
        if not apis:
            continue  # the layer passes the request on
        found = next((api.operations[operation_id] for api in apis if operation_id in api.operations), None)
        if found is None:
            return None
        if found is layer.app:
            continue  # an API that says "pass on" for this operation (response validation off)
        chain.append(found)
    if not chain or any(not hasattr(upper, "next_app") for upper in chain[:-1]):
        return None
    return chain


class Routed(NamedTuple):
    head: ASGIApp
    base_path: str
    operation_id: str
    path_params: dict[str, Any]

    async def pass_on(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As connexion's RoutingOperation passes a request on: a copy of the scope, with the path's
        parameters and the routed operation."""
        routed = dict(scope)
        routed.setdefault("path_params", {}).update(self.path_params)
        routing = routed.setdefault("extensions", {}).setdefault(ROUTING_CONTEXT, {})
        routing.update({"api_base_path": self.base_path, "operation_id": self.operation_id})
        await self.head(routed, receive, send)


class _Target(NamedTuple):
    """A route's operation, as far as it is known when the routes are indexed."""

    path_regex: re.Pattern[str]
    convertors: dict[str, Convertor[Any]] | None  # None: every parameter is a plain string
    base_path: str
    operation_id: str | None
    head: ASGIApp | None  # None: its layers could not be linked


class _Mount(NamedTuple):
    path: str  # "/v1", or "" at the root
    below: str  # what every path it owns begins with: its path and a slash
    by_method: dict[str, RouteIndex[Route]]


class DirectRoutes:
    """The operations whose path and method one API's routes match fully, in Starlette's order."""

    def __init__(self, router: Router, heads: dict[OperationKey, ASGIApp]) -> None:
        self._mounts: list[_Mount] = []
        self._targets: dict[int, _Target] = {}  # by id(route): Routes are not hashable
        for top in router.routes:
            mounted = _mounted_operations(top)
            if mounted is None:
                break  # a route of another kind decides what follows: leave the rest to Starlette
            path, operations = mounted
            for route, operation_id in operations:
                convertors = route.param_convertors
                self._targets[id(route)] = _Target(
                    route.path_regex,
                    None if all(type(c) is StringConvertor for c in convertors.values()) else convertors,
                    path,
                    operation_id,
                    None if operation_id is None else heads.get((path, operation_id)),
                )
            routes = [route for route, _ in operations]
            methods = {method for route in routes for method in route.methods or ()}
            by_method = {m: RouteIndex([r for r in routes if m in (r.methods or ())]) for m in methods}
            self._mounts.append(_Mount(path, path + "/", by_method))

    def find(self, method: str, route_path: str) -> Routed | None:
        if "\n" in route_path:
            return None  # Starlette's patterns treat a newline their own way (`.` stops, `$` passes one)
        for mount in self._mounts:
            if not route_path.startswith(mount.below):
                continue
            index = mount.by_method.get(method)
            if index is None:
                return None
            rest = route_path[len(mount.path) :]
            for route in index.candidates(rest):
                target = self._targets[id(route)]
                match = target.path_regex.match(rest)
                if match is None:
                    continue
                if target.head is None or target.operation_id is None:
                    return None
                params = match.groupdict()
                if target.convertors is not None:
                    params = {name: target.convertors[name].convert(value) for name, value in params.items()}
                return Routed(target.head, target.base_path, target.operation_id, params)
            return None  # the mount owns the path: what answers it is Starlette's to say
        return None


def _mounted_operations(route: BaseRoute) -> tuple[str, list[tuple[Route, str | None]]] | None:
    """An API mounted at a fixed path: the path and its routes with their operationIds, when they are
    all routes of operations; else None."""
    if not isinstance(route, Mount) or "{" in route.path or not isinstance(route.app, Router):
        return None
    operations: list[tuple[Route, str | None]] = []
    for inner in route.app.routes:
        if type(inner) is not Route or not isinstance(inner.endpoint, RoutingOperation):
            return None
        operations.append((inner, inner.endpoint.operation_id))
    return route.path, operations
