import streamlit as st

from coffeechat import journey
from coffeechat.clock import now
from coffeechat.models import greeting_name
from wizard import auth, charts, state
from wizard.ui import guard, safe

GO = {
    "followups": "Open your follow-ups",
    "profile": "Write your pitch",
    "role": "Choose a role",
    "networking": "Pick where to network",
    "contacts": "Open your contacts",
    "plan": "Open the question plan",
    "outreach": "Write the message",
    "notes": "Open your notes",
}
store = state.store()
profile = store.profile.get()

if store.is_empty():
    st.title("Welcome to Coffee Chat")
    st.markdown(
        "Coffee Chat helps you talk to people who already do the job you want, "
        "without being pushy, and keep those connections going afterwards.\n\n"
        "- **Prepare:** a 30-second pitch, a target role, and questions that fit the time "
        "someone can give you.\n"
        "- **Reach out:** short, warm messages, checked by a coach before you send them.\n"
        "- **Keep in touch:** gentle reminders to say thank you and to report back.\n\n"
        "It takes about ten minutes to set up. Everything is kept "
        + auth.where_data_lives() + "."
    )
    if st.button("Start with your pitch", type="primary", icon=":material/arrow_forward:"):
        st.switch_page("pages/profile.py")
    st.stop()

name = f", {safe(greeting_name(profile.name))}" if profile.name else ""
st.title(f"Hello{name}")

with guard("finding your next step"):
    # Kept until the data (or the day) changes: it takes a handful of queries to find.
    action = state.remembered(f"next_action:{now().date()}", lambda: journey.next_action(store))
    with st.container(border=True):
        st.caption("Your next step")
        st.header(action.headline)
        st.markdown(safe(action.detail))
        st.page_link(
            f"pages/{action.page}.py",
            label=GO.get(action.page, "Go there"),
            icon=":material/arrow_forward:",
            query_params=action.query or None,
        )

with guard("showing your follow-ups"):
    agenda = store.followups.agenda(days_ahead=0, limit=5)
    overdue_count, today_count, _week = store.followups.count_due(days_ahead=0)
    due_count = overdue_count + today_count
    st.header("Due now")
    if not agenda.due:
        st.markdown("Nothing due today. :material/eco:")
    for view in agenda.due[:5]:  # the oldest first
        f = view.followup
        late = " · overdue" if view in agenda.overdue else ""
        st.markdown(
            f"- **{safe(view.contact_name)}**: {safe(f.text)} *(due {f.due_on:%d %b}{late})*"
        )
    if due_count > 5:
        st.page_link("pages/followups.py", label=f"See all {due_count}", icon=":material/eco:")

left, right = st.columns(2)
with left, guard("drawing this week's minutes"):
    charts.week_minutes(store, profile)
with right, guard("drawing your conversations"):
    charts.funnel(store)
