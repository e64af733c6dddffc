"""Accounts: every learner table gets an owner, and PostgreSQL isolates owners.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-01 09:00:00

Every existing row goes to the local account (id 1), which this migration creates,
so nothing is lost and a local install carries on as before. The owner column is
added in place with a default of 1 (never a batch rebuild: rebuilding contacts or
conversations with foreign keys on would cascade-delete their notes and follow-ups).

On PostgreSQL every learner table then gets row-level security, FORCEd so that it
binds the table owner (the app's own role) too. A row is visible and writable only
in a transaction that declared its account with
``SELECT set_config('coffeechat.account', '<id>', true)``; without one, nothing is.
The owner column defaults to that declared account, so a row cannot be written
without one either (NULL breaks NOT NULL). SQLite has no row-level security; there
the store's own filters are the only guard, and the default stays 1, the local account.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

#: Every learner table, parents first.
OWNED = ('profile', 'contacts', 'conversations', 'notes', 'followups', 'activities',
         'sent_messages', 'drafts', 'draft_details')
#: The account a transaction declared, or NULL when it declared none. NULLIF because a
#: setting once declared on a connection reads as '' (not NULL) after its transaction.
DECLARED = "NULLIF(current_setting('coffeechat.account', true), '')::integer"

#: Indexes replaced by owner-led ones: (old name, old columns) -> (new name, columns).
REPLACED = {
    'contacts': [
        ('ix_contacts_last_interaction_on', ['last_interaction_on'],
         'ix_contacts_owner_last_interaction_on', ['owner_id', 'last_interaction_on']),
        ('ix_contacts_profile_url', ['profile_url'],
         'ix_contacts_owner_profile_url', ['owner_id', 'profile_url']),
        ('ix_contacts_name', ['name'], 'ix_contacts_owner_name', ['owner_id', 'name']),
        ('ix_contacts_archived', ['archived'],
         'ix_contacts_owner_archived', ['owner_id', 'archived']),
    ],
    'conversations': [
        ('ix_conversations_status', ['status'],
         'ix_conversations_owner_status', ['owner_id', 'status']),
    ],
    'followups': [
        ('ix_followups_due_on', ['due_on'], 'ix_followups_owner_due_on', ['owner_id', 'due_on']),
    ],
    'activities': [
        ('ix_activities_day', ['day'], 'ix_activities_owner_day', ['owner_id', 'day']),
    ],
}
#: New owner-led indexes for queries that had none to use.
ADDED = [
    ('profile', 'ux_profile_owner', ['owner_id'], True),
    ('conversations', 'ix_conversations_owner_updated_at', ['owner_id', 'updated_at'], False),
    ('notes', 'ix_notes_owner_created_at', ['owner_id', 'created_at'], False),
    ('sent_messages', 'ix_sent_messages_owner_sent_at', ['owner_id', 'sent_at'], False),
    ('drafts', 'ix_drafts_owner_updated_at', ['owner_id', 'updated_at'], False),
    ('draft_details', 'ix_draft_details_owner_contact_id', ['owner_id', 'contact_id'], False),
]


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == 'postgresql'
    inspector = sa.inspect(bind)
    # A SQLite database downgraded from here keeps its accounts table and owner columns
    # (see downgrade), so coming back up only adds what is missing.
    if not inspector.has_table('accounts'):
        op.create_table(
            'accounts',
            sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
            sa.Column('issuer', sa.String(length=300), nullable=False),
            sa.Column('subject', sa.String(length=300), nullable=False),
            sa.Column('email', sa.String(length=320), nullable=True),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
            sa.PrimaryKeyConstraint('id'),
        )
        op.create_index('ux_accounts_issuer_subject', 'accounts', ['issuer', 'subject'],
                        unique=True)
        op.create_index('ix_accounts_email', 'accounts', ['email'])
    op.execute("INSERT INTO accounts (id, issuer, subject, email, created_at) "
               "SELECT 1, 'local', 'local', NULL, CURRENT_TIMESTAMP "
               "WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE id = 1)")
    if postgres:
        # Rows inserted with explicit ids leave their sequences behind: the local
        # account here, and the profile (always id 1 until now).
        for table in ('accounts', 'profile'):
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")

    for table in OWNED:
        if postgres:
            op.add_column(table, sa.Column('owner_id', sa.Integer(), nullable=False,
                                           server_default='1'))
            op.create_foreign_key(f'fk_{table}_owner_id', table, 'accounts', ['owner_id'],
                                  ['id'], ondelete='CASCADE')
            op.execute(f"ALTER TABLE {table} ALTER COLUMN owner_id SET DEFAULT {DECLARED}")
        elif 'owner_id' in {c['name'] for c in inspector.get_columns(table)}:
            op.execute(f"UPDATE {table} SET owner_id = 1")
        else:
            # SQLite adds a REFERENCES column with a non-NULL default only while foreign
            # keys are off, which migrate() arranges; every row gets the local account.
            op.execute(f"ALTER TABLE {table} ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 1 "
                       "REFERENCES accounts (id) ON DELETE CASCADE")

    for table, replaced in REPLACED.items():
        for old, _old_columns, new, columns in replaced:
            op.drop_index(old, table_name=table)
            op.create_index(new, table, columns)
    for table, name, columns, unique in ADDED:
        op.create_index(name, table, columns, unique=unique)

    if postgres:
        for table in OWNED:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY {table}_owner ON {table} "
                       f"USING (owner_id = {DECLARED}) WITH CHECK (owner_id = {DECLARED})")


def downgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == 'postgresql'
    if bind.execute(sa.text("SELECT COUNT(*) FROM accounts WHERE id <> 1")).scalar():
        raise RuntimeError("This database holds more than the local account; a schema "
                           "before accounts cannot keep them apart. Export each account "
                           "first (coffeechat users export).")
    if postgres:
        for table in OWNED:
            op.execute(f"DROP POLICY IF EXISTS {table}_owner ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table, name, _columns, _unique in ADDED:
        op.drop_index(name, table_name=table)
    for table, replaced in REPLACED.items():
        for old, old_columns, new, _columns in replaced:
            op.drop_index(new, table_name=table)
            op.create_index(old, table, old_columns)
    if postgres:
        for table in OWNED:
            op.drop_constraint(f'fk_{table}_owner_id', table, type_='foreignkey')
            op.drop_column(table, 'owner_id')
        op.drop_table('accounts')
    # SQLite cannot drop a column that is part of a foreign key, and dropping the accounts
    # table with foreign keys on would cascade-delete every row. There the owner columns
    # (all 1, the default) and the accounts table stay, unused by the older schema, and
    # upgrade() finds them again.
