"""Conversations: each chat with a contact, its plan and where it stands."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func

from coffeechat.clock import now
from coffeechat.models import (
    STATUS_ORDER,
    Contact,
    Conversation,
    ConversationIn,
    Status,
)
from coffeechat.store._base import Repository, contact_row, conversation_row, model
from coffeechat.store.followups import apply_move
from coffeechat.store.tables import ContactRow, ConversationRow, row_dict
from coffeechat.validation import parse


class Conversations(Repository):
    """Start, plan and move conversations along."""

    def add(self, conversation: ConversationIn | dict[str, Any]) -> Conversation:
        """Store a new conversation with a contact."""
        valid = (
            conversation
            if isinstance(conversation, ConversationIn)
            else parse(ConversationIn, conversation, what="conversation")
        )
        stamp = now()
        with self._db.writing() as s:
            contact_row(s, valid.contact_id)
            row = ConversationRow(
                **valid.model_dump(mode="python"), created_at=stamp, updated_at=stamp
            )
            s.add(row)
            s.flush()
            return model(Conversation, row)

    def get(self, conversation_id: int) -> Conversation:
        """One conversation."""
        with self._db.reading() as s:
            return model(Conversation, conversation_row(s, conversation_id))

    def update(self, conversation_id: int, **changes: Any) -> Conversation:
        """Change a conversation's details (not its status: use :meth:`set_status`)."""
        if "status" in changes:
            raise ValueError("Change the status with set_status so follow-ups stay right.")
        with self._db.writing() as s:
            row = conversation_row(s, conversation_id)
            data = row_dict(row)
            for key in ("id", "held_at", "created_at", "updated_at"):
                data.pop(key)
            data.update(changes)
            valid = parse(ConversationIn, data, what="conversation")
            for key, value in valid.model_dump(mode="python").items():
                setattr(row, key, value)
            row.updated_at = now()
            s.flush()
            return model(Conversation, row)

    def save_plan(self, conversation_id: int, question_ids: Sequence[str]) -> Conversation:
        """Keep the planned question ids, in order, on the conversation."""
        return self.update(conversation_id, plan=list(question_ids))

    def list(
        self,
        *,
        contact_id: int | None = None,
        status: Status | str | None = None,
        limit: int | None = None,
    ) -> builtins.list[Conversation]:
        """Conversations, newest first."""
        query = self._select(ConversationRow).order_by(
            ConversationRow.updated_at.desc(), ConversationRow.id.desc()
        )
        if contact_id is not None:
            query = query.where(ConversationRow.contact_id == contact_id)
        if status is not None:
            query = query.where(ConversationRow.status == str(status))
        if limit is not None:
            query = query.limit(limit)
        with self._db.reading() as s:
            return [model(Conversation, row) for row in s.scalars(query)]

    def upcoming(self, start: datetime, end: datetime, *, limit: int = 50
                 ) -> builtins.list[tuple[Conversation, str]]:
        """Scheduled (not yet held) conversations between two times, soonest first."""
        query = (
            self._select(ConversationRow, ContactRow.name)
            .join(ContactRow, ContactRow.id == ConversationRow.contact_id)
            .where(ConversationRow.scheduled_at.is_not(None),
                   ConversationRow.scheduled_at >= start, ConversationRow.scheduled_at < end,
                   ConversationRow.status.in_([Status.IDEA.value, Status.REQUESTED.value,
                                               Status.SCHEDULED.value]),
                   ContactRow.archived.is_(False))
            .order_by(ConversationRow.scheduled_at)
            .limit(limit)
        )
        with self._db.reading() as s:
            return [(model(Conversation, row), name) for row, name in s.execute(query)]

    def status_counts(self) -> dict[Status, int]:
        """How many conversations are at each status, for the funnel."""
        query = self._select(ConversationRow.status, func.count()).group_by(ConversationRow.status)
        counts = dict.fromkeys(STATUS_ORDER, 0)
        with self._db.reading() as s:
            for status, count in s.execute(query):
                counts[Status(status)] = int(count)
        return counts

    def set_status(
        self, conversation_id: int, status: Status | str, *, at: datetime | None = None
    ) -> Conversation:
        """Move a conversation along, scheduling or cancelling follow-ups as the rules say."""
        target = Status(status)
        when = at or now()
        with self._db.writing() as s:
            row = conversation_row(s, conversation_id)
            contact = model(Contact, contact_row(s, row.contact_id))
            apply_move(s, row, contact, target, when)
            s.flush()
            return model(Conversation, row)

    def schedule(self, conversation_id: int, agreed_at: datetime | None = None, *,
                 at: datetime | None = None) -> Conversation:
        """They said yes: keep the agreed time (else the proposed one) and mark it scheduled.

        Only this agreement cancels the no-reply follow-ups; a proposed time does not.
        """
        when = at or now()
        with self._db.writing() as s:
            row = conversation_row(s, conversation_id)
            if agreed_at is not None:
                row.scheduled_at = agreed_at
            contact = model(Contact, contact_row(s, row.contact_id))
            apply_move(s, row, contact, Status.SCHEDULED, when)
            row.updated_at = when
            s.flush()
            return model(Conversation, row)
