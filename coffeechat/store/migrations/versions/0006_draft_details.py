"""Keep the details typed for drafts (what to learn, what you did), so a reload keeps them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 19:49:22.924787
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('draft_details',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('draft_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_details_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_details_conversation_id'), ['conversation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('draft_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_details_conversation_id'))
        batch_op.drop_index(batch_op.f('ix_draft_details_contact_id'))

    op.drop_table('draft_details')
