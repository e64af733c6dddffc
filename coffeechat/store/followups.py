"""Follow-ups: the reminders the rules schedule and the learner's own."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, not_, select, update
from sqlalchemy.orm import Session

from coffeechat import cadence, workflow
from coffeechat.clock import now
from coffeechat.models import (
    ActivityKind,
    Contact,
    Conversation,
    FollowUp,
    FollowUpIn,
    FollowUpKind,
    greeting_name,
)
from coffeechat.store._base import (
    Repository,
    contact_row,
    conversation_row,
    followup_row,
    is_open,
    model,
    not_archived,
    owned,
)
from coffeechat.store.tables import ActivityRow, ContactRow, ConversationRow, FollowUpRow
from coffeechat.validation import parse


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


class FollowUps(Repository):
    """Add, list, complete, snooze and cancel follow-ups."""

    def add(self, followup: FollowUpIn | dict[str, Any]) -> FollowUp:
        """Store a follow-up of the learner's own."""
        valid = (
            followup
            if isinstance(followup, FollowUpIn)
            else parse(FollowUpIn, followup, what="follow-up")
        )
        with self._db.writing() as s:
            contact_row(s, valid.contact_id)
            if valid.conversation_id is not None:
                conversation_row(s, valid.conversation_id)
            row = FollowUpRow(**valid.model_dump(mode="python"), created_at=now())
            s.add(row)
            s.flush()
            return model(FollowUp, row)

    def get(self, followup_id: int) -> FollowUp:
        """One follow-up."""
        with self._db.reading() as s:
            return model(FollowUp, followup_row(s, followup_id))

    def complete(self, followup_id: int, *, at: datetime | None = None) -> FollowUp:
        """Mark a follow-up done. Doing a keep-in-touch counts as an interaction."""
        when = at or now()
        with self._db.writing() as s:
            row = followup_row(s, followup_id)
            conv = (conversation_row(s, row.conversation_id)
                    if row.conversation_id else None)
            effects = workflow.after_done(
                model(FollowUp, row), model(Conversation, conv) if conv else None)
            if row.done_at is None:
                row.done_at = when
            if effects.interaction:
                s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value,
                                  minutes=10, contact_id=row.contact_id, note="Followed up"))
                s.flush()
                reschedule_keep_in_touch(s, model(Contact, contact_row(s, row.contact_id)))
            if effects.move_to is not None and conv is not None:
                contact = model(Contact, contact_row(s, row.contact_id))
                apply_move(s, conv, contact, effects.move_to, when)
            s.flush()
            return model(FollowUp, row)

    def snooze(self, followup_id: int, days: int) -> FollowUp:
        """Move a follow-up's date later (from today if it is already overdue)."""
        if not 1 <= days <= 365:
            raise ValueError("Snooze for 1 to 365 days.")
        with self._db.writing() as s:
            row = followup_row(s, followup_id)
            stamp = now()
            start = max(row.due_on, stamp.date())
            row.due_on = start + timedelta(days=days)
            row.snoozed_at = stamp
            s.flush()
            return model(FollowUp, row)

    def cancel(self, followup_id: int) -> FollowUp:
        """Drop a follow-up without doing it."""
        with self._db.writing() as s:
            row = followup_row(s, followup_id)
            if row.done_at is None and row.cancelled_at is None:
                row.cancelled_at = now()
            s.flush()
            return model(FollowUp, row)

    def list(
        self,
        *,
        contact_id: int | None = None,
        conversation_id: int | None = None,
        open_only: bool = True,
        due_before: date | None = None,
        limit: int | None = None,
    ) -> builtins.list[FollowUp]:
        """Follow-ups, soonest first."""
        query = self._select(FollowUpRow).order_by(FollowUpRow.due_on, FollowUpRow.id)
        if contact_id is not None:
            query = query.where(FollowUpRow.contact_id == contact_id)
        if conversation_id is not None:
            query = query.where(FollowUpRow.conversation_id == conversation_id)
        if open_only:
            query = query.where(is_open())
        if due_before is not None:
            query = query.where(FollowUpRow.due_on <= due_before)
        if limit is not None:
            query = query.limit(limit)
        with self._db.reading() as s:
            return [model(FollowUp, row) for row in s.scalars(query)]

    def agenda(self, today: date | None = None, *, days_ahead: int = 7,
               limit: int = 200) -> Agenda:
        """Open follow-ups: overdue, due today, and the coming days (``limit`` each)."""
        day = today or now().date()
        horizon = day + timedelta(days=days_ahead)
        base = (
            self._select(FollowUpRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(is_open(), not_archived(self._scope.account_id))
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
            .limit(limit)
        )
        buckets = (
            base.where(FollowUpRow.due_on < day),
            base.where(FollowUpRow.due_on == day),
            base.where(FollowUpRow.due_on > day, FollowUpRow.due_on <= horizon),
        )
        out: builtins.list[builtins.list[FollowUpView]] = []
        with self._db.reading() as s:
            for query in buckets:
                out.append([FollowUpView(model(FollowUp, row), name)
                            for row, name in s.execute(query)])
        return Agenda(*out)

    def count_due(self, today: date | None = None, *, days_ahead: int = 7) -> tuple[int, int, int]:
        """How many open follow-ups are overdue, due today, and due in the coming days."""
        day = today or now().date()
        base = select(func.count()).select_from(FollowUpRow).where(
            self._mine(FollowUpRow), is_open(), not_archived(self._scope.account_id))
        with self._db.reading() as s:
            overdue = s.scalar(base.where(FollowUpRow.due_on < day)) or 0
            due_today = s.scalar(base.where(FollowUpRow.due_on == day)) or 0
            week = s.scalar(base.where(FollowUpRow.due_on > day,
                                       FollowUpRow.due_on <= day + timedelta(days=days_ahead)))
        return int(overdue), int(due_today), int(week or 0)

    def page(self, which: FollowUpList, today: date | None = None, *,
             days_ahead: int = 7, limit: int = 20, offset: int = 0
             ) -> builtins.list[FollowUpView]:
        """One page of one Follow-ups list, soonest first.

        "This week" and "Coming up" leave out snoozed follow-ups that are not due yet:
        those are listed under "Snoozed" until their day comes.
        """
        day = today or now().date()
        query = (
            self._select(FollowUpRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(is_open(), not_archived(self._scope.account_id),
                   _in_list(which, day, days_ahead))
            .order_by(FollowUpRow.due_on, FollowUpRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self._db.reading() as s:
            return [FollowUpView(model(FollowUp, row), name) for row, name in s.execute(query)]

    def counts(self, today: date | None = None, *, days_ahead: int = 7
               ) -> dict[FollowUpList, int]:
        """How many open follow-ups each list holds, in one query."""
        day = today or now().date()
        query = select(*(
            func.coalesce(func.sum(case((_in_list(which, day, days_ahead), 1), else_=0)), 0)
            for which in FollowUpList
        )).select_from(FollowUpRow).where(
            self._mine(FollowUpRow), is_open(), not_archived(self._scope.account_id))
        with self._db.reading() as s:
            row = s.execute(query).one()
        return {which: int(n) for which, n in zip(FollowUpList, row, strict=True)}


# ------------------------------------------------------------------------------------
# What the workflow's changes do to follow-ups, inside a caller's transaction.


def add_due(s: Session, contact_id: int, conversation_id: int | None,
            due: cadence.Due) -> None:
    """Store one follow-up the rules ask for."""
    s.add(FollowUpRow(contact_id=contact_id, conversation_id=conversation_id,
                      kind=due.kind.value, due_on=due.due_on, text=due.text,
                      created_at=now()))


def cancel_waiting(s: Session, contact_id: int, conversation_id: int | None,
                   when: datetime) -> None:
    """Cancel the no-reply follow-ups of a conversation (or, without one, the contact's)."""
    kinds = [k.value for k in cadence.WAITING_FOR_REPLY]
    scope = (
        FollowUpRow.conversation_id == conversation_id
        if conversation_id is not None
        else FollowUpRow.contact_id == contact_id
    )
    s.execute(
        update(FollowUpRow)
        .where(scope, FollowUpRow.kind.in_(kinds), is_open(), owned(s, FollowUpRow))
        .values(cancelled_at=when)
    )


def apply_move(s: Session, row: ConversationRow, contact: Contact, target: Any,
               when: datetime) -> None:
    """Move a conversation to ``target``, with every change the workflow asks for."""
    change = workflow.move(model(Conversation, row), contact, target, when)
    if change is None:
        return
    row.status = change.status.value
    row.updated_at = when
    row.scheduled_at, row.held_at = change.scheduled_at, change.held_at
    if change.cancel_waiting:
        cancel_waiting(s, contact.id, row.id, when)
    if change.complete:
        s.execute(
            update(FollowUpRow)
            .where(FollowUpRow.conversation_id == row.id, owned(s, FollowUpRow),
                   FollowUpRow.kind.in_([k.value for k in change.complete]), is_open())
            .values(done_at=when)
        )
    for due in change.add:
        add_due(s, contact.id, row.id, due)
    if change.cancel_open:
        s.execute(update(FollowUpRow)
                  .where(FollowUpRow.conversation_id == row.id, is_open(),
                         owned(s, FollowUpRow))
                  .values(cancelled_at=when))
    if change.chat is not None:
        s.add(ActivityRow(day=when.date(), kind=ActivityKind.CHAT.value,
                          minutes=change.chat.minutes, contact_id=contact.id,
                          note=change.chat.note))
        s.flush()
        reschedule_keep_in_touch(s, contact)


def reschedule_keep_in_touch(s: Session, contact: Contact) -> None:
    """Keep one open keep-in-touch per contact, due a cadence after the last interaction.

    The row is updated in place, so its calendar UID stays stable.
    """
    last = s.scalar(
        select(func.max(ActivityRow.day)).where(ActivityRow.contact_id == contact.id,
                                                owned(s, ActivityRow))
    )
    # Kept on the contact too, so lists and "gone quiet" need no aggregate query.
    s.execute(update(ContactRow).where(ContactRow.id == contact.id, owned(s, ContactRow))
              .values(last_interaction_on=last))
    existing = s.scalars(
        select(FollowUpRow).where(
            FollowUpRow.contact_id == contact.id, owned(s, FollowUpRow),
            FollowUpRow.kind == FollowUpKind.KEEP_IN_TOUCH.value,
            is_open(),
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
        add_due(s, contact.id, None, due)


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
