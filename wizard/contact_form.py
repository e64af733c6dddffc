"""Add or edit a contact, with messages next to the fields that need fixing."""

from __future__ import annotations

from typing import Any

import streamlit as st

from coffeechat.errors import InvalidInputError
from coffeechat.models import DEFAULT_CADENCE, Contact, ContactIn, ReachBy, Tier
from coffeechat.store import Store
from coffeechat.validation import field_label
from wizard.ui import field_error, flash, guard, safe

REACH_BY_LABELS = {
    "": "Not sure yet",
    ReachBy.LINKEDIN.value: "LinkedIn",
    ReachBy.EMAIL.value: "Email",
    ReachBy.DISCORD.value: "Discord",
    ReachBy.X.value: "X",
    ReachBy.IN_PERSON.value: "In person",
    ReachBy.OTHER.value: "Somewhere else",
}
TIER_LABELS = {
    Tier.CLOSE.value: f"Close (check in every {DEFAULT_CADENCE[Tier.CLOSE]} days)",
    Tier.REGULAR.value: f"Regular (every {DEFAULT_CADENCE[Tier.REGULAR]} days)",
    Tier.ACQUAINTANCE.value: f"Acquaintance (every {DEFAULT_CADENCE[Tier.ACQUAINTANCE]} days)",
}


#: Every field the form shows a message under; anything else is listed at the top.
SHOWN_FIELDS = frozenset({
    "name", "call_them", "title", "company", "met_at", "met_how", "common_ground", "reach_by",
    "location", "profile_url", "email", "tags", "tier", "cadence_days",
})


def problem_summary(errors: dict[str, str]) -> str:
    """The note above the form: which fields to look at, and that nothing was lost."""
    fields = [field_label(ContactIn, f) for f in errors if f in SHOWN_FIELDS]
    others = [m for f, m in errors.items() if f not in SHOWN_FIELDS]
    if len(fields) == 1:
        lead = f"One thing needs a second look: {fields[0]}."
    elif fields:
        lead = f"A few things need a second look: {', '.join(fields)}."
    else:
        lead = "Something needs a second look."
    # A message for a field the form does not show would otherwise be invisible.
    return " ".join([lead, *others, "Everything you typed is still here."])


def contact_form(store: Store, key: str, existing: Contact | None = None) -> Contact | None:
    """The contact form; returns the saved contact after a successful submit."""
    errors: dict[str, str] = st.session_state.get(f"{key}_errors", {})
    c = existing
    # A new generation of the form after each successful add starts it empty again;
    # after a failed save the same form keeps every value the learner typed.
    generation = st.session_state.get(f"{key}_generation", 0)
    with st.form(f"{key}_{generation}", clear_on_submit=False, border=existing is None):
        if errors:
            st.error(safe(problem_summary(errors)))
        col_a, col_b = st.columns([2, 1])
        name = col_a.text_input("Name *", value=c.name if c else "", max_chars=120)
        call_them = col_b.text_input(
            "What to call them",
            value=(c.call_them or "") if c else "",
            max_chars=60,
            placeholder="e.g. Minh",
            help="Used in greetings. Leave empty to use the first word of their name.",
        )
        field_error(errors, "name", col_a)
        field_error(errors, "call_them", col_b)
        col1, col2 = st.columns(2)
        title = col1.text_input("Job title", value=(c.title or "") if c else "")
        field_error(errors, "title", col1)
        company = col2.text_input("Company", value=(c.company or "") if c else "")
        field_error(errors, "company", col2)
        col3, col4 = st.columns(2)
        met_at = col3.text_input(
            "Where you met",
            value=(c.met_at or "") if c else "",
            placeholder="e.g. PyLadies Berlin, a Discord server",
        )
        met_how = col4.text_input(
            "How you met",
            value=(c.met_how or "") if c else "",
            placeholder="e.g. she gave a talk on testing",
        )
        field_error(errors, "met_at", col3)
        field_error(errors, "met_how", col4)
        common_ground = st.text_area(
            "What you have in common",
            value=(c.common_ground or "") if c else "",
            placeholder="One sentence to them, e.g. “I saw your PyCon talk on testing.” or "
            "“We're both in the Odin Project Discord.” Drafts open with it.",
            height=80,
        )
        field_error(errors, "common_ground")
        col5, col6 = st.columns(2)
        ways = list(REACH_BY_LABELS)
        reach_by = col5.selectbox(
            "Best way to reach them",
            ways,
            index=ways.index(c.reach_by.value) if c and c.reach_by else 0,
            format_func=REACH_BY_LABELS.__getitem__,
        )
        field_error(errors, "reach_by", col5)
        location = col6.text_input("Location", value=(c.location or "") if c else "")
        field_error(errors, "location", col6)
        col7, col8 = st.columns(2)
        profile_url = col7.text_input(
            "Profile address",
            value=(c.profile_url or "") if c else "",
            placeholder="https://www.linkedin.com/in/...",
        )
        field_error(errors, "profile_url", col7)
        email = col8.text_input("Email", value=(c.email or "") if c else "")
        field_error(errors, "email", col8)
        tags = st.text_input(
            "Tags",
            value=", ".join(c.tags) if c else "",
            placeholder="Separate with commas, e.g. python, meetup",
        )
        field_error(errors, "tags")
        col9, col10 = st.columns(2)
        tiers = list(TIER_LABELS)
        tier = col9.selectbox(
            "How close are you?",
            tiers,
            index=tiers.index(c.tier.value) if c else 1,
            format_func=TIER_LABELS.__getitem__,
        )
        field_error(errors, "tier", col9)
        cadence = col10.number_input(
            "Check in every … days (optional)",
            min_value=0,
            max_value=730,
            step=1,
            value=c.cadence_days or 0 if c else 0,
            help="Leave at 0 to use the default for how close you are.",
        )
        field_error(errors, "cadence_days", col10)
        submitted = st.form_submit_button(
            "Save changes" if existing else "Add contact", type="primary"
        )
    if not submitted:
        return None
    values: dict[str, Any] = {
        "name": name,
        "call_them": call_them,
        "title": title,
        "company": company,
        "met_at": met_at,
        "met_how": met_how,
        "common_ground": common_ground,
        "reach_by": reach_by or None,
        "location": location,
        "profile_url": profile_url,
        "email": email,
        "tags": tags,
        "tier": tier,
        "cadence_days": int(cadence) or None,
    }
    if existing is not None:
        values["archived"] = existing.archived
        values["connected_on"] = existing.connected_on
        values["source"] = existing.source
    saved: Contact | None = None
    with guard("saving the contact"):
        try:
            saved = (
                store.contacts.update(existing.id, values) if existing
                else store.contacts.add(values)
            )
        except InvalidInputError as exc:
            st.session_state[f"{key}_errors"] = exc.by_field()
            st.rerun()
    if saved is not None:
        st.session_state.pop(f"{key}_errors", None)
        if existing is None:
            st.session_state[f"{key}_generation"] = generation + 1
        flash(f"Saved {saved.name}")
    return saved
