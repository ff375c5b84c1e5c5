"""A handler's keyword arguments from the request, with what depends only on the operation worked out once.

connexion 3.3's parameter decorator (pinned) asks the operation, on every request, for its body's name and
schema, its parameter definitions and their defaults, and parses the request's form for files even when the
operation takes no body. This one makes the same calls to the same helpers, in the same order, so that a
handler gets exactly the arguments it would get from connexion; it only skips the parts an operation cannot
use: no body or files for an operation that declares no request body, no query arguments for one that
declares no query parameters; and a JSON body (one connexion would decode) is the one its validator decoded,
not decoded a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion.context import context, operation
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    AsyncParameterDecorator,
    _get_body_argument,
    _get_file_arguments,
    _get_query_arguments,
    _get_val_from_param,
    unwrap_decorators,
)
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.lifecycle import ConnexionRequest
from connexion.operations import AbstractOperation
from connexion.utils import inspect_function_arguments, is_json_mimetype

from org_invitations.web.validation import validated_body


class _Arguments:
    """The operation's side of argument preparation, fixed when the operation first runs."""

    def __init__(
        self,
        routed: AbstractOperation,
        arguments: list[str],
        has_kwargs: bool,
        sanitize: Callable[[str], str],
    ):
        self.operation = routed
        self.arguments = arguments
        self.has_kwargs = has_kwargs
        self.sanitize = sanitize
        self.path = {p["name"]: p for p in routed.parameters if p["in"] == "path"}
        self.path_names = {name: sanitize(name) for name in self.path}
        self.has_query = any(p["in"] == "query" for p in routed.parameters)
        self.takes_body = routed.is_request_body_defined and routed.method.upper() != "TRACE"
        self.body_wanted = has_kwargs or sanitize(routed.body_name("")) in arguments
        self.names = frozenset(arguments)

    async def of(self, request: ConnexionRequest) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        for name, value in request.path_params.items():
            definition = self.path.get(name)
            key = self.path_names.get(name) or self.sanitize(name)
            kwargs[key] = value if definition is None else _get_val_from_param(value, definition)
        if self.has_query:
            kwargs.update(
                _get_query_arguments(
                    request.query_params,
                    operation=self.operation,
                    arguments=self.arguments,
                    has_kwargs=self.has_kwargs,
                    sanitize=self.sanitize,
                )
            )
        if self.takes_body:
            await self._add_body(request, kwargs)
        for key, value in context.items():
            if self.has_kwargs or key in self.names:
                kwargs[key] = value
        if CONTEXT_NAME in self.names:
            kwargs[CONTEXT_NAME] = context
        return kwargs

    async def _add_body(self, request: ConnexionRequest, kwargs: dict[str, Any]) -> None:
        content_type = request.mimetype
        body = None
        if self.body_wanted:
            validated = validated_body(request.scope) if is_json_mimetype(content_type) else None
            body = validated[0] if validated is not None else await request.get_body()
        kwargs.update(
            _get_body_argument(
                body,
                operation=self.operation,
                arguments=self.arguments,
                has_kwargs=self.has_kwargs,
                sanitize=self.sanitize,
                content_type=content_type,
            )
        )
        # Files come only in a form (connexion parses every body for them).
        if content_type in FORM_CONTENT_TYPES:
            files = _get_file_arguments(
                await request.files(),
                self.arguments,
                self.operation.body_schema(content_type),
                self.has_kwargs,
            )
            kwargs.update((self.sanitize(name), value) for name, value in files.items())


class PreparedParameterDecorator(AsyncParameterDecorator):  # type: ignore[misc]
    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        arguments, has_kwargs = inspect_function_arguments(unwrap_decorators(function))
        prepared: _Arguments | None = None

        @functools.wraps(function)
        async def wrapper(request: ConnexionRequest) -> Any:
            nonlocal prepared
            if prepared is None:  # decorated per operation, first called with that operation routed
                prepared = _Arguments(
                    operation._get_current_object(), arguments, has_kwargs, self.sanitize_fn
                )
            return await function(**await prepared.of(request))

        return wrapper
