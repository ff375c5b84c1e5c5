"""The composition root of the core: one place wires settings, engine, clock and services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from org_invitations.clock import Clock, SystemClock
from org_invitations.credentials import FormTokens, InvitationTokens
from org_invitations.domain.invitations import RETENTION
from org_invitations.domain.outbox import Backoff
from org_invitations.mail.transports import mailer_for
from org_invitations.metrics import PrometheusTelemetry, count_connections_in_use
from org_invitations.secret_box import SecretBox, decode_server_key, server_key_from_file
from org_invitations.services.accounts import AccountService
from org_invitations.services.delivery import DeliveryService
from org_invitations.services.invitations import InvitationService, RetentionService
from org_invitations.services.known_keys import KnownKeys
from org_invitations.services.organizations import OrganizationService
from org_invitations.services.stats import StatsService
from org_invitations.services.webhooks import WebhookService, url_refusal
from org_invitations.settings import Settings
from org_invitations.storage import migrate
from org_invitations.storage.engine import make_engine
from org_invitations.storage.readiness import DatabaseProbe
from org_invitations.storage.unit_of_work import UnitOfWorkFactory
from org_invitations.throttling import Throttle
from org_invitations.webhook_sender import SignedPoster


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    uow: UnitOfWorkFactory
    clock: Clock
    box: SecretBox
    accounts: AccountService
    organizations: OrganizationService
    invitations: InvitationService
    retention: RetentionService
    delivery: DeliveryService
    webhooks: WebhookService
    forms: FormTokens
    probe: DatabaseProbe
    stats: StatsService

    def close(self) -> None:
        """Release the database connections (tests and embedders that build several apps)."""
        self.engine.dispose()
        self.probe.close()

    def readiness(self) -> str | None:
        """Why this process cannot serve requests now (its database), or None."""
        return self.probe.refusal()


def server_key(settings: Settings) -> bytes:
    """The configured server key, or the key file's (created on first start); ServerKeyError if unusable."""
    configured = settings.server_key.get_secret_value().strip() if settings.server_key else ""
    if configured:
        return decode_server_key(configured, "ORG_INVITATIONS_SERVER_KEY")
    return server_key_from_file(settings.server_key_file)


def bootstrap(settings: Settings, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock()
    key = server_key(settings)  # first: an unusable key stops the start before any migration
    box = SecretBox(key)
    engine = make_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    if settings.migrate_on_start:
        migrate.upgrade(engine)
    count_connections_in_use(engine)
    # Each handler thread keeps a connection for reads and one for writes, leaving half the pool and
    # its overflow to the other threads.
    uow = UnitOfWorkFactory(engine, keep=min(settings.handler_threads, settings.database_pool_size // 2))
    telemetry = PrometheusTelemetry()
    throttle = Throttle(
        settings.rate_limit_storage_url,
        key_prefix=settings.rate_limit_key_prefix,
        invitations_per_day=settings.invitations_per_org_per_day,
        token_lookups_per_minute=settings.token_lookups_per_client_per_minute,
        telemetry=telemetry,
    )
    tokens = InvitationTokens(key)
    remember_for = timedelta(seconds=settings.api_key_cache_seconds)
    return Services(
        settings=settings,
        engine=engine,
        uow=uow,
        clock=clock,
        box=box,
        accounts=AccountService(
            uow,
            clock,
            box,
            allow_signup=settings.allow_signup,
            known_keys=KnownKeys(lifetime=remember_for, capacity=settings.api_key_cache_size),
            known_secrets=KnownKeys(lifetime=remember_for, capacity=settings.api_key_cache_size),
        ),
        organizations=OrganizationService(uow, clock),
        invitations=InvitationService(uow, clock, throttle, tokens, telemetry),
        retention=RetentionService(uow, clock, RETENTION),
        delivery=DeliveryService(
            uow,
            clock,
            tokens,
            mailer_for(settings),
            settings.invitation_link,
            backoff=Backoff(
                base=timedelta(seconds=settings.delivery_retry_seconds),
                cap=timedelta(seconds=settings.delivery_retry_cap_seconds),
                attempts=settings.delivery_max_attempts,
            ),
            lease=timedelta(seconds=settings.delivery_lease_seconds),
            poster=SignedPoster(settings.webhook_timeout_seconds),
            box=box,
            url_refusal=lambda url: url_refusal(url, allow_private=settings.webhook_allow_private_addresses),
            telemetry=telemetry,
        ),
        webhooks=WebhookService(uow, clock, box, allow_private=settings.webhook_allow_private_addresses),
        forms=FormTokens(key),
        probe=DatabaseProbe(settings.database_url),
        stats=StatsService(uow, clock),
    )
