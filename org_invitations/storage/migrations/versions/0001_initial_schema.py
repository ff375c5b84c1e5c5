"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from org_invitations.storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_keys_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_account_id"), ["account_id"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=34), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["accounts.id"], name=op.f("fk_organizations_owner_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organizations_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "security_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_security_tokens_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_security_tokens_token_hash")),
    )
    with op.batch_alter_table("security_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_tokens_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_tokens_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.String(length=34), nullable=False),
        sa.Column("organization_id", sa.String(length=34), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("target_type", sa.String(length=16), nullable=False),
        sa.Column("target_entity", sa.String(length=254), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=True),
        sa.Column("family_name", sa.String(length=100), nullable=True),
        sa.Column("roles", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("validity_seconds", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("accepted_at", UTCDateTime(), nullable=True),
        sa.Column("declined_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("responded_by", sa.String(length=32), nullable=True),
        sa.Column("cancelled_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_finished_at"), ["finished_at"], unique=False)
        batch_op.create_index(
            "ix_invitations_org_created", ["organization_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_invitations_org_status_created",
            ["organization_id", "status", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index("ix_invitations_status_expires", ["status", "expires_at"], unique=False)
        batch_op.create_index(
            "ix_invitations_target_created",
            ["target_type", "target_entity", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "uq_invitations_live_target",
            ["organization_id", "target_type", "target_entity"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    op.create_table(
        "memberships",
        sa.Column("organization_id", sa.String(length=34), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("roles", sa.String(length=64), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_memberships_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_memberships_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "account_id", name=op.f("pk_memberships")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            "ix_memberships_org_joined", ["organization_id", "joined_at", "account_id"], unique=False
        )

    op.create_table(
        "invitation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("invitation_id", sa.String(length=34), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_account_id", sa.String(length=32), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_invitation_events_invitation_id_invitations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_events")),
    )
    with op.batch_alter_table("invitation_events", schema=None) as batch_op:
        batch_op.create_index("ix_invitation_events_invitation", ["invitation_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invitation_events", schema=None) as batch_op:
        batch_op.drop_index("ix_invitation_events_invitation")

    op.drop_table("invitation_events")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_org_joined")
        batch_op.drop_index(batch_op.f("ix_memberships_account_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_invitations_live_target",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index("ix_invitations_target_created")
        batch_op.drop_index("ix_invitations_status_expires")
        batch_op.drop_index("ix_invitations_org_status_created")
        batch_op.drop_index("ix_invitations_org_created")
        batch_op.drop_index(batch_op.f("ix_invitations_finished_at"))

    op.drop_table("invitations")
    with op.batch_alter_table("security_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_tokens_expires_at"))
        batch_op.drop_index(batch_op.f("ix_security_tokens_account_id"))

    op.drop_table("security_tokens")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_owner_id"))

    op.drop_table("organizations")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_account_id"))

    op.drop_table("api_keys")
    op.drop_table("accounts")
