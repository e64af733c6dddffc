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


class Base(DeclarativeBase):
    """Declarative base for every table."""


class ProfileRow(Base):
    """The single learner profile (id is always 1)."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
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


def _search_key_default(context: DefaultExecutionContext) -> str:
    # A context-sensitive default runs once per row for every INSERT that SQLAlchemy
    # builds, ORM or Core, one row or many, so each insert path gets the key.
    return contact_search_key(context.get_current_parameters())  # type: ignore[no-untyped-call]


class ContactRow(Base):
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
        Index("ix_contacts_last_interaction_on", "last_interaction_on"),
        Index("ix_contacts_profile_url", "profile_url"),
        Index("ix_contacts_name", "name"),
        Index("ix_contacts_archived", "archived"),
    )


@event.listens_for(ContactRow, "before_insert")
@event.listens_for(ContactRow, "before_update")
def _refresh_search_key(_mapper: Mapper[ContactRow], _connection: Any,
                        target: ContactRow) -> None:
    target.search_key = contact_search_key(
        {name: getattr(target, name) for name in SEARCHED_FIELDS}
    )


def refresh_search_keys(session: Session, contact_ids: Sequence[int]) -> None:
    """Recompute the search key of these contacts, after a bulk UPDATE of their fields."""
    table: Table = ContactRow.__table__  # type: ignore[assignment]
    fill = (update(table).where(table.c.id == bindparam("row_id"))
            .values(search_key=bindparam("key")))
    ids = list(contact_ids)
    for start in range(0, len(ids), 1000):
        rows = session.execute(
            select(table.c.id, *(table.c[name] for name in SEARCHED_FIELDS))
            .where(table.c.id.in_(ids[start:start + 1000]))
        ).mappings().all()
        if rows:
            session.execute(fill, [{"row_id": row["id"], "key": contact_search_key(row)}
                                   for row in rows])


class ConversationRow(Base):
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
    status: Mapped[str] = mapped_column(String(20), default="idea", index=True)
    role: Mapped[str | None] = mapped_column(String(80))
    audience: Mapped[str | None] = mapped_column(String(80))
    plan: Mapped[list[str]] = mapped_column(JSON, default=list)
    goal: Mapped[str | None] = mapped_column(Text)
    why_them: Mapped[str | None] = mapped_column(Text)
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class NoteRow(Base):
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


class FollowUpRow(Base):
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
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    snoozed_at: Mapped[datetime | None] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Bumped on every change, so calendar exports can tell clients an event moved.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, default=now, onupdate=now)


class ActivityRow(Base):
    """Networking minutes on a day; with a contact, it is also an interaction."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(200))


class SentMessageRow(Base):
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


class DraftRow(Base):
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


class DraftDetailRow(Base):
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
    """A row's stored columns as a plain dict (derived ones such as search keys left out)."""
    return {
        c.key: getattr(row, c.key)
        for c in row.__mapper__.column_attrs
        if not c.columns[0].info.get("derived")
    }
