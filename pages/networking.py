import streamlit as st

from coffeechat.errors import InvalidInputError
from coffeechat.models import MAX_PLACES
from wizard import state
from wizard.ui import init_state, page_fragment, safe, step_header, toast

store = state.store()
bank = state.bank()
profile = store.profile.get()
step_header(
    "Where to network",
    3,
    3,
    "There are lots of places to meet people. Don't try them all: **pick one or two to "
    "start with**, and give them a few weeks.",
)

options = bank.catalog.networking
by_id = {o.id: o for o in options}
init_state("networking_choice", [c for c in profile.places if c in by_id])


def save() -> None:
    chosen = st.session_state["networking_choice"]
    if len(chosen) > MAX_PLACES:
        st.session_state["networking_message"] = (
            "Two is plenty to start with. Drop one before adding another."
        )
        st.session_state["networking_choice"] = chosen[:MAX_PLACES]
        return
    st.session_state.pop("networking_message", None)
    try:
        store.profile.update(places=chosen)
    except InvalidInputError as exc:
        st.session_state["networking_message"] = str(exc)
        return
    toast("Saved your places to network")


for kind, heading in (("in_person", "In person"), ("online", "Online")):
    st.header(heading)
    # One element per list rather than one per place: fewer to send and draw.
    st.markdown("\n\n".join(f"**{safe(o.title)}**: {safe(o.description)}"
                              for o in options if o.kind == kind))

# A fragment: picking a place reruns the choice and its first steps only (the
# sidebar follows when the journey's step is ticked).
@page_fragment
def choose_places() -> None:
    st.pills(
        "Your one or two places to start",
        [o.id for o in options],
        selection_mode="multi",
        key="networking_choice",
        on_change=save,
        format_func=lambda i: by_id[i].title,
    )
    if message := st.session_state.get("networking_message"):
        st.warning(message)

    chosen = st.session_state["networking_choice"]
    if chosen:
        st.header("This week")
        for cid in chosen:
            st.markdown(f"- **{safe(by_id[cid].title)}**: {safe(by_id[cid].first_step)}")
        minutes = profile.weekly_networking_minutes
        if minutes:
            st.caption(f"You've set aside {minutes} minutes a week for this.")


choose_places()

st.page_link(
    "pages/contacts.py", label="Next: add someone to talk to", icon=":material/arrow_forward:"
)
