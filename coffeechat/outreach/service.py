"""Drafting from stored records: the one function the CLI and the Outreach page call."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.banks import Bank, current_bank
from coffeechat.errors import ConflictError
from coffeechat.models import (
    Contact,
    Conversation,
    FollowUpKind,
    LinkedInPlan,
    Profile,
    ReachBy,
    SentMessage,
    Status,
    Tier,
)
from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.coach import CoachReport, coach
from coffeechat.outreach.context import DraftContext, build_context, with_details
from coffeechat.outreach.drafts import OutreachTemplate, find_template, render_draft
from coffeechat.store import Store


@dataclass(frozen=True)
class DraftResult:
    """A rendered draft, the coach's review, and what it was made from."""

    text: str
    report: CoachReport
    template: OutreachTemplate
    context: DraftContext


_CHANNELS_FOR_REACH_BY = {
    ReachBy.LINKEDIN: (Channel.LINKEDIN_MESSAGE, Channel.LINKEDIN_NOTE),
    ReachBy.EMAIL: (Channel.EMAIL,),
    ReachBy.DISCORD: (Channel.DISCORD_DM,),
    ReachBy.X: (Channel.X_DM,),
    ReachBy.IN_PERSON: (Channel.IN_PERSON_FOLLOWUP, Channel.EMAIL),
}


_PURPOSE_FOR_FOLLOWUP = {
    FollowUpKind.THANK_YOU: Purpose.THANK_YOU,
    FollowUpKind.FOLLOW_UP: Purpose.NO_REPLY_FOLLOWUP,
    FollowUpKind.KEEP_IN_TOUCH: Purpose.KEEP_IN_TOUCH,
    FollowUpKind.REPORT_BACK: Purpose.KEEP_IN_TOUCH,
}


def purpose_for_followup(kind: FollowUpKind) -> Purpose | None:
    """The message a follow-up asks for, if it is one the templates can draft."""
    return _PURPOSE_FOR_FOLLOWUP.get(kind)


def suggested_purpose(conversation: Conversation | None) -> str:
    """The message a conversation most likely needs next."""
    if conversation is None:
        return Purpose.FIRST_CONTACT.value
    return {
        Status.IDEA: Purpose.INTERVIEW_REQUEST,
        Status.REQUESTED: Purpose.NO_REPLY_FOLLOWUP,
        Status.SCHEDULED: Purpose.INTERVIEW_REQUEST,
        Status.HELD: Purpose.THANK_YOU,
        Status.THANKED: Purpose.KEEP_IN_TOUCH,
        Status.CLOSED: Purpose.KEEP_IN_TOUCH,
    }[conversation.status].value


def context_for(store: Store, *, contact_id: int | None = None,
                conversation_id: int | None = None,
                extra: dict[str, Any] | None = None, bank: Bank | None = None) -> DraftContext:
    """Build the draft context from the profile, a contact and a conversation."""
    profile = store.profile.get()
    conversation = store.conversations.get(conversation_id) if conversation_id else None
    if conversation is not None:
        if contact_id is not None and contact_id != conversation.contact_id:
            raise ConflictError(
                f"Conversation {conversation.id} is with a different contact, so no draft was "
                "written. Give just the conversation, or one of this contact's own "
                "conversations.")
        contact_id = conversation.contact_id
    contact = store.contacts.get(contact_id) if contact_id else None
    return context_of(store, profile, contact, conversation, extra=extra, bank=bank)


def context_of(store: Store, profile: Profile, contact: Contact | None,
               conversation: Conversation | None, *, extra: dict[str, Any] | None = None,
               bank: Bank | None = None) -> DraftContext:
    """:func:`context_for` from records the caller has read already (a page's pickers).

    ``conversation`` must be one of ``contact``'s, as the pickers guarantee.
    """
    notes = store.notes.list(conversation_id=conversation.id) if conversation else []
    bank = bank or current_bank()
    role_id = (conversation.role if conversation else None) or profile.target_role
    role = bank.roles.get(role_id) if role_id else None
    return build_context(profile, contact, conversation, notes, role, extra)


def draft_for(store: Store, channel: str, purpose: str, *, contact_id: int | None = None,
              conversation_id: int | None = None, extra: dict[str, Any] | None = None,
              bank: Bank | None = None) -> DraftResult:
    """Render a draft for a contact (and conversation) and coach it."""
    template = find_template(channel, purpose)
    ctx = context_for(store, contact_id=contact_id, conversation_id=conversation_id,
                      extra=extra, bank=bank)
    text = render_draft(template, ctx)
    return DraftResult(text, coach(text, channel, purpose, ctx), template, ctx)


def render_with(base: DraftContext, channel: str, purpose: str,
                extra: dict[str, Any] | None = None) -> tuple[str, DraftContext]:
    """A draft's text and context from :func:`context_for`'s context plus typed details.

    For the Outreach page, which has the context in hand already and coaches the
    learner's own edit rather than the template's text: the records are read once a
    run and the coach runs once.
    """
    template = find_template(channel, purpose)
    ctx = with_details(base, extra)
    return render_draft(template, ctx), ctx


@dataclass(frozen=True)
class DraftChoice:
    """What a new draft starts as: its purpose, its channel, and why, in one line."""

    purpose: Purpose
    channel: Channel | None
    reason: str


def _is_linkedin(contact: Contact) -> bool:
    return contact.reach_by == ReachBy.LINKEDIN or (
        contact.reach_by is None and "linkedin.com" in (contact.profile_url or "").lower()
    )


_WHERE_THE_CHAT_IS = {
    Status.IDEA: "the chat is only an idea so far",
    Status.REQUESTED: "you've asked for the chat and are waiting to hear back",
    Status.SCHEDULED: "the chat is scheduled",
    Status.HELD: "you've had the chat",
    Status.THANKED: "you've had the chat and said thank you",
    Status.CLOSED: "you've had the chat and said thank you",
}


def opening_purpose(
    contact: Contact, conversation: Conversation | None, sent_history: Sequence[SentMessage]
) -> tuple[Purpose, str]:
    """The message a contact most likely needs next, and why (for the learner)."""
    first = contact.first_name
    if conversation is not None and conversation.status != Status.IDEA:
        return Purpose(suggested_purpose(conversation)), _WHERE_THE_CHAT_IS[conversation.status]
    if not sent_history:
        # Like dating: nothing big in the first message. A close contact already knows
        # you, and someone met in person gets the note that follows up on the meeting.
        if contact.tier == Tier.CLOSE:
            return Purpose.INTERVIEW_REQUEST, f"you and {first} already know each other"
        if contact.reach_by == ReachBy.IN_PERSON:
            return Purpose.CONNECT_AFTER_MEETUP, f"you met {first} in person"
        return Purpose.FIRST_CONTACT, f"nothing has gone to {first} yet"
    if any(m.purpose == Purpose.INTERVIEW_REQUEST for m in sent_history):
        if conversation is not None:
            return Purpose(suggested_purpose(conversation)), f"you've asked {first} for a chat"
        return Purpose.KEEP_IN_TOUCH, f"you've already asked {first} for a chat"
    return Purpose.INTERVIEW_REQUEST, f"you've already said hello to {first}"


def _channel_order(
    contact: Contact, profile: Profile, purpose: Purpose, sent_history: Sequence[SentMessage]
) -> tuple[list[Channel], str]:
    first = contact.first_name
    if _is_linkedin(contact):
        # A connection request (with its note) goes out once; after it, or once they
        # are a connection, a LinkedIn message reaches them. Messaging someone you are
        # not connected to needs InMail, which only Premium has.
        connected = contact.connected_on is not None or any(
            m.channel == Channel.LINKEDIN_NOTE for m in sent_history
        )
        note_first = [Channel.LINKEDIN_NOTE, Channel.LINKEDIN_MESSAGE]
        if connected:
            return note_first[::-1], f"you reach {first} on LinkedIn"
        if purpose == Purpose.FIRST_CONTACT or profile.linkedin_plan == LinkedInPlan.FREE:
            return note_first, f"you aren't connected with {first} on LinkedIn yet"
        return note_first[::-1], "Premium lets you message people you aren't connected with"
    if contact.reach_by in _CHANNELS_FOR_REACH_BY:
        assert contact.reach_by is not None
        return list(_CHANNELS_FOR_REACH_BY[contact.reach_by]), f"{first} is best reached there"
    if contact.email:
        return [Channel.EMAIL], f"you have {first}'s email address"
    if sent_history:
        last = sent_history[0].channel
        if last in {c.value for c in Channel}:
            return [Channel(last)], "it's where you last wrote to them"
    return [], ""


def default_draft_choice(
    contact: Contact,
    conversation: Conversation | None,
    profile: Profile,
    sent_history: Sequence[SentMessage],
    available: Collection[tuple[Purpose, Channel]] | None = None,
    *,
    purpose: str | None = None,
    drafted: str | None = None,
) -> DraftChoice:
    """Where a new draft for this contact starts: the purpose and channel that fit.

    ``sent_history`` is what has gone to this contact, newest first; ``available`` the
    (purpose, channel) pairs there are templates for (None: any). A ``purpose`` asked
    for (a link, or the learner's own choice) wins over the suggested one, and the
    channel of a ``drafted`` message in progress wins over the suggested channel.
    """
    pairs = set(available) if available is not None else None
    purposes = {p for p, _ in pairs} if pairs is not None else set(Purpose)
    if purpose in {p.value for p in purposes}:
        chosen, why = Purpose(str(purpose)), ""
    else:
        chosen, why = opening_purpose(contact, conversation, sent_history)
        if chosen not in purposes:
            chosen, why = (sorted(purposes)[0] if purposes else chosen), ""
    order, channel_why = _channel_order(contact, profile, chosen, sent_history)
    if drafted in {c.value for c in Channel}:
        order, channel_why = [Channel(str(drafted)), *order], "it's the draft you started"
    fits = [c for c in order if pairs is None or (chosen, c) in pairs]
    if not fits:
        # Nothing says where: the first template for the purpose, with no reason given.
        fits, channel_why = [c for p, c in (available or ()) if p == chosen], ""
    channel = fits[0] if fits else None
    reasons = [r for r in (why, channel_why) if r]
    reason = f"Suggested because {' and '.join(reasons)}." if reasons else ""
    return DraftChoice(chosen, channel, reason)
