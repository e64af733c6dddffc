"""Drafting from stored records: the one function the CLI and the Outreach page call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coffeechat.banks import current_bank
from coffeechat.errors import ConflictError
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


def context_for(store: Store, *, contact_id: int | None = None,
                conversation_id: int | None = None,
                extra: dict[str, Any] | None = None) -> DraftContext:
    """Build the draft context from the profile, a contact and a conversation."""
    profile = store.get_profile()
    conversation = store.get_conversation(conversation_id) if conversation_id else None
    if conversation is not None:
        if contact_id is not None and contact_id != conversation.contact_id:
            raise ConflictError("That conversation is with a different contact.")
        contact_id = conversation.contact_id
    contact = store.get_contact(contact_id) if contact_id else None
    notes = store.list_notes(conversation_id=conversation_id) if conversation_id else []
    bank = current_bank()
    role_id = (conversation.role if conversation else None) or profile.target_role
    role = bank.roles.get(role_id) if role_id else None
    return build_context(profile, contact, conversation, notes, role, extra)


def draft_for(store: Store, channel: str, purpose: str, *, contact_id: int | None = None,
              conversation_id: int | None = None,
              extra: dict[str, Any] | None = None) -> DraftResult:
    """Render a draft for a contact (and conversation) and coach it."""
    template = find_template(channel, purpose)
    ctx = context_for(store, contact_id=contact_id, conversation_id=conversation_id,
                      extra=extra)
    text = render_draft(template, ctx)
    return DraftResult(text, coach(text, channel, purpose, ctx), template, ctx)
