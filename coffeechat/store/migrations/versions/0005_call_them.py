"""What to call a contact in greetings, for names that do not start with the given name.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 19:27:07.346793
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('call_them', sa.String(length=60), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('call_them')

