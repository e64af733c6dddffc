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
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('conversations', sa.Column('proposed_at', sa.DateTime(), nullable=True))
    op.add_column('followups', sa.Column('snoozed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), never a batch rebuild: rebuilding conversations
    # with foreign keys on would cascade-delete every note and follow-up.
    op.drop_column('followups', 'snoozed_at')
    op.drop_column('conversations', 'proposed_at')
