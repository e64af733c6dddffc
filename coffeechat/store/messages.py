"""Messages: what the learner sent, the replies they got, and drafts in progress."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import Select

from coffeechat import workflow
from coffeechat.clock import now
from coffeechat.errors import ConflictError, InvalidInputError, Problem
from coffeechat.models import (
    ActivityKind,
    Contact,
    Conversation,
    Draft,
    DraftDetailIn,
    DraftIn,
    SentMessage,
    SentMessageIn,
)
from coffeechat.store._base import (
    OTHER_CONTACT,
    Repository,
    about,
    contact_row,
    conversation_row,
    model,
)
from coffeechat.store.followups import (
    add_due,
    apply_move,
    cancel_waiting,
    reschedule_keep_in_touch,
)
from coffeechat.store.tables import ActivityRow, DraftDetailRow, DraftRow, SentMessageRow
from coffeechat.validation import has_visible_text, parse


class Messages(Repository):
    """Sent messages, replies, drafts and the details typed for drafts."""

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
            raise InvalidInputError(
                "There is no message to record yet.",
                [Problem("has nothing in it to send: write the message first", field="text")],
                {"text": "The message has nothing in it to send yet. Write it first."},
            )
        when = valid.sent_at or now()
        with self._db.writing() as s:
            contact = model(Contact, contact_row(s, valid.contact_id))
            conv = (
                conversation_row(s, valid.conversation_id)
                if valid.conversation_id is not None
                else None
            )
            if conv is not None and conv.contact_id != contact.id:
                raise ConflictError(OTHER_CONTACT)
            values = valid.model_dump(mode="python")
            values["sent_at"] = when
            row = SentMessageRow(**values)
            s.add(row)
            what = valid.purpose.replace("_", " ")
            s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value, minutes=10,
                              contact_id=contact.id, note=f"Sent a message ({what})"))
            s.flush()
            effects = workflow.after_sent(
                valid.purpose, model(Conversation, conv) if conv is not None else None,
                contact, when)
            if effects.move_to is not None and conv is not None:
                apply_move(s, conv, contact, effects.move_to, when)
            for due in effects.add:
                add_due(s, contact.id, None, due)
            reschedule_keep_in_touch(s, contact)
            s.flush()
            return model(SentMessage, row)

    def record_reply(self, contact_id: int, *, conversation_id: int | None = None,
                     at: datetime | None = None) -> None:
        """They replied: cancel the no-reply reminders and count it as an interaction."""
        when = at or now()
        with self._db.writing() as s:
            contact = model(Contact, contact_row(s, contact_id))
            cancel_waiting(s, contact_id, conversation_id, when)
            if conversation_id is None:
                cancel_waiting(s, contact_id, None, when)
            s.add(ActivityRow(day=when.date(), kind=ActivityKind.MESSAGE.value, minutes=5,
                              contact_id=contact_id, note="They replied"))
            s.flush()
            reschedule_keep_in_touch(s, contact)

    def list_sent(self, *, contact_id: int | None = None, limit: int | None = None
                  ) -> builtins.list[SentMessage]:
        """Sent messages, newest first."""
        query = self._select(SentMessageRow).order_by(SentMessageRow.sent_at.desc(),
                                                SentMessageRow.id.desc())
        if contact_id is not None:
            query = query.where(SentMessageRow.contact_id == contact_id)
        if limit is not None:
            query = query.limit(limit)
        with self._db.reading() as s:
            return [model(SentMessage, row) for row in s.scalars(query)]

    # -------------------------------------------------------------- drafts

    def get_draft(self, contact_id: int, conversation_id: int | None, channel: str,
                  purpose: str) -> Draft | None:
        """The saved draft for this contact, conversation, channel and purpose."""
        with self._db.reading() as s:
            row = s.scalars(self._draft_query(contact_id, conversation_id, channel,
                                         purpose)).first()
            return model(Draft, row) if row else None

    def save_draft(self, draft: DraftIn | dict[str, Any]) -> Draft:
        """Keep the learner's edits (one draft per contact, conversation, channel, purpose)."""
        valid = draft if isinstance(draft, DraftIn) else parse(DraftIn, draft, what="draft")
        with self._db.writing() as s:
            contact_row(s, valid.contact_id)
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
            return model(Draft, row)

    def delete_draft(self, contact_id: int, conversation_id: int | None, channel: str,
                     purpose: str) -> None:
        """Forget a draft (after it was sent, or to start over)."""
        with self._db.writing() as s:
            for row in s.scalars(self._draft_query(contact_id, conversation_id, channel,
                                              purpose)).all():
                s.delete(row)

    def latest_draft_channel(self, contact_id: int, conversation_id: int | None,
                             purpose: str) -> str | None:
        """The channel of the draft most recently edited for this purpose, if any."""
        query = (self._select(DraftRow.channel)
                 .where(about(DraftRow, contact_id, conversation_id),
                        DraftRow.purpose == purpose)
                 .order_by(DraftRow.updated_at.desc(), DraftRow.id.desc()).limit(1))
        with self._db.reading() as s:
            channel: str | None = s.scalar(query)
            return channel

    def draft_details(self, contact_id: int, conversation_id: int | None) -> dict[str, str]:
        """Details typed for drafts to this contact and conversation."""
        with self._db.reading() as s:
            return {row.field: row.value
                    for row in s.scalars(self._detail_query(contact_id, conversation_id))}

    def set_draft_detail(self, contact_id: int, conversation_id: int | None, field: str,
                         value: str) -> None:
        """Keep (or, when empty, forget) one detail typed for drafts."""
        valid = parse(DraftDetailIn, {"contact_id": contact_id,
                                      "conversation_id": conversation_id, "field": field,
                                      "value": value}, what="draft detail")
        with self._db.writing() as s:
            contact_row(s, contact_id)
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

    def _draft_query(self, contact_id: int, conversation_id: int | None, channel: str,
                     purpose: str) -> Select[Any]:
        return self._select(DraftRow).where(
            about(DraftRow, contact_id, conversation_id), DraftRow.channel == channel,
            DraftRow.purpose == purpose).order_by(DraftRow.id)

    def _detail_query(self, contact_id: int, conversation_id: int | None) -> Select[Any]:
        return self._select(DraftDetailRow).where(
            about(DraftDetailRow, contact_id, conversation_id)).order_by(DraftDetailRow.id)
