"""account aliases (12 digits, unique, backfilled) and access keys (secrets sealed under the server key)

Revision ID: 0003
Revises: 0002

On SQLite, making `accounts.alias` NOT NULL rebuilds the accounts table, which other
tables reference: `migrate.upgrade` runs migrations there with foreign keys off (and checks
them before committing), or dropping the old table would cascade to every API key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from org_invitations.ids import new_account_alias
from org_invitations.storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

accounts = sa.table("accounts", sa.column("id", sa.String), sa.column("alias", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alias", sa.String(length=12), nullable=True))
    connection = op.get_bind()
    taken: set[str] = set()
    for (account_id,) in connection.execute(sa.select(accounts.c.id).order_by(accounts.c.id)).all():
        alias = new_account_alias()
        while alias in taken:
            alias = new_account_alias()
        taken.add(alias)
        connection.execute(accounts.update().where(accounts.c.id == account_id).values(alias=alias))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.alter_column("alias", existing_type=sa.String(length=12), nullable=False)
        batch_op.create_index(batch_op.f("ix_accounts_alias"), ["alias"], unique=True)

    op.create_table(
        "access_keys",
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("sealed_secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("security_token_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_access_keys_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["security_token_hash"],
            ["security_tokens.token_hash"],
            name=op.f("fk_access_keys_security_token_hash_security_tokens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_keys")),
        sa.UniqueConstraint("account_id", "slot", name=op.f("uq_access_keys_account_id_slot")),
    )
    with op.batch_alter_table("access_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_keys_security_token_hash"), ["security_token_hash"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("access_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_keys_security_token_hash"))
    op.drop_table("access_keys")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_alias"))
        batch_op.drop_column("alias")
