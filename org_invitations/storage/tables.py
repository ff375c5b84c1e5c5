"""The schema. Alembic migrations under migrations/ must produce exactly this."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from org_invitations.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    alias: Mapped[str] = mapped_column(String(12), index=True, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime]


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class SecurityTokenRow(Base):
    __tablename__ = "security_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class AccessKeyRow(Base):
    """An access key, its secret sealed under the server key (nonce, ciphertext and tag: secret_box).

    A permanent key takes one of its account's numbered slots (1 to MAX_ACCESS_KEYS): the
    unique (account_id, slot) key is what holds the limit when keys are created at once. A
    temporary key has no slot (NULLs are distinct), an expiry, and the hash of the security
    token it works with, deleted with it.
    """

    __tablename__ = "access_keys"
    __table_args__ = (UniqueConstraint("account_id", "slot"),)

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    slot: Mapped[int | None] = mapped_column(Integer)
    sealed_secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    security_token_hash: Mapped[str | None] = mapped_column(
        ForeignKey("security_tokens.token_hash", ondelete="CASCADE"), index=True
    )


class OrganizationRow(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(34), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[datetime]


class MembershipRow(Base):
    """One row per member; `roles` is the sorted, comma-joined set of its roles."""

    __tablename__ = "memberships"
    __table_args__ = (Index("ix_memberships_org_joined", "organization_id", "joined_at", "account_id"),)

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    roles: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[datetime]


class InvitationRow(Base):
    """An invitation (handshake). `target_entity` is an account id or a lower-cased email."""

    __tablename__ = "invitations"
    __table_args__ = (
        # The organization's list, newest first, keyset-paged (optionally by status).
        Index("ix_invitations_org_created", "organization_id", "created_at", "id"),
        Index("ix_invitations_org_status_created", "organization_id", "status", "created_at", "id"),
        # The invitee's received list.
        Index("ix_invitations_target_created", "target_type", "target_entity", "created_at", "id"),
        # Retention: finished (or silently expired) invitations older than 30 days.
        Index("ix_invitations_status_expires", "status", "expires_at"),
        # At most one live invitation per organization and target.
        Index(
            "uq_invitations_live_target",
            "organization_id",
            "target_type",
            "target_entity",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(34), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by: Mapped[str] = mapped_column(String(32))
    target_type: Mapped[str] = mapped_column(String(16))
    target_entity: Mapped[str] = mapped_column(String(254))
    email: Mapped[str | None] = mapped_column(String(254))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    roles: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    validity_seconds: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_version: Mapped[int] = mapped_column(Integer, server_default="0")
    team_ids: Mapped[list[str]] = mapped_column(JSON, server_default="[]")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    responded_by: Mapped[str | None] = mapped_column(String(32))
    cancelled_by: Mapped[str | None] = mapped_column(String(32))


class InvitationEventRow(Base):
    """One step of an invitation's audit trail.

    `id` is internal; callers see `public_id`, random, and `position`, counted per
    invitation, so nothing they see measures the service's activity as a whole.
    """

    __tablename__ = "invitation_events"
    __table_args__ = (
        Index("uq_invitation_events_invitation_position", "invitation_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(34), unique=True)
    invitation_id: Mapped[str] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    actor_account_id: Mapped[str | None] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]


class WebhookEndpointRow(Base):
    """An organization's webhook endpoint; its signing secret sealed under the server key."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index("ix_webhook_endpoints_org_created", "organization_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(35), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(JSON)
    sealed_secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(32))


class OutboxRow(Base):
    """A message owed to the outside world, written in the transaction of the change it reports.

    A worker claims it under a lease (`lease_owner` until `lease_expires_at`), sends it, and
    marks it; a lease that runs out (a worker killed mid-batch) frees it for another worker.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # What is due, oldest first: the workers' claim.
        Index("ix_outbox_status_due", "status", "next_attempt_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    invitation_id: Mapped[str] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str | None] = mapped_column(String(254))
    token_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(1000))
    # A webhook event: to which endpoint, its body, its place in the invitation's trail (events
    # of one invitation reach an endpoint in that order), the endpoint's last answer.
    endpoint_id: Mapped[str | None] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    event_position: Mapped[int | None] = mapped_column(Integer)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    request_id: Mapped[str | None] = mapped_column(String(128))
