"""The bare Starlette peer: the five benchmarked operations as plain Starlette routes over our core.

The same core services, views (handlers/views.py), request mapping (handlers/requests.py) and
serializer (web/responses.py: `model_dump_json(exclude_unset=True)`) as the real app, without
connexion: no spec-driven routing, validation or middleware. The path and query checks are the
contract's patterns (common.py); a request body is read on the event loop, and everything else
(authentication, the core, the view, the JSON) in one thread-pool hand-off per request.

`uvicorn --factory bench.peers.starlette_peer:app`, configured by ORG_INVITATIONS_* as the server is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.peers.common import (
    HANDSHAKE_ID,
    INVITATION_TOKEN,
    ORGANIZATION_ID,
    Refused,
    authenticate,
    checked,
    domain_problem,
    invalid,
    limit_of,
    marker_of,
    services_from_environment,
)
from org_invitations.domain.emails import email_problem
from org_invitations.domain.errors import DomainError
from org_invitations.generated import models
from org_invitations.handlers.requests import invitation_request
from org_invitations.handlers.views import invitation_list, invitation_view, issued_view, preview_view
from org_invitations.services.invitations import ListFilter
from org_invitations.web.responses import json_response

Endpoint = Callable[[Request], Any]


def app() -> Starlette:
    services = services_from_environment()
    invitations = services.invitations

    def caller(request: Request) -> str:
        return authenticate(request.headers.get("authorization"), services.accounts.authenticate_api_key)

    def get_handshake(request: Request) -> Response:
        user = caller(request)
        handshake_id = checked(HANDSHAKE_ID, request.path_params["handshake_id"], "path.handshake_id")
        return json_response(invitation_view(invitations.get_handshake(user, handshake_id)))

    def get_invitation_by_token(request: Request) -> Response:
        token = checked(INVITATION_TOKEN, request.path_params["invitation_token"], "path.invitation_token")
        client = request.client.host if request.client else "unknown"
        return json_response(preview_view(invitations.preview(token, client)), secret=True)

    def list_invitations(request: Request) -> Response:
        user = caller(request)
        organization_id = checked(
            ORGANIZATION_ID, request.path_params["organization_id"], "path.organization_id"
        )
        limit, marker = limit_of(request.query_params), marker_of(request.query_params)
        page = invitations.list(user, organization_id, ListFilter(), limit, marker)
        return json_response(invitation_list(page))

    def create_invitation(request: Request, body: bytes) -> Response:
        user = caller(request)
        organization_id = checked(
            ORGANIZATION_ID, request.path_params["organization_id"], "path.organization_id"
        )
        try:
            wanted = models.InvitationCreate.model_validate_json(body)
        except ValidationError as refused:
            error = refused.errors()[0]
            raise invalid(".".join(["body", *(str(part) for part in error["loc"])]), error["msg"]) from None
        if wanted.target.type == "email" and (why := email_problem(wanted.target.entity)):
            raise invalid("body.target.entity", f"{wanted.target.entity!r} {why}")
        issued = invitations.create(user, organization_id, invitation_request(wanted))
        return json_response(issued_view(issued, services.settings), 201, secret=True)

    def accept_handshake(request: Request) -> Response:
        user = caller(request)
        handshake_id = checked(HANDSHAKE_ID, request.path_params["handshake_id"], "path.handshake_id")
        return json_response(invitation_view(invitations.accept(user, handshake_id)))

    def in_thread_pool(work: Callable[[Request], Response]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            return await run_in_threadpool(work, request)

        return endpoint

    async def create_endpoint(request: Request) -> Response:
        body = await request.body()
        return await run_in_threadpool(create_invitation, request, body)

    async def on_domain_error(_request: Request, refusal: Exception) -> Response:
        assert isinstance(refusal, DomainError)
        return domain_problem(refusal)

    async def on_refused(_request: Request, refusal: Exception) -> Response:
        assert isinstance(refusal, Refused)
        return refusal.response()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        services.close()

    return Starlette(
        routes=[
            Route(
                "/v1/organizations/handshakes/{handshake_id}", in_thread_pool(get_handshake), methods=["GET"]
            ),
            Route(
                "/v1/organizations/handshakes/{handshake_id}/accept",
                in_thread_pool(accept_handshake),
                methods=["POST"],
            ),
            Route(
                "/v1/organizations/invitations/{invitation_token}",
                in_thread_pool(get_invitation_by_token),
                methods=["GET"],
            ),
            Route(
                "/v1/organizations/{organization_id}/invitations",
                in_thread_pool(list_invitations),
                methods=["GET"],
            ),
            Route("/v1/organizations/{organization_id}/invitations", create_endpoint, methods=["POST"]),
        ],
        exception_handlers={DomainError: on_domain_error, Refused: on_refused},
        lifespan=lifespan,
    )
