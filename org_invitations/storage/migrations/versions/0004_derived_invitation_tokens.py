"""derived invitation tokens: the version of each invitation's live token

Revision ID: 0004
Revises: 0003

Tokens are now derived from the server key and the invitation's id and token version
(credentials.InvitationTokens), so organizations' admins can be shown them again. An
invitation made before has a random token no one can derive: it keeps version 0, its
token keeps working, and a resend gives it a derived one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("token_version")
