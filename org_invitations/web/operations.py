"""Map operationIds to handler methods mechanically: the method named after the operation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from connexion.resolver import Resolver
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from org_invitations.web.specs import load_spec


def operation_table(handler_groups: Iterable[object]) -> dict[str, Callable[..., Any]]:
    table: dict[str, Callable[..., Any]] = {}
    for group in handler_groups:
        for name in dir(group):
            if name.startswith("_"):
                continue
            method = getattr(group, name)
            if not callable(method):
                continue
            if name in table:
                raise ValueError(f"two handler groups answer operation {name!r}")
            table[name] = method
    return table


def resolver(handler_groups: Iterable[object]) -> Resolver:
    table = operation_table(handler_groups)

    def resolve(operation_id: str) -> Callable[..., Any]:
        try:
            return table[operation_id]
        except KeyError:
            raise ImportError(f"no handler method named {operation_id!r}") from None

    return Resolver(function_resolver=resolve)


class AllowedMethods:
    """The methods each spec'd path answers: for the `Allow` header of a 405, and for the
    dialect router to tell which requests the native API routes at all.

    connexion routes each operation separately, so on its own it names only one
    operation's method; the spec knows them all.
    """

    HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

    def __init__(self) -> None:
        self._paths: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        self._by_method: dict[str, re.Pattern[str]] = {}

    @classmethod
    def of(cls, spec_file: Path, base_path: str, *, public_only: bool = False) -> AllowedMethods:
        """`public_only`: only the operations that need no credentials (`security: []`)."""
        allowed = cls()
        allowed.add_spec(spec_file, base_path, public_only=public_only)
        return allowed

    def add_spec(self, spec_file: Path, base_path: str, *, public_only: bool = False) -> None:
        spec = load_spec(spec_file)
        for template, item in spec["paths"].items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(base_path + template))
            methods = tuple(
                m.upper()
                for m in self.HTTP_METHODS
                if m in item and (not public_only or item[m].get("security", spec.get("security")) == [])
            )
            self._paths.append((re.compile(pattern + "/?"), methods))
        # Per method, one expression of every path that answers it: one match, not one per path.
        self._by_method = {
            method: re.compile(
                "|".join(f"(?:{p.pattern})" for p, methods in self._paths if method in methods)
            )
            for method in {m for _, methods in self._paths for m in methods}
        }

    def for_path(self, path: str) -> str | None:
        for pattern, methods in self._paths:
            if pattern.fullmatch(path):
                return ", ".join(methods)
        return None

    def serves(self, method: str, path: str) -> bool:
        """Whether an operation routes `method path` (a `{parameter}` takes any one segment)."""
        answering = self._by_method.get(method)
        return answering is not None and answering.fullmatch(path) is not None


class NoTrailingSlashRedirects:
    """A path with a trailing slash is a 404 problem, not Starlette's undocumented 307 redirect.

    Swagger UI under /v1/ui/ keeps its own paths.
    """

    def __init__(self, app: ASGIApp, *, allowed_prefix: str = "/v1/ui") -> None:
        self.app = app
        self.allowed_prefix = allowed_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] == "http"
            and len(path) > 1
            and path.endswith("/")
            and not path.startswith(self.allowed_prefix)
        ):
            raise HTTPException(404)
        await self.app(scope, receive, send)
