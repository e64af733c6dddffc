"""The conversation workflow: what each move does, decided without a database.

A conversation goes from an idea to a kept relationship (see :mod:`coffeechat.cadence`
for the follow-up rules themselves). The functions here take records and return the
changes a move makes; the store applies those changes in one transaction, and the
pages only ask which moves to offer. Their tests need no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coffeechat import cadence
from coffeechat.models import (
    Contact,
    Conversation,
    FollowUp,
    FollowUpKind,
    Status,
)

#: Purposes whose sending counts as asking for a chat, which starts the 3B7 routine.
REQUEST_PURPOSES = frozenset({"interview_request"})

#: Doing one of these follow-ups counts as an interaction with the contact.
INTERACTION_KINDS = frozenset({FollowUpKind.KEEP_IN_TOUCH, FollowUpKind.REPORT_BACK,
                               FollowUpKind.FOLLOW_UP})


@dataclass(frozen=True)
class ChatLog:
    """A held chat, logged as networking time with the contact."""

    minutes: int
    note: str


@dataclass(frozen=True)
class Move:
    """What moving a conversation to a new status changes."""

    status: Status
    #: The conversation's agreed time and held time after the move.
    scheduled_at: datetime | None
    held_at: datetime | None
    #: Follow-ups the rules ask for now.
    add: tuple[cadence.Due, ...] = ()
    #: Cancel the no-reply follow-ups (they said yes, or the chat happened).
    cancel_waiting: bool = False
    #: Open follow-ups of these kinds on the conversation are done by this move.
    complete: tuple[FollowUpKind, ...] = ()
    #: Cancel every open follow-up of the conversation.
    cancel_open: bool = False
    #: Log the chat as an interaction, which also restarts keep-in-touch.
    chat: ChatLog | None = None


def move(conversation: Conversation, contact: Contact, target: Status,
         when: datetime) -> Move | None:
    """The changes of moving ``conversation`` to ``target`` at ``when``; None if no move."""
    previous = conversation.status
    if previous == target:
        return None
    scheduled_at, held_at = conversation.scheduled_at, conversation.held_at
    if previous == Status.CLOSED:
        # Reopening picks the conversation up where it was; it is not a new chat,
        # so no reminders or activity are repeated.
        return Move(target, scheduled_at, held_at)
    first, today = contact.first_name, when.date()
    if target == Status.REQUESTED:
        return Move(target, scheduled_at, held_at, add=tuple(cadence.after_request(first, today)))
    if target == Status.SCHEDULED:
        return Move(target, cadence.agreed_time(conversation.proposed_at, scheduled_at),
                    held_at, cancel_waiting=True)
    if target == Status.HELD:
        return Move(target, scheduled_at, when, add=tuple(cadence.after_held(first, today)),
                    cancel_waiting=True,
                    chat=ChatLog(conversation.budget_minutes, f"Chat with {contact.name}"[:200]))
    if target == Status.THANKED:
        return Move(target, scheduled_at, held_at, add=tuple(cadence.after_thanked(first, today)),
                    complete=(FollowUpKind.THANK_YOU,))
    if target == Status.CLOSED:
        return Move(target, scheduled_at, held_at, cancel_open=True)
    return Move(target, scheduled_at, held_at)


@dataclass(frozen=True)
class AfterSent:
    """What sending a message changes besides keeping it."""

    #: Move the conversation to this status.
    move_to: Status | None = None
    #: Follow-ups for a request sent without a conversation.
    add: tuple[cadence.Due, ...] = field(default=())


def after_sent(purpose: str, conversation: Conversation | None, contact: Contact,
               when: datetime) -> AfterSent:
    """An interview request starts the 3B7 routine; a thank-you marks the chat thanked."""
    if purpose in REQUEST_PURPOSES:
        if conversation is None:
            return AfterSent(add=tuple(cadence.after_request(contact.first_name, when.date())))
        if conversation.status == Status.IDEA:
            return AfterSent(move_to=Status.REQUESTED)
    elif purpose == "thank_you" and conversation is not None \
            and conversation.status == Status.HELD:
        return AfterSent(move_to=Status.THANKED)
    return AfterSent()


@dataclass(frozen=True)
class AfterDone:
    """What marking a follow-up done changes besides the follow-up itself."""

    #: Log it as an interaction with the contact (restarts keep-in-touch).
    interaction: bool = False
    #: Move the conversation to this status.
    move_to: Status | None = None


def after_done(followup: FollowUp, conversation: Conversation | None) -> AfterDone:
    """Keeping in touch counts as an interaction; a sent thank-you marks the chat thanked."""
    if followup.done_at is not None:
        return AfterDone()
    thanked = (followup.kind == FollowUpKind.THANK_YOU and conversation is not None
               and conversation.status == Status.HELD)
    return AfterDone(interaction=followup.kind in INTERACTION_KINDS,
                     move_to=Status.THANKED if thanked else None)
