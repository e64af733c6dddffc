from collections.abc import Callable
from enum import Enum
from typing import Any

import streamlit as st

from coffeechat.models import LinkedInPlan, ProfileIn
from coffeechat.pitch import TARGET_WORDS, build_pitch
from wizard import forms, state
from wizard.ui import back_link, step_header

store = state.store()
step_header(
    "Profile and pitch",
    1,
    3,
    'Your pitch is what you say when someone asks *"So, what do you do?"*: who you are, '
    "what you're doing now, and where you want to be in a year. Each box is saved when "
    "you click outside it.",
)

profile = store.profile.get()

# Sent here by a draft that needs something from the profile: the way back to it.
came_from_draft = back_link()


def save(field: str) -> Callable[[Any], object]:
    """Save one profile field; the core refuses bad values with a message for that field."""
    return lambda value: store.profile.update(**{field: value})


def field(widget: str, label: str, name: str, **kwargs: Any) -> Any:
    stored = getattr(profile, name)
    if isinstance(stored, Enum):
        stored = stored.value
    elif stored is None:
        stored = ""
    elif isinstance(stored, int | float) and "min_value" in kwargs:
        stored = type(kwargs["min_value"])(stored)  # the widget wants one numeric type
    return forms.saved_input(
        widget, label, key=f"profile_{name}", stored=stored, save=save(name), **kwargs
    )


values: dict[str, Any] = {
    "name": field("text_input", "Your name", "name", placeholder="How you sign your messages")
}
PITCH_PARTS = [
    ("pitch_who", "Who I am", "e.g. I'm Zoë. I taught chemistry for six years."),
    (
        "pitch_what",
        "What I do",
        "e.g. Now I'm learning backend development and building an app that helps "
        "teachers plan lab sessions.",
    ),
    (
        "pitch_where",
        "Where I want to be in 12 months",
        "e.g. In a year I'd like to be a junior backend developer on a team that builds "
        "tools for schools.",
    ),
]
FIELDS = [
    (
        "situation",
        "Where you are right now",
        "e.g. Six months into a bootcamp, studying evenings while working in retail",
    ),
    None,  # the pitch heading goes here
    *PITCH_PARTS,
]
for entry in FIELDS:
    if entry is None:
        st.header("Your 30-second pitch")
        continue
    name, label, placeholder = entry
    values[name] = field("text_area", label, name, placeholder=placeholder, height=80)

# The preview follows what is typed, even a part the core refused as too long: that
# part's message is under its box, and the rest of the page stays.
pitch = build_pitch(
    ProfileIn.model_construct(
        pitch_who=values["pitch_who"],
        pitch_what=values["pitch_what"],
        pitch_where=values["pitch_where"],
    )
)
with st.container(border=True):
    if pitch.text:
        st.markdown(f"**Out loud:** {forms.safe(pitch.text)}")
        low, high = TARGET_WORDS
        st.markdown(
            f"**{pitch.words} words** · {pitch.timing} at a relaxed pace "
            f"(aim for {low}-{high} words, about 30 seconds)"
        )
        st.progress(min(1.0, pitch.words / high))
    else:
        st.markdown("Your pitch will appear here as you write it.")
    for hint in pitch.hints:
        st.markdown(f":material/lightbulb: {forms.safe(hint)}")

st.header("Your week")
hours = field(
    "number_input",
    "Study hours a week",
    "weekly_study_hours",
    min_value=0.0,
    max_value=100.0,
    step=0.5,
    format="%.1f",
)
share = field(
    "slider",
    "Share of that time for networking (%)",
    "networking_share",
    min_value=0,
    max_value=100,
    step=5,
    help="A fixed slice of your study time keeps networking from being squeezed out.",
)
# Counted as the core counts it, from what is typed (even a value it refused).
minutes = ProfileIn.model_construct(
    weekly_study_hours=float(hours or 0), networking_share=int(share or 0)
).weekly_networking_minutes
st.caption(f"That's {minutes} minutes a week for meeting people.")

field(
    "radio",
    "Your LinkedIn plan",
    "linkedin_plan",
    options=[p.value for p in LinkedInPlan],
    horizontal=True,
    format_func=lambda v: (
        "Free (200-character connection notes)" if v == "free" else "Premium (300-character notes)"
    ),
)

if came_from_draft:
    back_link()
st.page_link("pages/role.py", label="Next: choose a target role", icon=":material/arrow_forward:")
