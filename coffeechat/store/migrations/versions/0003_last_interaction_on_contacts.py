"""Keep each contact's last interaction day on the contact, for fast lists and "gone quiet".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 18:46:38.193634
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_interaction_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_contacts_last_interaction_on', ['last_interaction_on'], unique=False)

    # Backfill from the activity log; plain SQL that SQLite and PostgreSQL both run.
    op.execute(
        "UPDATE contacts SET last_interaction_on = "
        "(SELECT MAX(activities.day) FROM activities WHERE activities.contact_id = contacts.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_last_interaction_on')
        batch_op.drop_column('last_interaction_on')

