"""The conversation workflow: what each move does, decided without a database.

A conversation goes from an idea to a kept relationship (see :mod:`coffeechat.cadence`
for the follow-up rules themselves). The functions here take records and return the
changes a move makes; the store applies those changes in one transaction, and the
pages only ask which moves to offer. Their tests need no database.

Besides the status machine this holds the other decisions the pages used to make:
how a conversation starts, which time the learner is editing, where an added question
goes, and when a message may be recorded as sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from coffeechat import cadence
from coffeechat.banks import Bank, guess_audience
from coffeechat.models import (
    CATEGORY_ORDER,
    STATUS_LABELS,
    STATUS_ORDER,
    Contact,
    Conversation,
    ConversationFormat,
    ConversationIn,
    FollowUp,
    FollowUpKind,
    Plan,
    Profile,
    SentMessage,
    Status,
)
from coffeechat.planner import make_plan
from coffeechat.validation import parse

if TYPE_CHECKING:
    from coffeechat.outreach.coach import CoachReport

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


@dataclass(frozen=True)
class MoveOffer:
    """A status move the Notes page offers, as the button the learner presses."""

    target: Status
    label: str
    primary: bool = False
    #: A question to answer before moving: the move then sits behind ``confirm_label``.
    confirm: str | None = None
    confirm_label: str = ""
    #: Shown next to the offer, about where the conversation stands.
    note: str | None = None
    #: What to tell the learner once the move is made.
    done: str = ""


def _marked(target: Status) -> str:
    return f"Marked as {STATUS_LABELS[target].lower()}"


def allowed_moves(conversation: Conversation, contact: Contact, today: date) -> list[MoveOffer]:
    """The moves to offer from where ``conversation`` stands, in the order they show."""
    status = conversation.status
    first = contact.first_name
    offers: list[MoveOffer] = []
    if status in (Status.IDEA, Status.REQUESTED):
        offers.append(MoveOffer(Status.SCHEDULED, "They said yes: scheduled",
                                done=_marked(Status.SCHEDULED)))
    held = (f"Marked as held. Thank {first} within 24 hours: a reminder is on your "
            "follow-ups.")
    # Before its day, "held" is usually a slip: ask first, as marking it held starts
    # the thank-you reminder and counts the chat's minutes.
    early = cadence.held_needs_confirmation(conversation, today)
    if early:
        offers.append(MoveOffer(Status.HELD, "Mark as held", primary=True, confirm=early,
                                confirm_label="Yes, it already happened", done=held))
    elif STATUS_ORDER.index(status) < STATUS_ORDER.index(Status.HELD):
        offers.append(MoveOffer(Status.HELD, "Mark as held", primary=True, done=held))
    if status == Status.HELD:
        offers.append(MoveOffer(Status.THANKED, "I've thanked them", primary=True,
                                done=_marked(Status.THANKED)))
    if status == Status.CLOSED:
        # Reopening picks the chat up where it was (see move): held if it happened.
        back = Status.HELD if conversation.held_at else Status.IDEA
        offers.append(MoveOffer(
            back, "Reopen", done=_marked(back),
            note="This conversation is closed: its reminders were cancelled. Reopen it if "
                 "you pick it up again."))
    else:
        offers.append(MoveOffer(
            Status.CLOSED, "Close this conversation", confirm_label="Yes, close it",
            confirm="Closing cancels this chat's open reminders. Keep-in-touch reminders "
                    f"for {first} stay. You can reopen it later.",
            done="Closed. You can reopen it any time."))
    return offers


@dataclass(frozen=True)
class MeetingTime:
    """The time of a chat the learner can still change, and which one it is."""

    #: They said yes: this is the agreed time, else the one the learner proposes.
    agreed: bool
    #: The conversation field the time is kept in.
    field: str
    at: datetime | None


def meeting_time(conversation: Conversation) -> MeetingTime | None:
    """The proposed time until they agree, the agreed time after; None once it happened."""
    if conversation.status not in (Status.IDEA, Status.REQUESTED, Status.SCHEDULED):
        return None
    if conversation.status == Status.SCHEDULED:
        return MeetingTime(True, "scheduled_at", conversation.scheduled_at)
    return MeetingTime(False, "proposed_at", conversation.proposed_at)


@dataclass(frozen=True)
class ChatSetup:
    """What a new conversation starts as, before the learner changes anything."""

    role: str
    audience: str
    format: ConversationFormat = ConversationFormat.COFFEE
    minutes: int = 20


def default_role(bank: Bank, profile: Profile) -> str:
    """The role a chat is about unless the learner picks another: their target role."""
    return profile.target_role if profile.target_role in bank.roles else next(iter(bank.roles))


def chat_setup(bank: Bank, profile: Profile, contact: Contact) -> ChatSetup:
    """The starting choices for a new chat with ``contact``."""
    role = default_role(bank, profile)
    # Who they are is guessed from their job title and what you share; the learner
    # can change it.
    background = " ".join(x for x in (contact.common_ground, contact.met_how) if x)
    return ChatSetup(role, guess_audience(bank, contact.title, background=background, role=role))


def chat_focus(bank: Bank, profile: Profile, contact: Contact,
               conversation: Conversation) -> tuple[str, str]:
    """The role and audience a stored chat is planned for; ids gone from the banks fall back."""
    role = conversation.role if conversation.role in bank.roles else default_role(bank, profile)
    audience = (conversation.audience if conversation.audience in bank.audiences
                else guess_audience(bank, contact.title, role=role))
    return role, audience


def start_conversation(bank: Bank, contact: Contact, *, role: str, audience: str,
                       minutes: int, format: ConversationFormat | str = ConversationFormat.COFFEE,
                       goal: str | None = None, why_them: str | None = None,
                       day: date | None = None, at: time | None = None
                       ) -> tuple[ConversationIn, Plan]:
    """A new conversation with ``contact`` and its proposed plan, ready to store.

    It starts as an idea whatever the date: a date typed while planning is a proposal,
    not an agreement, so nothing is booked and no follow-up is cancelled.
    """
    plan = make_plan(bank, role, audience, minutes=minutes)
    conversation = parse(ConversationIn, {
        "contact_id": contact.id,
        "format": format,
        "budget_minutes": minutes,
        "status": Status.IDEA,
        "role": role,
        "audience": audience,
        "goal": goal,
        "why_them": why_them,
        "proposed_at": cadence.chat_time(day, at),
        "plan": plan.ids,
    }, what="conversation")
    return conversation, plan


def insert_question(bank: Bank, plan: Sequence[str], question_id: str) -> list[str]:
    """The plan with a question added in its section: after the same or earlier sections.

    A question already in the plan, or one not in the banks, leaves the plan as it is.
    """
    new = bank.questions.get(question_id)
    if new is None or question_id in plan:
        return list(plan)
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    position = len(plan)
    for i, qid in enumerate(plan):
        other = bank.question(qid)
        if other is not None and order[other.category] > order[new.category]:
            position = i
            break
    return [*plan[:position], question_id, *plan[position:]]


@dataclass(frozen=True)
class SendGuard:
    """Whether "I sent it" may record a message, and why not."""

    #: This very message was already recorded as sent (the newest of its purpose).
    already_sent: SentMessage | None
    #: The coach found something to fix: the learner confirms before sending anyway.
    needs_confirmation: bool

    def allows(self, *, anyway: bool = False) -> bool:
        """True if recording the message as sent is allowed (``anyway``: confirmed)."""
        return self.already_sent is None and (anyway or not self.needs_confirmation)


def send_guard(text: str, purpose: str, sent_history: Sequence[SentMessage],
               report: CoachReport) -> SendGuard:
    """The guard on recording ``text`` as sent; ``sent_history`` is newest first.

    Only the newest message counts as a repeat, so sending the same words again later
    (a second thank-you, say) is still possible.
    """
    last = sent_history[0] if sent_history else None
    repeat = last if last is not None and last.text == text and last.purpose == purpose else None
    return SendGuard(repeat, bool(report.errors))
