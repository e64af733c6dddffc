"""Fold contacts' names for search, so "zoe" finds Zoë on SQLite and PostgreSQL alike.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from coffeechat.textfold import SEARCHED_FIELDS, contact_search_key


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Rows read and written per round, so a large network never sits in memory at once.
BATCH = 1000


def upgrade() -> None:
    # NOT NULL with a default is a plain ADD COLUMN on SQLite. Anything that makes batch
    # mode rebuild the table (such as altering the column afterwards) drops the old
    # table, and with foreign keys on, that cascades and deletes every conversation.
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=False,
                                      server_default=''))

    # The folding is Python (Unicode tables neither database has), so backfill from here,
    # walking the ids in batches.
    contacts = sa.table('contacts', sa.column('id', sa.Integer()), sa.column('search_key', sa.Text()),
                        *(sa.column(name, sa.Text()) for name in SEARCHED_FIELDS))
    fill = (sa.update(contacts).where(contacts.c.id == sa.bindparam('row_id'))
            .values(search_key=sa.bindparam('key')))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(contacts.c.id, *(contacts.c[name] for name in SEARCHED_FIELDS))
            .where(contacts.c.id > last).order_by(contacts.c.id).limit(BATCH)
        ).mappings().all()
        if not rows:
            break
        bind.execute(fill, [{'row_id': row['id'], 'key': contact_search_key(row)} for row in rows])
        last = rows[-1]['id']


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), not a batch rebuild, for the reason above.
    op.drop_column('contacts', 'search_key')
