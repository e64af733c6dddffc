"""Form plumbing: widgets that start from the database and save as the learner goes."""

from __future__ import annotations

from typing import Any

import streamlit as st

from coffeechat.errors import ValidationProblem
from coffeechat.store import Store
from wizard.ui import init_state, safe, toast

__all__ = ["autosave_profile", "profile_errors", "safe", "save_profile_field"]

_ERRORS = "profile_errors"


def autosave_profile(store: Store, fields: list[str]) -> dict[str, Any]:
    """Start each profile widget from the stored profile; return the current values."""
    profile = store.get_profile()
    for field in fields:
        value = getattr(profile, field)
        if field == "linkedin_plan":
            value = value.value
        if field == "weekly_study_hours":
            value = float(value)
        init_state(f"profile_{field}", value if value is not None else "")
    return {field: st.session_state.get(f"profile_{field}") for field in fields}


def profile_errors() -> dict[str, str]:
    """Field messages from the last save attempt."""
    return dict(st.session_state.get(_ERRORS, {}))


def save_profile_field(store: Store, field: str) -> None:
    """Save one field (a widget callback); a bad value stays on screen with a message."""
    value = st.session_state.get(f"profile_{field}")
    errors = dict(st.session_state.get(_ERRORS, {}))
    try:
        store.update_profile(**{field: value})
    except ValidationProblem as exc:
        errors.update(exc.by_field())
        st.session_state[_ERRORS] = errors
        return
    errors.pop(field, None)
    st.session_state[_ERRORS] = errors
    toast("Saved")
