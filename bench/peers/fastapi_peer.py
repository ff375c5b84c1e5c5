"""The FastAPI peer: the benchmarked operations as a FastAPI user would write them over our core.

The generated Pydantic models are the request body and the `response_model`s; bearer
authentication is a dependency; the handlers call the core's services and our views
(handlers/views.py), as the real handlers do; domain refusals become problem+json through one
exception handler. Endpoints and the authentication dependency are plain `def`s over a sync
core, so FastAPI runs each in its thread pool.

`uvicorn --factory bench.peers.fastapi_peer:app`, configured by ORG_INVITATIONS_* as the server is.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoints' annotations, which name
# the factory's local dependency.

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from bench.peers.common import (
    NO_STORE,
    Refused,
    account_of,
    bearer_key,
    domain_problem,
    invalid,
    problem,
    services_from_environment,
)
from org_invitations.domain.emails import email_problem
from org_invitations.domain.errors import DomainError, InvitationNotFound
from org_invitations.domain.invitations import Status, TargetType
from org_invitations.generated import models
from org_invitations.generated.dialects.elastic import models as elastic_models
from org_invitations.handlers.aws import AwsHandlers
from org_invitations.handlers.elastic import ElasticHandlers
from org_invitations.handlers.elastic import _send as elastic_send
from org_invitations.handlers.huawei import HuaweiHandlers
from org_invitations.handlers.requests import invitation_request
from org_invitations.handlers.views import invitation_list, invitation_view, issued_view, preview_view
from org_invitations.services.invitations import ListFilter
from org_invitations.signing.request import SignatureError, SignedRequest
from org_invitations.signing.sdk_hmac import is_sdk_hmac
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.aws import AWS
from org_invitations.web.dialects.huawei import HUAWEI

# The contract's parameters (openapi/components/parameters). pydantic-core's regex engine has no
# look-ahead, and its `$` is the end of the text, so the contract's `$(?!\n)` is plain `$` here.
HandshakeId = Annotated[str, Path(min_length=34, max_length=34, pattern=r"^h-[0-9a-z]{32}$")]
OrganizationId = Annotated[str, Path(min_length=34, max_length=34, pattern=r"^o-[0-9a-z]{32}$")]
InvitationToken = Annotated[str, Path(min_length=20, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
Limit = Annotated[int, Query(ge=1, le=200)]
Marker = Annotated[str | None, Query(min_length=3, max_length=76, pattern=r"^[0-9]{1,11}\.[0-9a-z-]{1,64}$")]

bearer = HTTPBearer(auto_error=False)


def app() -> FastAPI:
    services = services_from_environment()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    api = FastAPI(title="org-invitations, the FastAPI peer", lifespan=lifespan)

    def current_account(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> str:
        # Without credentials HTTPBearer only says None: the refusal is worded as the real app's.
        key = credentials.credentials if credentials else bearer_key(request.headers.get("authorization"))
        return account_of(key, services.accounts.authenticate_api_key)

    Caller = Annotated[str, Depends(current_account)]

    aws, huawei = AwsHandlers(services), HuaweiHandlers(services)

    def signed_by(dialect: Dialect, request: Request, body: bytes) -> str:
        """The account whose access key signed the request, checked by the core's verifier."""
        signed = SignedRequest(
            method=request.method,
            path=request.url.path,
            query=request.url.query,
            headers={name.lower(): value for name, value in request.headers.items()},
            body=body,
        )
        try:
            return dialect.credentials.authenticate(signed, services.accounts, services.clock.now())
        except SignatureError as refused:
            raise Refused(403, "invalid_signature", str(refused)) from None

    @api.get(
        "/v1/organizations/handshakes/{handshake_id}",
        response_model=models.Invitation,
        response_model_exclude_unset=True,
    )
    def get_handshake(handshake_id: HandshakeId, request: Request) -> models.Invitation | Response:
        # The Huawei SDK calls this same path, signed: its answer is Huawei's view.
        if is_sdk_hmac(request.headers.get("authorization")):
            return huawei.show_handshake(signed_by(HUAWEI, request, b""), handshake_id)
        caller = current_account(request, None)
        return invitation_view(services.invitations.get_handshake(caller, handshake_id))

    @api.post("/")
    async def aws_action(request: Request) -> Response:
        """AWS's JSON 1.1 protocol: the action in X-Amz-Target (DescribeHandshake only, here)."""
        if request.headers.get("x-amz-target") != "AWSOrganizationsV20161128.DescribeHandshake":
            raise Refused(400, "unknown_operation", "Only DescribeHandshake is served here.")
        body = await request.body()
        account = await run_in_threadpool(signed_by, AWS, request, body)
        return await run_in_threadpool(aws.describe_handshake, account, body)

    @api.get("/api/v1/organizations/invitations/{invitation_token}")
    def elastic_invitation(invitation_token: InvitationToken, request: Request) -> Response:
        scheme, _, key = (request.headers.get("authorization") or "").partition(" ")
        if scheme != "ApiKey":
            raise Refused(401, "unauthenticated", "No ApiKey given")
        account_of(key, services.accounts.authenticate_api_key)
        client = request.client.host if request.client else "unknown"
        invitation = services.invitations.preview(invitation_token, client)
        if invitation.target.type is not TargetType.EMAIL or invitation.status in (
            Status.CANCELLED,
            Status.DECLINED,
        ):
            raise InvitationNotFound()
        shown = ElasticHandlers._invitation(invitation, invitation_token, roles=False)
        return elastic_send(elastic_models.OrganizationInvitation, shown)

    @api.get(
        "/v1/organizations/invitations/{invitation_token}",
        response_model=models.InvitationPreview,
        response_model_exclude_unset=True,
    )
    def get_invitation_by_token(
        invitation_token: InvitationToken, request: Request, response: Response
    ) -> models.InvitationPreview:
        response.headers.update(NO_STORE)
        client = request.client.host if request.client else "unknown"
        return preview_view(services.invitations.preview(invitation_token, client))

    @api.get(
        "/v1/organizations/{organization_id}/invitations",
        response_model=models.InvitationList,
        response_model_exclude_unset=True,
    )
    def list_invitations(
        organization_id: OrganizationId, caller: Caller, limit: Limit = 50, marker: Marker = None
    ) -> models.InvitationList:
        page = services.invitations.list(caller, organization_id, ListFilter(), limit, marker)
        return invitation_list(page)

    @api.post(
        "/v1/organizations/{organization_id}/invitations",
        status_code=201,
        response_model=models.InvitationCreated,
        response_model_exclude_unset=True,
    )
    def create_invitation(
        organization_id: OrganizationId, body: models.InvitationCreate, caller: Caller, response: Response
    ) -> models.InvitationCreated:
        # The contract's `canonical-email` format, which the generated model does not carry.
        if body.target.type == "email" and (why := email_problem(body.target.entity)):
            raise invalid("body.target.entity", f"{body.target.entity!r} {why}")
        response.headers.update(NO_STORE)
        issued = services.invitations.create(caller, organization_id, invitation_request(body))
        return issued_view(issued, services.settings)

    @api.post(
        "/v1/organizations/handshakes/{handshake_id}/accept",
        response_model=models.Invitation,
        response_model_exclude_unset=True,
    )
    def accept_handshake(handshake_id: HandshakeId, caller: Caller) -> models.Invitation:
        return invitation_view(services.invitations.accept(caller, handshake_id))

    @api.exception_handler(DomainError)
    async def on_domain_error(_request: Request, refusal: DomainError) -> Response:
        return domain_problem(refusal)

    @api.exception_handler(Refused)
    async def on_refused(_request: Request, refusal: Refused) -> Response:
        return refusal.response()

    @api.exception_handler(RequestValidationError)
    async def on_invalid_request(_request: Request, refusal: RequestValidationError) -> Response:
        fields = [
            {"field": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
            for error in refusal.errors()
        ]
        return problem(
            400, "validation_failed", "The request does not match the API contract.", errors=fields
        )

    return api
