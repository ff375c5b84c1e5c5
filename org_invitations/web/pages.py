"""Server-rendered pages (the invitation page): Jinja templates, every value HTML-escaped."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import Response

from org_invitations.web.responses import NO_STORE


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("org_invitations.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
    )


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> Response:
    """A page that no cache keeps (it may hold a form token or a new API key)."""
    body = _templates().get_template(template).render(context)
    return Response(body, status_code=status, media_type="text/html", headers={**NO_STORE, **(headers or {})})
