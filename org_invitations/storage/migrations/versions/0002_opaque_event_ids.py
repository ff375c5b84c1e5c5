"""opaque audit event ids: a random public id and a position counted per invitation

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from org_invitations.ids import new_event_id

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

events = sa.table(
    "invitation_events",
    sa.column("id", sa.Integer),
    sa.column("invitation_id", sa.String),
    sa.column("public_id", sa.String),
    sa.column("position", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("invitation_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=34), nullable=True))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.invitation_id).order_by(events.c.invitation_id, events.c.id)
    ).all()
    positions: dict[str, int] = {}
    for event_id, invitation_id in rows:
        positions[invitation_id] = positions.get(invitation_id, 0) + 1
        connection.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(public_id=new_event_id(), position=positions[invitation_id])
        )
    with op.batch_alter_table("invitation_events", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=34), nullable=False)
        batch_op.alter_column("position", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_invitation_events_invitation")
        batch_op.create_unique_constraint(batch_op.f("uq_invitation_events_public_id"), ["public_id"])
        batch_op.create_index(
            "uq_invitation_events_invitation_position", ["invitation_id", "position"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("invitation_events", schema=None) as batch_op:
        batch_op.drop_index("uq_invitation_events_invitation_position")
        batch_op.drop_constraint(batch_op.f("uq_invitation_events_public_id"), type_="unique")
        batch_op.create_index("ix_invitation_events_invitation", ["invitation_id", "id"], unique=False)
        batch_op.drop_column("position")
        batch_op.drop_column("public_id")
