"""Inputs that start from the database and save only what the learner changed.

Why every input gets its starting value as the widget's own default (``value=`` or
``index=``) and never by writing ``st.session_state[key]`` first:

Streamlit forgets a page's widget state whenever a run switches page, and the browser
can then draw the page's widgets again from their defaults while the server holds other
values (wizard/router.py explains the click that does it). With an empty default the
learner saw blank boxes and "0.0" hours over a profile that was still whole, and the
next interaction sent every blank back as a change: all fields were saved empty. With
the stored value as the default, a redrawn widget shows the stored value, and a
callback that compares with what was stored saves only what the learner typed, never
a value left by a reset.

A save that the core refuses leaves the typed text in the box, with a message under it
that names the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from coffeechat.errors import CoffeeChatError, InvalidInputError
from wizard import router
from wizard.ui import safe, toast

__all__ = ["safe", "saved_input", "show_problem_under"]

_ERRORS = "_field_errors"


def _stored_key(key: str) -> str:
    # Not a widget key, so Streamlit keeps it when it drops widget state on a page switch.
    return f"_stored::{key}"


_KEPT = " What you typed is still in the box: change it and click outside to save."


def _message(label: str, problem: str, *, kept: bool = True) -> str:
    problem = problem.rstrip(".")
    text = f"“{label}” {problem[0].lower()}{problem[1:]}."
    if kept:
        text += _KEPT
    return text


def show_problem_under(key: str, label: str, exc: CoffeeChatError, *, kept: bool = True) -> None:
    """Show a refusal under the input with this key (from its callback or a button's)."""
    fields = exc.fields if isinstance(exc, InvalidInputError) else {}
    if fields:
        # The core's sentence already names the field by its label and says the limit.
        text = next(iter(fields.values()))
        if kept:
            text += _KEPT
    else:
        problems = exc.by_field() if isinstance(exc, InvalidInputError) else {}
        text = _message(label, next(iter(problems.values()), exc.message), kept=kept)
    st.session_state.setdefault(_ERRORS, {})[key] = text


def _commit(key: str, label: str, save: Callable[[Any], object], saved: str) -> None:
    state = st.session_state
    value = state[key]
    errors: dict[str, str] = state.setdefault(_ERRORS, {})
    if value == state.get(_stored_key(key)):
        # A redraw, or the browser sending back a value it was given: nothing new.
        errors.pop(key, None)
        return
    try:
        save(value)
    except CoffeeChatError as exc:
        show_problem_under(key, label, exc)
        return
    errors.pop(key, None)
    state[_stored_key(key)] = value
    router.note_edit()
    if saved:
        toast(saved)


def saved_input(
    widget: str,
    label: str,
    *,
    key: str,
    stored: Any,
    save: Callable[[Any], object],
    saved: str = "Saved",
    where: Any = None,
    **kwargs: Any,
) -> Any:
    """Draw ``st.<widget>`` starting from ``stored``; save the learner's changes with ``save``.

    ``save`` is called from the widget's callback with the new value, only when it
    differs from the stored one; what it returns (often the saved record) is ignored.
    It may raise a CoffeeChatError: the message then appears under the input and the
    typed value stays.
    """
    place = where or st
    st.session_state[_stored_key(key)] = stored
    if "options" in kwargs:
        options = list(kwargs["options"])
        kwargs["index"] = options.index(stored) if stored in options else 0
    else:
        kwargs["value"] = stored
    value = getattr(place, widget)(
        label, key=key, on_change=_commit, args=(key, label, save, saved), **kwargs
    )
    message = st.session_state.get(_ERRORS, {}).get(key)
    if message:
        place.markdown(f":red[{safe(message)}]")
    return value

