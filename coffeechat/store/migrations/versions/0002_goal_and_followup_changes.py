"""Conversation goal and why this person (for interview sheets); follow-up change time (for calendars).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 18:20:18.982096
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goal', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('why_them', sa.Text(), nullable=True))

    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))

    # Existing follow-ups last changed when they were created.
    op.execute("UPDATE followups SET updated_at = created_at WHERE updated_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_column('updated_at')

    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('why_them')
        batch_op.drop_column('goal')

