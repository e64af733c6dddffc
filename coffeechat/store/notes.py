"""Notes: what the learner wrote down during and after a chat."""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import delete

from coffeechat.clock import now
from coffeechat.errors import ConflictError
from coffeechat.models import Note, NoteIn, NoteKind
from coffeechat.store._base import (
    OTHER_CONTACT,
    Repository,
    contact_row,
    conversation_row,
    model,
)
from coffeechat.store.tables import NoteRow
from coffeechat.validation import parse


class Notes(Repository):
    """Notes on a conversation (or one of its questions) or on a contact."""

    def add(self, note: NoteIn | dict[str, Any]) -> Note:
        """Store a note on a conversation (optionally one question) or on a contact."""
        valid = note if isinstance(note, NoteIn) else parse(NoteIn, note, what="note")
        with self._db.writing() as s:
            contact_id = valid.contact_id
            if valid.conversation_id is not None:
                conv = conversation_row(s, valid.conversation_id)
                if contact_id is not None and contact_id != conv.contact_id:
                    raise ConflictError(OTHER_CONTACT)
                contact_id = conv.contact_id
            if contact_id is None:
                raise ValueError("A note needs a contact or a conversation.")
            contact_row(s, contact_id)
            values = valid.model_dump(mode="python")
            values["contact_id"] = contact_id
            row = NoteRow(**values, created_at=now())
            s.add(row)
            s.flush()
            return model(Note, row)

    def set_for_question(self, conversation_id: int, question_id: str,
                         text: str) -> Note | None:
        """Keep one note per planned question: create, replace, or clear it when empty."""
        with self._db.writing() as s:
            conv = conversation_row(s, conversation_id)
            rows = s.scalars(self._select(NoteRow).where(
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
                return model(Note, keep)
            row = NoteRow(contact_id=conv.contact_id, conversation_id=conversation_id,
                          question_id=question_id, kind=NoteKind.NOTE.value, text=valid.text,
                          created_at=now())
            s.add(row)
            s.flush()
            return model(Note, row)

    def noted_question_ids(self, conversation_id: int) -> set[str]:
        """Planned questions that already have a note: plans keep them when they change."""
        query = self._select(NoteRow.question_id).where(
            NoteRow.conversation_id == conversation_id, NoteRow.question_id.is_not(None))
        with self._db.reading() as s:
            return {qid for qid in s.scalars(query) if qid}

    def delete(self, note_id: int) -> None:
        """Remove one note."""
        with self._db.writing() as s:
            s.execute(delete(NoteRow).where(NoteRow.id == note_id, self._mine(NoteRow)))

    def list(
        self,
        *,
        conversation_id: int | None = None,
        contact_id: int | None = None,
        kind: NoteKind | None = None,
        limit: int | None = None,
    ) -> builtins.list[Note]:
        """Notes, oldest first."""
        query = self._select(NoteRow).order_by(NoteRow.created_at, NoteRow.id)
        if conversation_id is not None:
            query = query.where(NoteRow.conversation_id == conversation_id)
        if contact_id is not None:
            query = query.where(NoteRow.contact_id == contact_id)
        if kind is not None:
            query = query.where(NoteRow.kind == kind.value)
        if limit is not None:
            query = query.limit(limit)
        with self._db.reading() as s:
            return [model(Note, row) for row in s.scalars(query)]
