"""Give the three meanings of "channel" three names: contacts.reach_by and profile.places.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 10:00:00

"channel" stays for outreach channels (drafts and sent messages). A contact's best way
to reach them becomes ``reach_by``, and the learner's places to network ``places``.
Values are not touched.
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

RENAMES = (('contacts', 'channel', 'reach_by'), ('profile', 'channels', 'places'))


def upgrade() -> None:
    # Plain RENAME COLUMN (SQLite 3.25+ and PostgreSQL), never op.alter_column in batch
    # mode: rebuilding contacts with foreign keys on would cascade-delete every
    # conversation, note and follow-up.
    for table, old, new in RENAMES:
        op.execute(f'ALTER TABLE {table} RENAME COLUMN {old} TO {new}')


def downgrade() -> None:
    for table, old, new in RENAMES:
        op.execute(f'ALTER TABLE {table} RENAME COLUMN {new} TO {old}')
