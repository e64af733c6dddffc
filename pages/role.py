import streamlit as st

from wizard import state
from wizard.ui import guard, safe, step_header, toast

store = state.store()
bank = state.bank()
profile = store.get_profile()
step_header(
    "Choose a target role",
    2,
    3,
    "Pick the job you're most curious about. You can change it any time; it decides "
    "which questions Coffee Chat suggests and who it's worth talking to.",
)


def choose(role_id: str) -> None:
    with guard("saving your role"):
        store.update_profile(target_role=role_id)
        toast(f"Target role: {bank.roles[role_id].title}")


current = bank.roles.get(profile.target_role or "")
if current:
    st.success(f"Your target: **{safe(current.title)}**")
else:
    st.info("No role chosen yet. Read a few and pick the one that sounds most like you.")

for role in bank.catalog.roles:
    with st.container(border=True):
        top, button = st.columns([4, 1], vertical_alignment="center")
        top.markdown(f"## {safe(role.title)}\n{safe(role.summary)}")
        if current and current.id == role.id:
            button.markdown(":material/check_circle: **Chosen**")
        else:
            button.button("Choose", key=f"choose_{role.id}", on_click=choose, args=(role.id,))
        with st.expander("A typical day, skills and who to talk to"):
            st.markdown(f"**A typical day.** {safe(role.typical_day)}")
            st.markdown("**Skills people use:** " + " · ".join(safe(s) for s in role.skills))
            st.markdown("**Worth talking to:**")
            for aid in role.talk_to:
                audience = bank.audiences[aid]
                st.markdown(f"- **{safe(audience.title)}**: {safe(audience.ask_them_about)}")

st.page_link("pages/networking.py", label="Next: where to network", icon=":material/arrow_forward:")
