import streamlit as st

from wizard import forms, state
from wizard.ui import page_fragment, safe, step_header

store = state.store()
bank = state.bank()
profile = store.profile.get()
step_header(
    "Choose a target role",
    2,
    3,
    "Pick the job you're most curious about. You can change it any time; it decides "
    "which questions Coffee Chat suggests and who it's worth talking to. You can also "
    "skip this for now.",
)


def save_role(role_id: str) -> None:
    store.profile.update(target_role=role_id or None)


# A fragment: choosing a role reruns the choice and the cards only, not the page
# around them (the sidebar follows when the journey's step is ticked).
@page_fragment
def choose_role() -> None:
    # The choice and the way on come first; the cards below are there to read.
    role_ids = ["", *(r.id for r in bank.catalog.roles)]
    chosen = forms.saved_input(
        "selectbox",
        "Your target role",
        key="role_choice",
        stored=profile.target_role if profile.target_role in bank.roles else "",
        save=save_role,
        saved="Saved your target role",
        options=role_ids,
        format_func=lambda i: bank.roles[i].title if i else "Choose one…",
        help="Not sure? Read the roles below and pick the one that sounds most like you.",
    )
    st.page_link(
        "pages/networking.py", label="Next: where to network", icon=":material/arrow_forward:"
    )

    st.header("The roles")
    for role in bank.catalog.roles:
        with st.container(border=True):
            mark = " · :material/check_circle: your target" if role.id == chosen else ""
            st.subheader(safe(role.title) + mark)
            st.markdown(safe(role.summary))
            # Tracked, so a card's details are only sent once it is opened; and one block
            # of text, not one element per line: fourteen cards of six to ten elements
            # each made this the heaviest page to send and draw.
            more = st.expander("A typical day, skills and who to talk to", on_change="rerun",
                               key=f"role_more_{role.id}")
            if more.open:
                more.markdown("\n\n".join([
                    f"**A typical day.** {safe(role.typical_day)}",
                    "**Skills people use:** " + " · ".join(safe(s) for s in role.skills),
                    "**Worth talking to:**\n" + "\n".join(
                        f"- **{safe(bank.audiences[aid].title)}**: "
                        f"{safe(bank.audiences[aid].ask_them_about)}"
                        for aid in role.talk_to),
                ]))


choose_role()
