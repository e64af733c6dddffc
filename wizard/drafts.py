"""Keep the outreach draft the learner is editing in the database, not just the session.

A reload, a second tab or a crash keeps their edits. When the template's rendering
changes (they filled in a new detail), an untouched draft follows it; an edited one
is kept, with a note that the template has something new.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st

from coffeechat.models import Contact, Conversation, Draft
from coffeechat.outreach.context import DETAIL_HINTS, MEETUP_TAKEAWAY_HINT, DraftContext
from coffeechat.store import Store
from wizard import forms
from wizard.ui import guard


class DraftKeeper:
    """The database row and the text box behind one draft.

    The box starts from the stored draft (else the template's text) as its own default
    and saves only what the learner changed (wizard/forms.py says why). Its key carries a
    revision number: to put new text in the box (start over, or an untouched draft
    following the template) the revision moves on and a fresh box starts from that text,
    so no code ever writes over a box the learner may be typing in.
    """

    def __init__(
        self, store: Store, contact_id: int, conversation_id: int | None, channel: str, purpose: str
    ) -> None:
        self.store = store
        self.ids = (contact_id, conversation_id, channel, purpose)
        self.name = f"draft_{contact_id}_{conversation_id or 0}_{channel}_{purpose}"
        self.revision_key = f"{self.name}_revision"
        self.based_on = ""
        self.text = ""
        self.saved_at: datetime | None = None

    @property
    def key(self) -> str:
        """The text box's widget key (it changes when the box is started afresh)."""
        return f"{self.name}_r{st.session_state.get(self.revision_key, 0)}"

    @functools.cached_property
    def stored(self) -> Draft | None:
        """The saved draft, read once a run (the page and :meth:`sync` both need it)."""
        return self.store.messages.get_draft(*self.ids)

    def _renew(self) -> None:
        st.session_state[self.revision_key] = st.session_state.get(self.revision_key, 0) + 1

    def sync(self, rendered: str) -> bool:
        """Decide the box's starting text; True if edits were kept over a new rendering."""
        saved = self.stored
        self.saved_at = saved.updated_at if saved else None
        if saved is None:
            self.text = self.based_on = rendered
            box = st.session_state.get(self.key)
            if box is not None and box != rendered and box == st.session_state.get(
                f"{self.key}_start"
            ):
                # Untouched box from an older rendering: follow the template.
                self._renew()
            st.session_state[f"{self.key}_start"] = rendered
            return False
        self.text, self.based_on = saved.text, saved.based_on
        st.session_state[f"{self.key}_start"] = saved.text
        return saved.based_on != rendered and saved.text != saved.based_on

    def save(self, text: str) -> None:
        """Store the edited text (called by the box only when the learner changed it)."""
        contact_id, conversation_id, channel, purpose = self.ids
        self.store.messages.save_draft(
            {
                "contact_id": contact_id,
                "conversation_id": conversation_id,
                "channel": channel,
                "purpose": purpose,
                "text": text,
                "based_on": self.based_on,
            }
        )

    def start_over(self) -> None:
        """Widget callback: back to the template's text, forgetting the edits."""
        with guard("starting over"):
            self.store.messages.delete_draft(*self.ids)
            self._renew()

    def box(self, label: str, **kwargs: Any) -> str:
        """The text box itself; returns the text as the learner last committed it."""
        text: str = forms.saved_input(
            "text_area",
            label,
            key=self.key,
            stored=self.text,
            save=self.save,
            saved="Draft saved",
            **kwargs,
        )
        return text


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
    saved = store.messages.draft_details(contact.id, conversation_id)
    labels = _labels(contact.first_name, purpose)
    extra: dict[str, str] = {}
    shown = [f for f in needed if f in labels]
    if not shown:
        return extra

    def saver(field: str) -> Callable[[str], object]:
        if field == "common_ground":
            return lambda value: store.contacts.update_fields(contact.id, common_ground=value)
        return lambda value: store.messages.set_draft_detail(contact.id, conversation_id,
                                                             field, value)

    with st.container(border=True):
        st.markdown("**Details for this draft** · each is saved when you click outside it")
        for field in shown:
            label, hint = labels[field]
            value = forms.saved_input(
                "text_input",
                label,
                key=f"detail_{contact.id}_{conversation_id or 0}_{field}",
                stored=saved.get(field) or str(base.value(field) or ""),
                save=saver(field),
                placeholder=hint,
            )
            if value.strip():
                extra[field] = value
    return extra
