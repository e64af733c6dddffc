"""Drafting from stored records: the one function the CLI and the Outreach page call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.banks import Bank, current_bank
from coffeechat.errors import ConflictError
from coffeechat.models import Contact, ContactChannel, Conversation, FollowUpKind, Status
from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.coach import CoachReport, coach
from coffeechat.outreach.context import DraftContext, build_context
from coffeechat.outreach.drafts import OutreachTemplate, find_template, render_draft
from coffeechat.store import Store


@dataclass(frozen=True)
class DraftResult:
    """A rendered draft, the coach's review, and what it was made from."""

    text: str
    report: CoachReport
    template: OutreachTemplate
    context: DraftContext


_CHANNEL_FOR_CONTACT = {
    ContactChannel.LINKEDIN: (Channel.LINKEDIN_MESSAGE, Channel.LINKEDIN_NOTE),
    ContactChannel.EMAIL: (Channel.EMAIL,),
    ContactChannel.DISCORD: (Channel.DISCORD_DM,),
    ContactChannel.X: (Channel.X_DM,),
    ContactChannel.IN_PERSON: (Channel.IN_PERSON_FOLLOWUP, Channel.EMAIL),
}


def preferred_channel(contact: Contact, available: Sequence[Channel]) -> Channel | None:
    """The template channel that matches how the learner usually reaches this contact."""
    if contact.channel is None:
        return None
    for channel in _CHANNEL_FOR_CONTACT.get(contact.channel, ()):
        if channel in available:
            return channel
    return None


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
    profile = store.get_profile()
    conversation = store.get_conversation(conversation_id) if conversation_id else None
    if conversation is not None:
        if contact_id is not None and contact_id != conversation.contact_id:
            raise ConflictError("That conversation is with a different contact.")
        contact_id = conversation.contact_id
    contact = store.get_contact(contact_id) if contact_id else None
    notes = store.list_notes(conversation_id=conversation_id) if conversation_id else []
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
