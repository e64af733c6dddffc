"""SQLAlchemy tables. Plain, portable SQL types so SQLite and PostgreSQL behave alike.

Values are validated by the pydantic models in :mod:`coffeechat.models` before they
reach these tables; the tables only keep them. Deleting a contact for good removes
everything that hangs off it (``ON DELETE CASCADE``), so nothing is orphaned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    event,
    select,
    update,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, Session, mapped_column

from coffeechat.clock import now
from coffeechat.models import (
    Activity,
    Contact,
    Conversation,
    Draft,
    DraftDetail,
    FollowUp,
    Note,
    SentMessage,
    StoredProfile,
)
from coffeechat.textfold import SEARCHED_FIELDS, contact_search_key

#: Marks a column computed from others: never read into a model, never backed up.
DERIVED = {"derived": True}
#: Marks the owner column: the store sets and filters it, models and backups never see it.
OWNER = {"owner": True}
#: The account that exists in every database: the one learner of a local install.
LOCAL_ACCOUNT_ID = 1


class Base(DeclarativeBase):
    """Declarative base for every table."""


class AccountRow(Base):
    """Someone who signs in, known by their identity provider's issuer and subject.

    Not a learner's record: the store reads it to sign people in and for the admin
    commands. The e-mail is for display and for naming an account on the command line.
    """

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("ux_accounts_issuer_subject", "issuer", "subject", unique=True),
        Index("ix_accounts_email", "email"),
    )


class Owned:
    """A learner's record: every row belongs to exactly one account."""

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), info=OWNER)


class ProfileRow(Owned, Base):
    """The learner profile: one per account."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str | None] = mapped_column(String(200))
    situation: Mapped[str | None] = mapped_column(Text)
    pitch_who: Mapped[str | None] = mapped_column(Text)
    pitch_what: Mapped[str | None] = mapped_column(Text)
    pitch_where: Mapped[str | None] = mapped_column(Text)
    target_role: Mapped[str | None] = mapped_column(String(80))
    weekly_study_hours: Mapped[float] = mapped_column(Float, default=10)
    networking_share: Mapped[int] = mapped_column(Integer, default=20)
    places: Mapped[list[str]] = mapped_column(JSON, default=list)
    linkedin_plan: Mapped[str] = mapped_column(String(20), default="free")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ux_profile_owner", "owner_id", unique=True),)


def _search_key_default(context: DefaultExecutionContext) -> str:
    # A context-sensitive default runs once per row for every INSERT that SQLAlchemy
    # builds, ORM or Core, one row or many, so each insert path gets the key.
    return contact_search_key(context.get_current_parameters())  # type: ignore[no-untyped-call]


class ContactRow(Owned, Base):
    """A person in the learner's network."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120))
    call_them: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    met_at: Mapped[str | None] = mapped_column(String(200))
    met_how: Mapped[str | None] = mapped_column(String(200))
    reach_by: Mapped[str | None] = mapped_column(String(20))
    profile_url: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    common_ground: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    tier: Mapped[str] = mapped_column(String(20), default="regular")
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    connected_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    # The day of the latest activity with this contact, kept in step by the store.
    last_interaction_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Name, company, title and common ground folded for search (coffeechat.textfold).
    # Kept by the insert default and the ORM update hook below; a bulk UPDATE that
    # changes one of those fields has to set it itself.
    search_key: Mapped[str] = mapped_column(Text, default=_search_key_default,
                                            server_default="", info=DERIVED)

    __table_args__ = (
        Index("ix_contacts_owner_last_interaction_on", "owner_id", "last_interaction_on"),
        Index("ix_contacts_owner_profile_url", "owner_id", "profile_url"),
        Index("ix_contacts_owner_name", "owner_id", "name"),
        Index("ix_contacts_owner_archived", "owner_id", "archived"),
    )


@event.listens_for(ContactRow, "before_insert")
@event.listens_for(ContactRow, "before_update")
def _refresh_search_key(_mapper: Mapper[ContactRow], _connection: Any,
                        target: ContactRow) -> None:
    target.search_key = contact_search_key(
        {name: getattr(target, name) for name in SEARCHED_FIELDS}
    )


def refresh_search_keys(session: Session, contact_ids: Sequence[int], owner_id: int) -> None:
    """Recompute the search key of an account's contacts, after a bulk UPDATE of them."""
    table: Table = ContactRow.__table__  # type: ignore[assignment]
    fill = (update(table).where(table.c.id == bindparam("row_id"), table.c.owner_id == owner_id)
            .values(search_key=bindparam("key")))
    ids = list(contact_ids)
    for start in range(0, len(ids), 1000):
        rows = session.execute(
            select(table.c.id, *(table.c[name] for name in SEARCHED_FIELDS))
            .where(table.c.id.in_(ids[start:start + 1000]), table.c.owner_id == owner_id)
        ).mappings().all()
        if rows:
            session.execute(fill, [{"row_id": row["id"], "key": contact_search_key(row)}
                                   for row in rows])


class ConversationRow(Owned, Base):
    """An informational interview or a meetup chat."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[str] = mapped_column(String(20), default="coffee")
    # Proposed and agreed times are kept apart: typing a date while planning is not
    # an agreement, and must not cancel the no-reply follow-ups.
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime)
    budget_minutes: Mapped[int] = mapped_column(Integer, default=20)
    status: Mapped[str] = mapped_column(String(20), default="idea")
    role: Mapped[str | None] = mapped_column(String(80))
    audience: Mapped[str | None] = mapped_column(String(80))
    plan: Mapped[list[str]] = mapped_column(JSON, default=list)
    goal: Mapped[str | None] = mapped_column(Text)
    why_them: Mapped[str | None] = mapped_column(Text)
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_conversations_owner_status", "owner_id", "status"),
        Index("ix_conversations_owner_updated_at", "owner_id", "updated_at"),
    )


class NoteRow(Owned, Base):
    """A note on a conversation, on one planned question, or on a contact."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default="note")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_notes_owner_created_at", "owner_id", "created_at"),)


class FollowUpRow(Owned, Base):
    """Something to do for a contact by a date."""

    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="custom")
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    snoozed_at: Mapped[datetime | None] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Bumped on every change, so calendar exports can tell clients an event moved.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, default=now, onupdate=now)

    __table_args__ = (Index("ix_followups_owner_due_on", "owner_id", "due_on"),)


class ActivityRow(Owned, Base):
    """Networking minutes on a day; with a contact, it is also an interaction."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (Index("ix_activities_owner_day", "owner_id", "day"),)


class SentMessageRow(Owned, Base):
    """A message the learner sent."""

    __tablename__ = "sent_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_sent_messages_owner_sent_at", "owner_id", "sent_at"),)


class DraftRow(Owned, Base):
    """A message being written, kept so a reload or a new tab never loses an edit."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    # The template's rendering the edits started from, to tell edits from a fresh draft.
    based_on: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)

    __table_args__ = (Index("ix_drafts_owner_updated_at", "owner_id", "updated_at"),)


class DraftDetailRow(Owned, Base):
    """A detail typed for drafts (what you'd like to learn, what you did with their advice)."""

    __tablename__ = "draft_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)

    __table_args__ = (Index("ix_draft_details_owner_contact_id", "owner_id", "contact_id"),)

@dataclass(frozen=True)
class Registered:
    """One table: its rows, the model every row passes, and how many rows it may hold."""

    row: type[Base]
    model: type[BaseModel]
    most_rows: int | None = None

    @property
    def name(self) -> str:
        """The table's name, in the database and in a backup."""
        return str(self.row.__tablename__)

    @property
    def table(self) -> Table:
        """The SQLAlchemy table."""
        return self.row.__table__  # type: ignore[return-value]

    @cached_property
    def text_limits(self) -> dict[str, int]:
        """Text columns with a length limit, which PostgreSQL enforces and SQLite does not."""
        return {c.key: c.type.length for c in self.table.columns
                if isinstance(c.type, String) and c.type.length}


#: Every table, parents first: the order of a backup, of a restore, and of a wipe
#: (reversed). Adding a table is a row class above and one line here.
REGISTRY: tuple[Registered, ...] = (
    Registered(ProfileRow, StoredProfile, most_rows=1),
    Registered(ContactRow, Contact),
    Registered(ConversationRow, Conversation),
    Registered(NoteRow, Note),
    Registered(FollowUpRow, FollowUp),
    Registered(ActivityRow, Activity),
    Registered(SentMessageRow, SentMessage),
    Registered(DraftRow, Draft),
    Registered(DraftDetailRow, DraftDetail),
)

#: The row classes of :data:`REGISTRY`, in the same order.
TABLES: tuple[type[Base], ...] = tuple(entry.row for entry in REGISTRY)


def row_dict(row: Base) -> dict[str, Any]:
    """A row's stored columns as a plain dict (derived ones and the owner left out)."""
    return {
        c.key: getattr(row, c.key)
        for c in row.__mapper__.column_attrs
        if not (c.columns[0].info.get("derived") or c.columns[0].info.get("owner"))
    }
