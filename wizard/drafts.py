"""Keep the outreach draft the learner is editing in the database, not just the session.

A reload, a second tab or a crash keeps their edits. When the template's rendering
changes (they filled in a new detail), an untouched draft follows it; an edited one
is kept, with a note that the template has something new.
"""

from __future__ import annotations

import streamlit as st

from coffeechat.models import Contact, Conversation
from coffeechat.outreach.context import DETAIL_HINTS, MEETUP_TAKEAWAY_HINT, DraftContext
from coffeechat.store import Store
from wizard.ui import guard


class DraftKeeper:
    """The session keys and database row behind one draft text area."""

    def __init__(
        self, store: Store, contact_id: int, conversation_id: int | None, channel: str, purpose: str
    ) -> None:
        self.store = store
        self.ids = (contact_id, conversation_id, channel, purpose)
        self.key = f"draft_{contact_id}_{conversation_id or 0}_{channel}_{purpose}"
        self.based_key = f"{self.key}_based_on"

    def sync(self, rendered: str) -> bool:
        """Set the text area's starting text; True if edits were kept over a new rendering."""
        state = st.session_state
        if self.key not in state:
            saved = self.store.get_draft(*self.ids)
            if saved is not None:
                state[self.key], state[self.based_key] = saved.text, saved.based_on
            else:
                state[self.key] = state[self.based_key] = rendered
        if state[self.based_key] == rendered:
            return False
        if state[self.key] == state[self.based_key]:
            # Untouched: follow the template's new rendering.
            state[self.key] = state[self.based_key] = rendered
            return False
        return True

    def save(self) -> None:
        """Widget callback: store the edited text."""
        contact_id, conversation_id, channel, purpose = self.ids
        with guard("saving your draft"):
            self.store.save_draft(
                {
                    "contact_id": contact_id,
                    "conversation_id": conversation_id,
                    "channel": channel,
                    "purpose": purpose,
                    "text": st.session_state[self.key],
                    "based_on": st.session_state[self.based_key],
                }
            )

    def start_over(self, rendered: str) -> None:
        """Widget callback: back to the template's text, forgetting the edits."""
        st.session_state[self.key] = st.session_state[self.based_key] = rendered
        with guard("starting over"):
            self.store.delete_draft(*self.ids)

    def forget(self) -> None:
        """After sending: the draft is done."""
        self.store.delete_draft(*self.ids)
        st.session_state.pop(self.key, None)
        st.session_state.pop(self.based_key, None)


def _labels(first: str, purpose: str) -> dict[str, tuple[str, str]]:
    hints = dict(DETAIL_HINTS)
    if purpose == "connect_after_meetup":
        hints["takeaway"] = MEETUP_TAKEAWAY_HINT
    return {field: (label.format(first=first), hint) for field, (label, hint) in hints.items()}


def detail_inputs(
    store: Store,
    contact: Contact,
    conversation: Conversation | None,
    needed: list[str],
    base: DraftContext,
    purpose: str,
) -> dict[str, str]:
    """Inputs for the details a template needs; every change is saved straight away.

    Common ground belongs to the contact, so it is saved on the contact; the rest are
    kept per contact and conversation for the next draft.
    """
    conversation_id = conversation.id if conversation else None
    saved = store.draft_details(contact.id, conversation_id)
    labels = _labels(contact.first_name, purpose)
    extra: dict[str, str] = {}
    shown = [f for f in needed if f in labels]
    if not shown:
        return extra

    def save(field: str, key: str) -> None:
        value = st.session_state[key]
        with guard("saving that detail"):
            if field == "common_ground":
                store.update_contact_fields(contact.id, common_ground=value)
            else:
                store.set_draft_detail(contact.id, conversation_id, field, value)

    with st.container(border=True):
        st.markdown("**Details for this draft** · saved as you type")
        for field in shown:
            label, hint = labels[field]
            key = f"detail_{contact.id}_{conversation_id or 0}_{field}"
            if key not in st.session_state:
                st.session_state[key] = saved.get(field) or str(base.value(field) or "")
            value = st.text_input(
                label, key=key, placeholder=hint, on_change=save, args=(field, key)
            )
            if value.strip():
                extra[field] = value
    return extra
