"""Add or edit a contact, with messages next to the fields that need fixing."""

from __future__ import annotations

from typing import Any

import streamlit as st

from coffeechat.errors import InvalidInputError
from coffeechat.fields import (
    CONTACT_FIELD_BY_NAME,
    CONTACT_FIELDS,
    FieldSpec,
    typed_contact_values,
)
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


#: The form's rows: fields side by side. A field the registry adds that is not placed
#: here gets a row of its own at the end, so a new column shows up without an edit.
LAYOUT: tuple[tuple[str, ...], ...] = (
    ("name", "call_them"),
    ("title", "company"),
    ("met_at", "met_how"),
    ("common_ground",),
    ("reach_by", "location"),
    ("profile_url", "email"),
    ("tags",),
    ("tier", "cadence_days"),
)
#: Relative widths of the fields that are wider than their neighbour.
_WIDTHS = {"name": 2}
#: How each choice reads on the form; any other value reads as its capitalised name.
CHOICE_LABELS: dict[str, dict[str, str]] = {"reach_by": REACH_BY_LABELS, "tier": TIER_LABELS}

_FIELDS = CONTACT_FIELD_BY_NAME
#: Every field the form shows a message under; anything else is listed at the top.
SHOWN_FIELDS = frozenset(_FIELDS)


def _rows() -> list[tuple[FieldSpec, ...]]:
    placed = {name for row in LAYOUT for name in row}
    rows = [tuple(_FIELDS[name] for name in row if name in _FIELDS) for row in LAYOUT]
    rows += [(spec,) for spec in CONTACT_FIELDS if spec.name not in placed]
    return [row for row in rows if row]


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


def _choice_label(spec: FieldSpec, value: str) -> str:
    labels = CHOICE_LABELS.get(spec.name, {})
    if value in labels:
        return labels[value]
    return "Not sure yet" if not value else value.replace("_", " ").capitalize()


def _shown(spec: FieldSpec, existing: Contact | None) -> Any:
    """The value the input starts from: the stored one, else the field's default."""
    value = getattr(existing, spec.name) if existing is not None else spec.default
    if spec.widget == "tags":
        return ", ".join(value or [])
    if spec.widget == "days":
        return value or 0
    if spec.widget == "choice":
        return getattr(value, "value", value) or ""
    return value or ""


def _input(spec: FieldSpec, where: Any, existing: Contact | None) -> Any:
    """One field's input, as its registry entry describes it."""
    value = _shown(spec, existing)
    common: dict[str, Any] = {"label": spec.form_label, "help": spec.help}
    if spec.widget == "choice":
        options = ["", *spec.choices] if spec.optional else list(spec.choices)
        return where.selectbox(options=options, index=options.index(value),
                               format_func=lambda v: _choice_label(spec, v), **common)
    if spec.widget == "days":
        return where.number_input(min_value=0, max_value=spec.limit, step=1, value=value,
                                  **common)
    if spec.widget == "area":
        return where.text_area(value=value, placeholder=spec.placeholder, height=80, **common)
    return where.text_input(value=value, placeholder=spec.placeholder,
                            max_chars=spec.limit if spec.capped else None, **common)


def contact_form(store: Store, key: str, existing: Contact | None = None) -> Contact | None:
    """The contact form; returns the saved contact after a successful submit."""
    errors: dict[str, str] = st.session_state.get(f"{key}_errors", {})
    # A new generation of the form after each successful add starts it empty again;
    # after a failed save the same form keeps every value the learner typed.
    generation = st.session_state.get(f"{key}_generation", 0)
    typed: dict[str, Any] = {}
    with st.form(f"{key}_{generation}", clear_on_submit=False, border=existing is None):
        if errors:
            st.error(safe(problem_summary(errors)))
        for row in _rows():
            places = (st.columns([_WIDTHS.get(spec.name, 1) for spec in row]) if len(row) > 1
                      else [None])
            for spec, place in zip(row, places, strict=True):
                typed[spec.name] = _input(spec, st if place is None else place, existing)
                field_error(errors, spec.name, place)
        submitted = st.form_submit_button(
            "Save changes" if existing else "Add contact", type="primary"
        )
    if not submitted:
        return None
    values = typed_contact_values(typed)
    if existing is not None:
        # Fields the form does not show keep their stored values.
        kept = existing.model_dump(include=set(ContactIn.model_fields) - set(values))
        values.update(kept)
    return _save(store, key, generation, existing, values)


def _save(store: Store, key: str, generation: int, existing: Contact | None,
          values: dict[str, Any]) -> Contact | None:
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
