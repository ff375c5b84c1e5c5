"""The core's layers: the rules and the use cases know nothing of SQL, HTTP or the storage package."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import org_invitations.domain
import org_invitations.services

FORBIDDEN = (
    "org_invitations.storage",
    "org_invitations.web",
    "sqlalchemy",
    "alembic",
    "connexion",
    "starlette",
)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


MODULES = [
    module.name
    for package in (org_invitations.domain, org_invitations.services)
    for module in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
]


@pytest.mark.parametrize("module", MODULES)
def test_domain_and_service_modules_import_nothing_of_storage_or_http(module: str) -> None:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    leaks = {
        name
        for name in imports_of(Path(spec.origin))
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN)
    }
    assert not leaks, f"{module} imports {sorted(leaks)}"


def test_every_service_module_is_checked() -> None:
    assert (
        "org_invitations.services.invitations" in MODULES and "org_invitations.domain.permissions" in MODULES
    )
