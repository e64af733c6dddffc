"""Keep a proposed chat time apart from the agreed one, and mark snoozed follow-ups.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00

Both columns are new and nullable, so existing rows keep every value: a chat that
was already "Scheduled" keeps its agreed time, and nothing counts as snoozed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0006'  # lead: rechain to 0007
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snoozed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_column('snoozed_at')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('proposed_at')
