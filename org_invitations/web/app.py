"""The app factory: the connexion app for the v1 contract and the ops probes, wired to the core."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from connexion import AsyncApp
from connexion.options import SwaggerUIOptions

from org_invitations import generated
from org_invitations.bootstrap import Services, bootstrap
from org_invitations.clock import Clock
from org_invitations.handlers.accounts import AccountHandlers
from org_invitations.handlers.dialect_documents import DialectDocumentHandlers
from org_invitations.handlers.handshakes import HandshakeHandlers
from org_invitations.handlers.health import HealthHandlers
from org_invitations.handlers.invitations import InvitationHandlers
from org_invitations.handlers.metrics import MetricsHandlers
from org_invitations.handlers.organizations import OrganizationHandlers
from org_invitations.handlers.pages import InvitationPageHandlers
from org_invitations.handlers.token_invitations import TokenInvitationHandlers
from org_invitations.handlers.webhooks import WebhookHandlers
from org_invitations.settings import Settings
from org_invitations.web.background import background_work
from org_invitations.web.compiled import CompiledAsyncApp, middleware_stack
from org_invitations.web.dialects import Dialect
from org_invitations.web.dialects.aws import AWS
from org_invitations.web.dialects.elastic import ELASTIC
from org_invitations.web.dialects.huawei import HUAWEI
from org_invitations.web.dialects.infodeck import INFODECK
from org_invitations.web.dialects.router import DialectRouter
from org_invitations.web.dialects.vmware import VMWARE
from org_invitations.web.operations import AllowedMethods, NoTrailingSlashRedirects, resolver
from org_invitations.web.problems import install_problem_handlers
from org_invitations.web.redaction import redact_secrets_in_logs
from org_invitations.web.request_log import RequestLog
from org_invitations.web.security import security_map
from org_invitations.web.specs import load_spec
from org_invitations.web.validation import validator_map

SPECS = Path(generated.__file__).parent
V1_SPEC = SPECS / "openapi.yaml"
OPS_SPEC = SPECS / "ops.yaml"
V1_BASE_PATH = "/v1"

DIALECTS: tuple[Dialect, ...] = (
    AWS,
    HUAWEI,
    ELASTIC,
    INFODECK,
    VMWARE,
)  # Elastic's /api/v1 before Infodeck's /api

HANDLER_GROUPS = (
    AccountHandlers,
    OrganizationHandlers,
    InvitationHandlers,
    HandshakeHandlers,
    TokenInvitationHandlers,
    WebhookHandlers,
)


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, services: Services | None = None
) -> AsyncApp:
    settings = settings or Settings()
    redact_secrets_in_logs()
    services = services or bootstrap(settings, clock)
    native = AllowedMethods()
    native.add_spec(V1_SPEC, V1_BASE_PATH)
    native.add_spec(OPS_SPEC, "")
    app = CompiledAsyncApp(
        "org_invitations",
        lifespan=background_work(services.retention, services.delivery, settings),
        handler_threads=settings.handler_threads,
        thread_connections=services.uow,
        strict_validation=True,
        validate_responses=settings.validate_responses,
        security_map=security_map(services.accounts),
        validator_map=validator_map(settings.max_body_bytes, settings.body_read_timeout_seconds),
        middlewares=middleware_stack(
            around_problems=[RequestLog],
            before_ui=[
                NoTrailingSlashRedirects,
                partial(
                    DialectRouter,
                    dialects=DIALECTS,
                    native=native,
                    keyring=services.accounts,
                    now=services.clock.now,
                    max_body_bytes=settings.max_body_bytes,
                    body_read_timeout=settings.body_read_timeout_seconds,
                ),
            ],
        ),
    )
    app.add_api(
        load_spec(V1_SPEC),
        # Explicit, so connexion mounts /v1 before the ops API at the root.
        base_path=V1_BASE_PATH,
        resolver=resolver(group(services) for group in HANDLER_GROUPS),
        swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/ui", spec_path="/openapi.json"),
    )
    app.add_api(
        load_spec(OPS_SPEC),
        base_path="",
        resolver=resolver(
            [
                HealthHandlers(services),
                MetricsHandlers(services),
                DialectDocumentHandlers((d.name, d.spec) for d in DIALECTS),
                InvitationPageHandlers(services),
            ]
        ),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
    )
    for dialect in DIALECTS:
        app.add_api(
            load_spec(dialect.spec),
            base_path=dialect.mount,
            resolver=resolver([dialect.handlers(services)]),
            pythonic_params=True,  # Infodeck's organizationId, maxResults: snake_case arguments
            swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
        )
    every_api = AllowedMethods.of(V1_SPEC, V1_BASE_PATH)
    every_api.add_spec(OPS_SPEC, "")
    for dialect in DIALECTS:
        every_api.add_spec(dialect.spec, dialect.mount)
    install_problem_handlers(app, every_api)
    return app
