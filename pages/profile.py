import streamlit as st

from coffeechat.models import LinkedInPlan, ProfileIn
from coffeechat.pitch import TARGET_WORDS, build_pitch
from wizard import forms, state
from wizard.ui import field_error, step_header

store = state.store()
step_header(
    "Profile and pitch",
    1,
    3,
    'Your pitch is what you say when someone asks *"So, what do you do?"*: who you are, '
    "what you're doing now, and where you want to be in a year. Changes save as you go.",
)

values = forms.autosave_profile(
    store,
    [
        "name",
        "situation",
        "pitch_who",
        "pitch_what",
        "pitch_where",
        "weekly_study_hours",
        "networking_share",
        "linkedin_plan",
    ],
)
errors = forms.profile_errors()

st.text_input(
    "Your name",
    key="profile_name",
    on_change=forms.save_profile_field,
    args=(store, "name"),
    placeholder="How you sign your messages",
)
field_error(errors, "name")
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
    field, label, placeholder = entry
    st.text_area(
        label,
        key=f"profile_{field}",
        on_change=forms.save_profile_field,
        args=(store, field),
        placeholder=placeholder,
        height=80,
    )
    field_error(errors, field)

pitch = build_pitch(
    ProfileIn(
        pitch_who=values.get("pitch_who"),
        pitch_what=values.get("pitch_what"),
        pitch_where=values.get("pitch_where"),
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
st.number_input(
    "Study hours a week",
    min_value=0.0,
    max_value=100.0,
    step=0.5,
    format="%.1f",
    key="profile_weekly_study_hours",
    on_change=forms.save_profile_field,
    args=(store, "weekly_study_hours"),
)
field_error(errors, "weekly_study_hours")
st.slider(
    "Share of that time for networking (%)",
    0,
    100,
    step=5,
    key="profile_networking_share",
    on_change=forms.save_profile_field,
    args=(store, "networking_share"),
    help="A fixed slice of your study time keeps networking from being squeezed out.",
)
minutes = round(
    float(values.get("weekly_study_hours") or 0)
    * 60
    * int(values.get("networking_share") or 0)
    / 100
)
st.caption(f"That's {minutes} minutes a week for meeting people.")

st.radio(
    "Your LinkedIn plan",
    [p.value for p in LinkedInPlan],
    key="profile_linkedin_plan",
    on_change=forms.save_profile_field,
    args=(store, "linkedin_plan"),
    horizontal=True,
    format_func=lambda v: (
        "Free (200-character connection notes)" if v == "free" else "Premium (300-character notes)"
    ),
)

st.page_link("pages/role.py", label="Next: choose a target role", icon=":material/arrow_forward:")
