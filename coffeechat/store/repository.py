"""The learner's records: profile, contacts, conversations, notes, follow-ups.

Every public method that writes does so in exactly one transaction, so a change is
either stored whole or not at all. Values are validated by the pydantic models
before they reach the database, and every method returns pydantic models, never
database rows, so the pages and the CLI cannot touch SQL by accident.

Times are the learner's local wall-clock time (this is a local-first app); dates
such as ``due_on`` are local dates.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import (
    Engine,
    Select,
    Text,
    and_,
    case,
    delete,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coffeechat import cadence
from coffeechat.clock import now
from coffeechat.errors import (
    ConflictError,
    NotFoundError,
    Problem,
    StoreError,
    ValidationProblem,
)
from coffeechat.models import (
    DEFAULT_CADENCE,
    STATUS_ORDER,
    Activity,
    ActivityIn,
    ActivityKind,
    Contact,
    ContactIn,
    Conversation,
    ConversationIn,
    Draft,
    DraftDetailIn,
    DraftIn,
    FollowUp,
    FollowUpIn,
    FollowUpKind,
    Note,
    NoteIn,
    NoteKind,
    Profile,
    ProfileIn,
    SentMessage,
    SentMessageIn,
    Status,
    Tier,
    greeting_name,
)
from coffeechat.settings import database_url
from coffeechat.store.engine import create_store_engine, migrate
from coffeechat.store.tables import (
    ActivityRow,
    Base,
    ContactRow,
    ConversationRow,
    DraftDetailRow,
    DraftRow,
    FollowUpRow,
    NoteRow,
    ProfileRow,
    SentMessageRow,
    row_dict,
)
from coffeechat.textfold import fold
from coffeechat.validation import has_visible_text, parse

M = TypeVar("M", bound=BaseModel)

#: PostgreSQL advisory-lock key for :meth:`Store.exclusive_transaction` ("CofC").
WRITE_LOCK_KEY = 0x436F6643

#: Purposes whose sending counts as asking for a chat, which starts the 3B7 routine.
REQUEST_PURPOSES = frozenset({"interview_request"})


def _model(model: type[M], row: Base) -> M:
    return model.model_validate(row_dict(row))


@dataclass(frozen=True)
class FollowUpView:
    """A follow-up with the name of the person it is for."""

    followup: FollowUp
    contact_name: str

    @property
    def first_name(self) -> str:
        """The contact's first name, for short labels."""
        return greeting_name(self.contact_name)


@dataclass(frozen=True)
class Agenda:
    """Open follow-ups, split the way the learner thinks about them."""

    overdue: list[FollowUpView]
    today: list[FollowUpView]
    week: list[FollowUpView]

    @property
    def due(self) -> list[FollowUpView]:
        """Overdue and due today, oldest first."""
        return self.overdue + self.today


class FollowUpList(StrEnum):
    """The lists the Follow-ups page shows; every open follow-up is in exactly one."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    COMING_UP = "coming_up"
    SNOOZED = "snoozed"


@dataclass(frozen=True)
class QuietContact:
    """A contact whose keep-in-touch cadence has run out."""

    contact: Contact
    last_interaction: date
    days_quiet: int


class Store:
    """Access to one database. Create it once per process and share it."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.url = url or database_url()
        self.engine = engine or create_store_engine(self.url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.optimize()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def exclusive_transaction(self) -> Iterator[Session]:
        """A transaction that holds the database's write lock from its first statement.

        For work that reads, decides and then writes (an import that de-duplicates
        against what is stored): two of them at once take turns, so the second sees
        what the first wrote. SQLite starts with ``BEGIN IMMEDIATE``; PostgreSQL takes
        a transaction-level advisory lock, released at commit or rollback.
        """
        with self._sessions.begin() as session:
            connection = session.connection()
            try:
                if self.dialect == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    connection.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
            except OperationalError:
                raise StoreError(
                    "The database is busy with another change (another window or command "
                    "is saving). Nothing was changed; try again in a moment."
                ) from None
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session."""
        with self._sessions() as session:
            yield session

    def optimize(self) -> None:
        """Refresh SQLite's query-planner statistics where they are stale (cheap).

        Without them SQLite can pick a slow plan after a large import.
        """
        if self.dialect == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA optimize=0x10002")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    # ------------------------------------------------------------------ profile

    def get_profile(self) -> Profile:
        """The learner's profile; an empty one until they fill it in."""
        with self.reading() as s:
            row = s.get(ProfileRow, 1)
            if row is None:
                return Profile()
            data = row_dict(row)
            data.pop("id")
            return Profile.model_validate(data)

    def save_profile(self, profile: ProfileIn | dict[str, Any]) -> Profile:
        """Validate and store the whole profile."""
        valid = profile if isinstance(profile, ProfileIn) else parse(ProfileIn, profile,
                                                                      what="profile")
        values = valid.model_dump(mode="json")
        values["updated_at"] = now()
        with self.transaction() as s:
            row = s.get(ProfileRow, 1)
            if row is None:
                row = ProfileRow(id=1)
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
        return self.get_profile()

    def update_profile(self, **changes: Any) -> Profile:
        """Change some profile fields, keeping the rest."""
        data = self.get_profile().model_dump(exclude={"updated_at"})
        data.update(changes)
        return self.save_profile(parse(ProfileIn, data, what="profile"))

    # ----------------------------------------------------------------- contacts

    def add_contact(self, contact: ContactIn | dict[str, Any]) -> Contact:
        """Validate and store a new contact."""
        valid = contact if isinstance(contact, ContactIn) else parse(ContactIn, contact,
                                                                      what="contact")
        stamp = now()
        with self.transaction() as s:
            row = ContactRow(**_contact_values(valid), created_at=stamp, updated_at=stamp)
            s.add(row)
            s.flush()
            return _model(Contact, row)

    def update_contact(self, contact_id: int, contact: ContactIn | dict[str, Any]) -> Contact:
        """Replace a contact's details; reschedules keep-in-touch if the cadence changed."""
        valid = contact if isinstance(contact, ContactIn) else parse(ContactIn, contact,
                                                                      what="contact")
        with self.transaction() as s:
            row = self._contact_row(s, contact_id)
            for key, value in _contact_values(valid).items():
                setattr(row, key, value)
            row.updated_at = now()
            s.flush()
            updated = _model(Contact, row)
            self._reschedule_keep_in_touch(s, updated)
            return updated

    def update_contact_fields(self, contact_id: int, **changes: Any) -> Contact:
        """Change some of a contact's details, keeping the rest."""
        current = self.get_contact(contact_id)
        data = current.model_dump(include=set(ContactIn.model_fields))
        data.update(changes)
        return self.update_contact(contact_id, data)

    def get_contact(self, contact_id: int) -> Contact:
        """One contact, archived or not."""
        with self.reading() as s:
            return _model(Contact, self._contact_row(s, contact_id))

    def _contact_row(self, s: Session, contact_id: int) -> ContactRow:
        row = s.get(ContactRow, contact_id)
        if row is None:
            raise NotFoundError(f"There is no contact with id {contact_id}.")
        return row

    def _contact_query(
        self, search: str | None, tier: str | None, tag: str | None, archived: bool | None
    ) -> Select[Any]:
        query = select(ContactRow)
        if archived is not None:
            query = query.where(ContactRow.archived.is_(archived))
        if tier:
            query = query.where(ContactRow.tier == tier)
        term = fold(search or "")
        if term:
            # Both sides folded in Python, so SQLite and PostgreSQL match alike.
            query = query.where(ContactRow.search_key.contains(term, autoescape=True))
        if tag:
            # Tags are a JSON list; a text match on the quoted tag is portable.
            query = query.where(
                func.lower(func.cast(ContactRow.tags, Text())).contains(
                    f'"{tag.lower()}"', autoescape=True
                )
            )
        return query

    def list_contacts(
        self,
        *,
        search: str | None = None,
        tier: str | None = None,
        tag: str | None = None,
        archived: bool | None = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Contact]:
        """Contacts by name, filtered; archived ones only when asked for."""
        query = self._contact_query(search, tier, tag, archived).order_by(
            func.lower(ContactRow.name), ContactRow.id
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.reading() as s:
            return [_model(Contact, row) for row in s.scalars(query)]

    def count_contacts(
        self,
        *,
        search: str | None = None,
        tier: str | None = None,
        tag: str | None = None,
        archived: bool | None = False,
    ) -> int:
        """How many contacts match the same filters as :meth:`list_contacts`."""
        query = self._contact_query(search, tier, tag, archived).with_only_columns(
            func.count(ContactRow.id)
        )
        with self.reading() as s:
            return int(s.scalar(query) or 0)

    def contact_names(self, ids: Sequence[int] | None = None) -> dict[int, str]:
        """Names by id, cheaply, for labels and pickers."""
        query = select(ContactRow.id, ContactRow.name).order_by(func.lower(ContactRow.name))
        if ids is not None:
            query = query.where(ContactRow.id.in_(list(ids)))
        else:
            query = query.where(ContactRow.archived.is_(False))
        with self.reading() as s:
            return {row.id: row.name for row in s.execute(query)}

    def archive_contact(self, contact_id: int, archived: bool = True) -> Contact:
        """Archive (or restore) a contact. Deleting from the app only archives."""
        with self.transaction() as s:
            row = self._contact_row(s, contact_id)
            row.archived = archived
            row.updated_at = now()
            s.flush()
            return _model(Contact, row)

    def delete_contact_permanently(self, contact_id: int) -> None:
        """Remove a contact and everything that depends on it."""
        with self.transaction() as s:
            row = self._contact_row(s, contact_id)
            # Explicit deletes as well as ON DELETE CASCADE, so it holds even where a
            # database was created with foreign keys switched off.
            for table in (NoteRow, FollowUpRow, ActivityRow, SentMessageRow, DraftRow,
                          DraftDetailRow):
                s.execute(delete(table).where(table.contact_id == contact_id))
            s.execute(delete(ConversationRow).where(ConversationRow.contact_id == contact_id))
            s.delete(row)

    # ------------------------------------------------------------ conversations

    def add_conversation(self, conversation: ConversationIn | dict[str, Any]) -> Conversation:
        """Store a new conversation with a contact."""
        valid = (
            conversation
            if isinstance(conversation, ConversationIn)
            else parse(ConversationIn, conversation, what="conversation")
        )
        stamp = now()
        with self.transaction() as s:
            self._contact_row(s, valid.contact_id)
            row = ConversationRow(
                **valid.model_dump(mode="python"), created_at=stamp, updated_at=stamp
            )
            s.add(row)
            s.flush()
            return _model(Conversation, row)

    def get_conversation(self, conversation_id: int) -> Conversation:
        """One conversation."""
        with self.reading() as s:
            return _model(Conversation, self._conversation_row(s, conversation_id))

    def _conversation_row(self, s: Session, conversation_id: int) -> ConversationRow:
        row = s.get(ConversationRow, conversation_id)
        if row is None:
            raise NotFoundError(f"There is no conversation with id {conversation_id}.")
        return row

    def update_conversation(self, conversation_id: int, **changes: Any) -> Conversation:
        """Change a conversation's details (not its status: use :meth:`set_status`)."""
        if "status" in changes:
            raise ConflictError("Change the status with set_status so follow-ups stay right.")
        with self.transaction() as s:
            row = self._conversation_row(s, conversation_id)
            data = row_dict(row)
            for key in ("id", "held_at", "created_at", "updated_at"):
                data.pop(key)
            data.update(changes)
            valid = parse(ConversationIn, data, what="conversation")
            for key, value in valid.model_dump(mode="python").items():
                setattr(row, key, value)
            row.updated_at = now()
            s.flush()
            return _model(Conversation, row)

    def save_plan(self, conversation_id: int, question_ids: Sequence[str]) -> Conversation:
        """Keep the planned question ids, in order, on the conversation."""
        return self.update_conversation(conversation_id, plan=list(question_ids))

    def list_conversations(
        self,
        *,
        contact_id: int | None = None,
        status: Status | str | None = None,
        limit: int | None = None,
    ) -> list[Conversation]:
        """Conversations, newest first."""
        query = select(ConversationRow).order_by(
            ConversationRow.updated_at.desc(), ConversationRow.id.desc()
        )
        if contact_id is not None:
            query = query.where(ConversationRow.contact_id == contact_id)
        if status is not None:
            query = query.where(ConversationRow.status == str(status))
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as s:
            return [_model(Conversation, row) for row in s.scalars(query)]

    def upcoming_chats(self, start: datetime, end: datetime, *, limit: int = 50
                       ) -> list[tuple[Conversation, str]]:
        """Scheduled (not yet held) conversations between two times, soonest first."""
        query = (
            select(ConversationRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == ConversationRow.contact_id)
            .where(ConversationRow.scheduled_at.is_not(None),
                   ConversationRow.scheduled_at >= start, ConversationRow.scheduled_at < end,
                   ConversationRow.status.in_([Status.IDEA.value, Status.REQUESTED.value,
                                               Status.SCHEDULED.value]),
                   ContactRow.archived.is_(False))
            .order_by(ConversationRow.scheduled_at)
            .limit(limit)
        )
        with self.reading() as s:
            return [(_model(Conversation, row), name) for row, name in s.execute(query)]

    def journey_counts(self) -> tuple[int, int, int, int, int]:
        """Contacts, planned conversations, sent messages, held and thanked chats."""

        def count(query: Any) -> Any:
            return query.scalar_subquery()

        planned = func.length(func.cast(ConversationRow.plan, Text())) > 2
        held = [Status.HELD.value, Status.THANKED.value, Status.CLOSED.value]
        thanked = [Status.THANKED.value, Status.CLOSED.value]
        # One round trip for all five counts: the sidebar asks on every page.
        query = select(
            count(select(func.count()).select_from(ContactRow)),
            count(select(func.count()).select_from(ConversationRow).where(planned)),
            count(select(func.count()).select_from(SentMessageRow)),
            count(select(func.count()).select_from(ConversationRow)
                  .where(ConversationRow.status.in_(held))),
            count(select(func.count()).select_from(ConversationRow)
                  .where(ConversationRow.status.in_(thanked))),
        )
        with self.reading() as s:
            row = s.execute(query).one()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4])

    def status_counts(self) -> dict[Status, int]:
        """How many conversations are at each status, for the funnel."""
        query = select(ConversationRow.status, func.count()).group_by(ConversationRow.status)
        counts = dict.fromkeys(STATUS_ORDER, 0)
        with self.reading() as s:
            for status, count in s.execute(query):
                counts[Status(status)] = int(count)
        return counts

    def set_status(
        self, conversation_id: int, status: Status | str, *, at: datetime | None = None
    ) -> Conversation:
        """Move a conversation along, scheduling or cancelling follow-ups as the rules say."""
        target = Status(status)
        when = at or now()
        with self.transaction() as s:
            row = self._conversation_row(s, conversation_id)
            contact = _model(Contact, self._contact_row(s, row.contact_id))
            self._apply_status(s, row, contact, target, when)
            s.flush()
            return _model(Conversation, row)

    def schedule(self, conversation_id: int, agreed_at: datetime | None = None, *,
                 at: datetime | None = None) -> Conversation:
        """They said yes: keep the agreed time (else the proposed one) and mark it scheduled.

        Only this agreement cancels the no-reply follow-ups; a proposed time does not.
        """
        when = at or now()
        with self.transaction() as s:
            row = self._conversation_row(s, conversation_id)
            if agreed_at is not None:
                row.scheduled_at = agreed_at
            contact = _model(Contact, self._contact_row(s, row.contact_id))
            self._apply_status(s, row, contact, Status.SCHEDULED, when)
            row.updated_at = when
            s.flush()
            return _model(Conversation, row)

    def _apply_status(
        self, s: Session, row: ConversationRow, contact: Contact, target: Status, when: datetime
    ) -> None:
        previous = Status(row.status)
        if previous == target:
            return
        row.status = target.value
        row.updated_at = when
        if previous == Status.CLOSED:
            # Reopening picks the conversation up where it was; it is not a new chat,
            # so no reminders or activity are repeated.
            return
        first = contact.first_name
        today = when.date()
        if target == Status.REQUESTED:
            for due in cadence.after_request(first, today):
                self._add_due(s, contact.id, row.id, due)
        if target == Status.SCHEDULED:
            row.scheduled_at = cadence.agreed_time(row.proposed_at, row.scheduled_at)
        if target in (Status.SCHEDULED, Status.HELD):
            self._cancel_waiting(s, contact.id, row.id, when)
        if target == Status.HELD:
            row.held_at = when
            for due in cadence.after_held(first, today):
                self._add_due(s, contact.id, row.id, due)
            s.add(ActivityRow(day=today, kind=ActivityKind.CHAT.value,
                              minutes=row.budget_minutes, contact_id=contact.id,
                              note=f"Chat with {contact.name}"[:200]))
            s.flush()
            self._reschedule_keep_in_touch(s, contact)
        if target == Status.THANKED:
            self._complete_kind(s, row.id, FollowUpKind.THANK_YOU, when)
            for due in cadence.after_thanked(first, today):
                self._add_due(s, contact.id, row.id, due)
        if target == Status.CLOSED:
            s.execute(
                update(FollowUpRow)
                .where(FollowUpRow.conversation_id == row.id, _open())
                .values(cancelled_at=when)
            )

    # ------------------------------------------------------------------ notes

    def add_note(self, note: NoteIn | dict[str, Any]) -> Note:
        """Store a note on a conversation (optionally one question) or on a contact."""
        valid = note if isinstance(note, NoteIn) else parse(NoteIn, note, what="note")
        with self.transaction() as s:
            contact_id = valid.contact_id
            if valid.conversation_id is not None:
                conv = self._conversation_row(s, valid.conversation_id)
                if contact_id is not None and contact_id != conv.contact_id:
                    raise ConflictError("That conversation belongs to a different contact.")
                contact_id = conv.contact_id
            if contact_id is None:
                raise ConflictError("A note needs a contact or a conversation.")
            self._contact_row(s, contact_id)
            values = valid.model_dump(mode="python")
            values["contact_id"] = contact_id
            row = NoteRow(**values, created_at=now())
            s.add(row)
            s.flush()
            return _model(Note, row)

    def update_note(self, note_id: int, text: str) -> Note:
        """Change a note's text."""
        with self.transaction() as s:
            row = s.get(NoteRow, note_id)
            if row is None:
                raise NotFoundError(f"There is no note with id {note_id}.")
            data = row_dict(row)
            data["text"] = text
            valid = parse(NoteIn, {k: data[k] for k in NoteIn.model_fields}, what="note")
            row.text = valid.text
            s.flush()
            return _model(Note, row)

    def set_question_note(self, conversation_id: int, question_id: str, text: str) -> Note | None:
        """Keep one note per planned question: create, replace, or clear it when empty."""
        with self.transaction() as s:
            conv = self._conversation_row(s, conversation_id)
            rows = s.scalars(select(NoteRow).where(
                NoteRow.conversation_id == conversation_id, NoteRow.question_id == question_id,
                NoteRow.kind == NoteKind.NOTE.value).order_by(NoteRow.id)).all()
            if not text.strip():
                for row in rows:
                    s.delete(row)
                return None
            valid = parse(NoteIn, {"conversation_id": conversation_id, "question_id": question_id,
                                   "text": text}, what="note")
            if rows:
                keep, *extra = rows
                keep.text = valid.text
                for row in extra:
                    s.delete(row)
                s.flush()
                return _model(Note, keep)
            row = NoteRow(contact_id=conv.contact_id, conversation_id=conversation_id,
                          question_id=question_id, kind=NoteKind.NOTE.value, text=valid.text,
                          created_at=now())
            s.add(row)
            s.flush()
            return _model(Note, row)

    def noted_question_ids(self, conversation_id: int) -> set[str]:
        """Planned questions that already have a note: plans keep them when they change."""
        query = select(NoteRow.question_id).where(
            NoteRow.conversation_id == conversation_id, NoteRow.question_id.is_not(None))
        with self.reading() as s:
            return {qid for qid in s.scalars(query) if qid}

    def delete_note(self, note_id: int) -> None:
        """Remove one note."""
        with self.transaction() as s:
            s.execute(delete(NoteRow).where(NoteRow.id == note_id))

    def list_notes(
        self,
        *,
        conversation_id: int | None = None,
        contact_id: int | None = None,
        kind: NoteKind | None = None,
        limit: int | None = None,
    ) -> list[Note]:
        """Notes, oldest first."""
        query = select(NoteRow).order_by(NoteRow.created_at, NoteRow.id)
        if conversation_id is not None:
            query = query.where(NoteRow.conversation_id == conversation_id)
        if contact_id is not None:
            query = query.where(NoteRow.contact_id == contact_id)
        if kind is not None:
            query = query.where(NoteRow.kind == kind.value)
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as s:
            return [_model(Note, row) for row in s.scalars(query)]

    # -------------------------------------------------------------- follow-ups

    def add_followup(self, followup: FollowUpIn | dict[str, Any]) -> FollowUp:
        """Store a follow-up of the learner's own."""
        valid = (
            followup
            if isinstance(followup, FollowUpIn)
            else parse(FollowUpIn, followup, what="follow-up")
        )
        with self.transaction() as s:
            self._contact_row(s, valid.contact_id)
            if valid.conversation_id is not None:
                self._conversation_row(s, valid.conversation_id)
            row = FollowUpRow(**valid.model_dump(mode="python"), created_at=now())
            s.add(row)
            s.flush()
            return _model(FollowUp, row)

    def get_followup(self, followup_id: int) -> FollowUp:
        """One follow-up."""
        with self.reading() as s:
            return _model(FollowUp, self._followup_row(s, followup_id))

    def _followup_row(self, s: Session, followup_id: int) -> FollowUpRow:
        row = s.get(FollowUpRow, followup_id)
        if row is None:
            raise NotFoundError(f"There is no follow-up with id {followup_id}.")
        return row

    def complete_followup(self, followup_id: int, *, at: datetime | None = None) -> FollowUp:
        """Mark a follow-up done. Doing a keep-in-touch counts as an interaction."""
        when = at or now()
        with self.transaction() as s:
            row = self._followup_row(s, followup_id)
            if row.done_at is None:
                row.done_at = when
                if row.kind in (FollowUpKind.KEEP_IN_TOUCH.value, FollowUpKind.REPORT_BACK.value,
                                FollowUpKind.FOLLOW_UP.value):
                    s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value,
                                      minutes=10, contact_id=row.contact_id,
                                      note="Followed up"))
                    s.flush()
                    contact = _model(Contact, self._contact_row(s, row.contact_id))
                    self._reschedule_keep_in_touch(s, contact)
                if row.kind == FollowUpKind.THANK_YOU.value and row.conversation_id:
                    conv = self._conversation_row(s, row.conversation_id)
                    if conv.status == Status.HELD.value:
                        contact = _model(Contact, self._contact_row(s, row.contact_id))
                        self._apply_status(s, conv, contact, Status.THANKED, when)
            s.flush()
            return _model(FollowUp, row)

    def snooze_followup(self, followup_id: int, days: int) -> FollowUp:
        """Move a follow-up's date later (from today if it is already overdue)."""
        if not 1 <= days <= 365:
            raise ConflictError("Snooze for 1 to 365 days.")
        with self.transaction() as s:
            row = self._followup_row(s, followup_id)
            stamp = now()
            start = max(row.due_on, stamp.date())
            row.due_on = start + timedelta(days=days)
            row.snoozed_at = stamp
            s.flush()
            return _model(FollowUp, row)

    def cancel_followup(self, followup_id: int) -> FollowUp:
        """Drop a follow-up without doing it."""
        with self.transaction() as s:
            row = self._followup_row(s, followup_id)
            if row.done_at is None and row.cancelled_at is None:
                row.cancelled_at = now()
            s.flush()
            return _model(FollowUp, row)

    def list_followups(
        self,
        *,
        contact_id: int | None = None,
        conversation_id: int | None = None,
        open_only: bool = True,
        due_before: date | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]:
        """Follow-ups, soonest first."""
        query = select(FollowUpRow).order_by(FollowUpRow.due_on, FollowUpRow.id)
        if contact_id is not None:
            query = query.where(FollowUpRow.contact_id == contact_id)
        if conversation_id is not None:
            query = query.where(FollowUpRow.conversation_id == conversation_id)
        if open_only:
            query = query.where(_open())
        if due_before is not None:
            query = query.where(FollowUpRow.due_on <= due_before)
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as s:
            return [_model(FollowUp, row) for row in s.scalars(query)]

    def agenda(self, today: date | None = None, *, days_ahead: int = 7,
               limit: int = 200) -> Agenda:
        """Open follow-ups: overdue, due today, and the coming days (``limit`` each)."""
        day = today or now().date()
        horizon = day + timedelta(days=days_ahead)
        base = (
            select(FollowUpRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(_open(), _not_archived())
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
            .limit(limit)
        )
        buckets = (
            base.where(FollowUpRow.due_on < day),
            base.where(FollowUpRow.due_on == day),
            base.where(FollowUpRow.due_on > day, FollowUpRow.due_on <= horizon),
        )
        out: list[list[FollowUpView]] = []
        with self.reading() as s:
            for query in buckets:
                out.append([FollowUpView(_model(FollowUp, row), name)
                            for row, name in s.execute(query)])
        return Agenda(*out)

    def count_due(self, today: date | None = None, *, days_ahead: int = 7) -> tuple[int, int, int]:
        """How many open follow-ups are overdue, due today, and due in the coming days."""
        day = today or now().date()
        base = select(func.count()).select_from(FollowUpRow).where(_open(), _not_archived())
        with self.reading() as s:
            overdue = s.scalar(base.where(FollowUpRow.due_on < day)) or 0
            due_today = s.scalar(base.where(FollowUpRow.due_on == day)) or 0
            week = s.scalar(base.where(FollowUpRow.due_on > day,
                                       FollowUpRow.due_on <= day + timedelta(days=days_ahead)))
        return int(overdue), int(due_today), int(week or 0)

    def followup_list(self, which: FollowUpList, today: date | None = None, *,
                      days_ahead: int = 7, limit: int = 20, offset: int = 0
                      ) -> list[FollowUpView]:
        """One page of one Follow-ups list, soonest first.

        "This week" and "Coming up" leave out snoozed follow-ups that are not due yet:
        those are listed under "Snoozed" until their day comes.
        """
        day = today or now().date()
        query = (
            select(FollowUpRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(_open(), _not_archived(), _in_list(which, day, days_ahead))
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self.reading() as s:
            return [FollowUpView(_model(FollowUp, row), name) for row, name in s.execute(query)]

    def followup_counts(self, today: date | None = None, *, days_ahead: int = 7
                        ) -> dict[FollowUpList, int]:
        """How many open follow-ups each list holds, in one query."""
        day = today or now().date()
        query = select(*(
            func.coalesce(func.sum(case((_in_list(which, day, days_ahead), 1), else_=0)), 0)
            for which in FollowUpList
        )).select_from(FollowUpRow).where(_open(), _not_archived())
        with self.reading() as s:
            row = s.execute(query).one()
        return {which: int(n) for which, n in zip(FollowUpList, row, strict=True)}

    def gone_quiet(self, today: date | None = None, *, limit: int = 50) -> list[QuietContact]:
        """Contacts you have talked to whose keep-in-touch cadence has run out, longest first."""
        day = today or now().date()
        last = ContactRow.last_interaction_on
        # The database does the coarse cut (tier defaults, and at least a day for custom
        # cadences); Python checks custom cadences exactly. Date sums on columns differ
        # between SQLite and PostgreSQL, so they stay out of the SQL.
        by_tier = or_(*(
            and_(ContactRow.cadence_days.is_(None), ContactRow.tier == tier.value,
                 last < day - timedelta(days=days))
            for tier, days in DEFAULT_CADENCE.items()
        ))
        custom = and_(ContactRow.cadence_days.is_not(None), last < day - timedelta(days=1))
        query = (
            select(ContactRow.id, ContactRow.tier, ContactRow.cadence_days, last)
            .where(ContactRow.archived.is_(False), last.is_not(None), or_(by_tier, custom))
            .order_by(last, ContactRow.id)
        )
        quiet: list[tuple[int, date, int]] = []
        with self.reading() as s:
            # Light tuples to decide; full records only for the contacts shown.
            for cid, tier, cadence_days, last_day in s.execute(query):
                if last_day is None:
                    continue
                days = (day - last_day).days
                if days > (cadence_days or DEFAULT_CADENCE[Tier(tier)]):
                    quiet.append((cid, last_day, days))
                    if len(quiet) >= limit:
                        break
            rows = {r.id: r for r in s.scalars(
                select(ContactRow).where(ContactRow.id.in_([q[0] for q in quiet])))}
            out = [QuietContact(_model(Contact, rows[cid]), last_day, days)
                   for cid, last_day, days in quiet]
        return out

    def _add_due(self, s: Session, contact_id: int, conversation_id: int | None,
                 due: cadence.Due) -> None:
        s.add(FollowUpRow(contact_id=contact_id, conversation_id=conversation_id,
                          kind=due.kind.value, due_on=due.due_on, text=due.text,
                          created_at=now()))

    def _cancel_waiting(self, s: Session, contact_id: int, conversation_id: int | None,
                        when: datetime) -> None:
        kinds = [k.value for k in cadence.WAITING_FOR_REPLY]
        scope = (
            FollowUpRow.conversation_id == conversation_id
            if conversation_id is not None
            else FollowUpRow.contact_id == contact_id
        )
        s.execute(
            update(FollowUpRow)
            .where(scope, FollowUpRow.kind.in_(kinds), _open())
            .values(cancelled_at=when)
        )

    def _complete_kind(self, s: Session, conversation_id: int, kind: FollowUpKind,
                       when: datetime) -> None:
        s.execute(
            update(FollowUpRow)
            .where(FollowUpRow.conversation_id == conversation_id,
                   FollowUpRow.kind == kind.value, _open())
            .values(done_at=when)
        )

    def _reschedule_keep_in_touch(self, s: Session, contact: Contact) -> None:
        """Keep one open keep-in-touch per contact, due a cadence after the last interaction.

        The row is updated in place, so its calendar UID stays stable.
        """
        last = s.scalar(
            select(func.max(ActivityRow.day)).where(ActivityRow.contact_id == contact.id)
        )
        # Kept on the contact too, so lists and "gone quiet" need no aggregate query.
        s.execute(update(ContactRow).where(ContactRow.id == contact.id)
                  .values(last_interaction_on=last))
        existing = s.scalars(
            select(FollowUpRow).where(
                FollowUpRow.contact_id == contact.id,
                FollowUpRow.kind == FollowUpKind.KEEP_IN_TOUCH.value,
                _open(),
            )
        ).all()
        if last is None or contact.archived:
            for row in existing:
                row.cancelled_at = now()
            return
        due = cadence.keep_in_touch(contact.first_name, last, contact.cadence)
        if existing:
            keep, *extra = existing
            if keep.due_on != due.due_on:
                # A fresh interaction sets a new date; an old snooze no longer applies.
                keep.snoozed_at = None
            keep.due_on = due.due_on
            keep.text = due.text
            for row in extra:
                row.cancelled_at = now()
        else:
            self._add_due(s, contact.id, None, due)

    # --------------------------------------------------------- interactions

    def log_activity(self, activity: ActivityIn | dict[str, Any]) -> Activity:
        """Record networking time; with a contact it resets their keep-in-touch clock."""
        valid = (
            activity
            if isinstance(activity, ActivityIn)
            else parse(ActivityIn, activity, what="activity")
        )
        with self.transaction() as s:
            row = ActivityRow(**valid.model_dump(mode="python"))
            s.add(row)
            s.flush()
            if valid.contact_id is not None:
                contact = _model(Contact, self._contact_row(s, valid.contact_id))
                self._reschedule_keep_in_touch(s, contact)
            return _model(Activity, row)

    def record_reply(self, contact_id: int, *, conversation_id: int | None = None,
                     at: datetime | None = None) -> None:
        """They replied: cancel the no-reply reminders and count it as an interaction."""
        when = at or now()
        with self.transaction() as s:
            contact = _model(Contact, self._contact_row(s, contact_id))
            self._cancel_waiting(s, contact_id, conversation_id, when)
            if conversation_id is None:
                self._cancel_waiting(s, contact_id, None, when)
            s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value, minutes=5,
                              contact_id=contact_id, note="They replied"))
            s.flush()
            self._reschedule_keep_in_touch(s, contact)

    def list_activities(self, *, start: date | None = None, end: date | None = None,
                        contact_id: int | None = None) -> list[Activity]:
        """Activities between two dates (inclusive), oldest first."""
        query = select(ActivityRow).order_by(ActivityRow.day, ActivityRow.id)
        if start is not None:
            query = query.where(ActivityRow.day >= start)
        if end is not None:
            query = query.where(ActivityRow.day <= end)
        if contact_id is not None:
            query = query.where(ActivityRow.contact_id == contact_id)
        with self.reading() as s:
            return [_model(Activity, row) for row in s.scalars(query)]

    def minutes_by_day(self, start: date, end: date) -> dict[date, int]:
        """Networking minutes per day between two dates (inclusive)."""
        query = (
            select(ActivityRow.day, func.sum(ActivityRow.minutes))
            .where(and_(ActivityRow.day >= start, ActivityRow.day <= end))
            .group_by(ActivityRow.day)
        )
        out = {start + timedelta(days=i): 0 for i in range((end - start).days + 1)}
        with self.reading() as s:
            for day, minutes in s.execute(query):
                out[day] = int(minutes or 0)
        return out

    def last_interactions(self, contact_ids: Sequence[int]) -> dict[int, date]:
        """The last interaction date for each of these contacts that has one."""
        if not contact_ids:
            return {}
        query = select(ContactRow.id, ContactRow.last_interaction_on).where(
            ContactRow.id.in_(list(contact_ids)), ContactRow.last_interaction_on.is_not(None))
        with self.reading() as s:
            return {cid: day for cid, day in s.execute(query) if day is not None}

    # ------------------------------------------------------------- messages

    def record_sent(self, message: SentMessageIn | dict[str, Any]) -> SentMessage:
        """Keep a sent message, log it as an interaction and apply the follow-up rules.

        An interview request moves its conversation to *requested* and starts the
        3B7 routine; a thank-you marks the conversation *thanked*.
        """
        valid = (
            message
            if isinstance(message, SentMessageIn)
            else parse(SentMessageIn, message, what="message")
        )
        if not has_visible_text(valid.text):
            raise ValidationProblem(
                "There is no message to record yet.",
                [Problem("has nothing in it to send: write the message first", field="text")],
                {"text": "The message has nothing in it to send yet. Write it first."},
            )
        when = valid.sent_at or now()
        with self.transaction() as s:
            contact = _model(Contact, self._contact_row(s, valid.contact_id))
            conv = (
                self._conversation_row(s, valid.conversation_id)
                if valid.conversation_id is not None
                else None
            )
            if conv is not None and conv.contact_id != contact.id:
                raise ConflictError("That conversation belongs to a different contact.")
            values = valid.model_dump(mode="python")
            values["sent_at"] = when
            row = SentMessageRow(**values)
            s.add(row)
            what = valid.purpose.replace("_", " ")
            s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value, minutes=10,
                              contact_id=contact.id, note=f"Sent a message ({what})"))
            s.flush()
            if valid.purpose in REQUEST_PURPOSES:
                if conv is not None and conv.status == Status.IDEA.value:
                    self._apply_status(s, conv, contact, Status.REQUESTED, when)
                elif conv is None:
                    for due in cadence.after_request(contact.first_name, when.date()):
                        self._add_due(s, contact.id, None, due)
            elif valid.purpose == "thank_you" and conv is not None and conv.status in (
                Status.HELD.value,
            ):
                self._apply_status(s, conv, contact, Status.THANKED, when)
            self._reschedule_keep_in_touch(s, contact)
            s.flush()
            return _model(SentMessage, row)

    def list_sent(self, *, contact_id: int | None = None, limit: int | None = None
                  ) -> list[SentMessage]:
        """Sent messages, newest first."""
        query = select(SentMessageRow).order_by(SentMessageRow.sent_at.desc(),
                                                SentMessageRow.id.desc())
        if contact_id is not None:
            query = query.where(SentMessageRow.contact_id == contact_id)
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as s:
            return [_model(SentMessage, row) for row in s.scalars(query)]

    # -------------------------------------------------------------- drafts

    def _draft_query(self, contact_id: int, conversation_id: int | None, channel: str,
                     purpose: str) -> Select[Any]:
        return select(DraftRow).where(_about(DraftRow, contact_id, conversation_id),
                                      DraftRow.channel == channel,
                                      DraftRow.purpose == purpose).order_by(DraftRow.id)

    def get_draft(self, contact_id: int, conversation_id: int | None, channel: str,
                  purpose: str) -> Draft | None:
        """The saved draft for this contact, conversation, channel and purpose."""
        with self.reading() as s:
            row = s.scalars(self._draft_query(contact_id, conversation_id, channel,
                                              purpose)).first()
            return _model(Draft, row) if row else None

    def save_draft(self, draft: DraftIn | dict[str, Any]) -> Draft:
        """Keep the learner's edits (one draft per contact, conversation, channel, purpose)."""
        valid = draft if isinstance(draft, DraftIn) else parse(DraftIn, draft, what="draft")
        with self.transaction() as s:
            self._contact_row(s, valid.contact_id)
            rows = s.scalars(self._draft_query(valid.contact_id, valid.conversation_id,
                                               valid.channel, valid.purpose)).all()
            if rows:
                row, *extra = rows
                for other in extra:
                    s.delete(other)
                row.text, row.based_on = valid.text, valid.based_on
            else:
                row = DraftRow(**valid.model_dump(mode="python"))
                s.add(row)
            s.flush()
            return _model(Draft, row)

    def delete_draft(self, contact_id: int, conversation_id: int | None, channel: str,
                     purpose: str) -> None:
        """Forget a draft (after it was sent, or to start over)."""
        with self.transaction() as s:
            for row in s.scalars(self._draft_query(contact_id, conversation_id, channel,
                                                   purpose)).all():
                s.delete(row)

    def latest_draft_channel(self, contact_id: int, conversation_id: int | None,
                             purpose: str) -> str | None:
        """The channel of the draft most recently edited for this purpose, if any."""
        query = (select(DraftRow.channel)
                 .where(_about(DraftRow, contact_id, conversation_id),
                        DraftRow.purpose == purpose)
                 .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc()).limit(1))
        with self.reading() as s:
            return s.scalar(query)

    def _detail_query(self, contact_id: int, conversation_id: int | None) -> Select[Any]:
        return select(DraftDetailRow).where(
            _about(DraftDetailRow, contact_id, conversation_id)).order_by(DraftDetailRow.id)

    def draft_details(self, contact_id: int, conversation_id: int | None) -> dict[str, str]:
        """Details typed for drafts to this contact and conversation."""
        with self.reading() as s:
            return {row.field: row.value
                    for row in s.scalars(self._detail_query(contact_id, conversation_id))}

    def set_draft_detail(self, contact_id: int, conversation_id: int | None, field: str,
                         value: str) -> None:
        """Keep (or, when empty, forget) one detail typed for drafts."""
        valid = parse(DraftDetailIn, {"contact_id": contact_id,
                                      "conversation_id": conversation_id, "field": field,
                                      "value": value}, what="draft detail")
        with self.transaction() as s:
            self._contact_row(s, contact_id)
            rows = [r for r in s.scalars(self._detail_query(contact_id, conversation_id))
                    if r.field == valid.field]
            for row in rows[1:]:
                s.delete(row)
            if not valid.value.strip():
                for row in rows[:1]:
                    s.delete(row)
            elif rows:
                rows[0].value = valid.value
            else:
                s.add(DraftDetailRow(**valid.model_dump(mode="python")))

    # ---------------------------------------------------------------- misc

    def is_empty(self) -> bool:
        """True when nothing at all has been stored yet."""
        with self.reading() as s:
            for table in (ProfileRow, ContactRow, ConversationRow, NoteRow, FollowUpRow,
                          ActivityRow, SentMessageRow, DraftRow, DraftDetailRow):
                if s.scalar(select(func.count()).select_from(table)):
                    return False
        return True


def _about(table: Any, contact_id: int, conversation_id: int | None) -> Any:
    """Rows for a contact and a conversation, where no conversation means "none"."""
    conv = (table.conversation_id.is_(None) if conversation_id is None
            else table.conversation_id == conversation_id)
    return and_(table.contact_id == contact_id, conv)


def _not_archived() -> Any:
    # A NOT IN over the (few) archived contacts, rather than a join, keeps the query
    # planner walking follow-ups by date however the statistics look.
    return FollowUpRow.contact_id.not_in(select(ContactRow.id).where(ContactRow.archived))


def _open() -> Any:
    return and_(FollowUpRow.done_at.is_(None), FollowUpRow.cancelled_at.is_(None))


def _in_list(which: FollowUpList, day: date, days_ahead: int) -> Any:
    """The condition that puts an open follow-up in one list of the Follow-ups page."""
    due = FollowUpRow.due_on
    snoozed = and_(FollowUpRow.snoozed_at.is_not(None), due > day)
    return {
        FollowUpList.OVERDUE: due < day,
        FollowUpList.TODAY: due == day,
        FollowUpList.THIS_WEEK: and_(due > day, due <= day + timedelta(days=days_ahead),
                                     not_(snoozed)),
        FollowUpList.COMING_UP: and_(due > day + timedelta(days=days_ahead), not_(snoozed)),
        FollowUpList.SNOOZED: snoozed,
    }[which]


def _contact_values(valid: ContactIn) -> dict[str, Any]:
    values = valid.model_dump(mode="python")
    values["tier"] = Tier(valid.tier).value
    values["reach_by"] = valid.reach_by.value if valid.reach_by else None
    return values
