"""Map operationIds to handler methods mechanically: the method named after the operation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from connexion.resolver import Resolver


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
