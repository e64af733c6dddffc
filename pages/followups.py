from datetime import date

import streamlit as st

from coffeechat.errors import ValidationProblem
from coffeechat.models import ActivityKind
from coffeechat.outreach.service import purpose_for_followup
from wizard import state
from wizard.ui import flash, guard, safe, toast

store = state.store()
st.title("Follow-ups")
st.markdown("Keeping in touch is like tending a garden: a little, now and then. Here's what's due.")


def done(followup_id: int, name: str) -> None:
    with guard("marking it done"):
        store.complete_followup(followup_id)
        toast(f"Done. Nice one, {name} will appreciate it.")


def snooze(followup_id: int, key: str) -> None:
    days = st.session_state.get(key)
    if days:
        with guard("snoozing"):
            updated = store.snooze_followup(followup_id, int(days))
            toast(f"Moved to {updated.due_on:%a %d %b}")


SHOWN = 5  # per section; a long list is more daunting than helpful
show_all = st.session_state.get("followups_show_all", False)
agenda = store.agenda(days_ahead=7, limit=300 if show_all else SHOWN)
counts = store.count_due(days_ahead=7)
sections = [
    ("Overdue", agenda.overdue, counts[0]),
    ("Today", agenda.today, counts[1]),
    ("This week", agenda.week, counts[2]),
]
if not any(items for _, items, _n in sections):
    st.success("Nothing due this week. A good moment to reach out to someone new.")
for title, items, total in sections:
    if not items:
        continue
    st.header(f"{title} ({total})")
    if len(items) < total:
        st.caption(f"Showing the {len(items)} oldest.")
    for view in items:
        f = view.followup
        with st.container(border=True):
            text, actions = st.columns([4, 2], vertical_alignment="center")
            text.markdown(
                f"**{safe(view.contact_name)}** · due {f.due_on:%a %d %b}  \n{safe(f.text)}"
            )
            actions.button(
                "Done",
                key=f"done_{f.id}",
                type="primary",
                on_click=done,
                args=(f.id, view.first_name),
            )
            key = f"snooze_{f.id}"
            actions.selectbox(
                "Not now? Snooze it",
                [1, 3, 7, 14],
                key=key,
                index=None,
                placeholder="Choose how long",
                format_func=lambda d: "" if d is None else ("1 day" if d == 1 else f"{d} days"),
                on_change=snooze,
                args=(f.id, key),
            )
            purpose = purpose_for_followup(f.kind)
            if purpose is not None:
                query = {"contact": str(f.contact_id), "purpose": purpose.value}
                if f.conversation_id:
                    query["conversation"] = str(f.conversation_id)
                text.page_link(
                    "pages/outreach.py",
                    label="Draft the message",
                    icon=":material/mail:",
                    query_params=query,
                )

if any(total > SHOWN for _, _items, total in sections):
    st.toggle(
        "Show everything due",
        key="followups_show_all",
        help="A long list can feel like a chore. Start with the oldest few.",
    )

quiet = store.gone_quiet(limit=10)
st.header("Gone quiet")
if not quiet:
    st.markdown("Nobody you've talked to has gone quiet.")
else:
    st.markdown(
        "\n".join(
            f"- **{safe(q.contact.name)}**: last in touch {q.last_interaction:%d %b %Y} "
            f"({q.days_quiet} days ago)"
            for q in quiet
        )
    )
    st.caption(
        "The ten quietest. A short hello, or a note on what you've been learning, is enough."
    )


@st.dialog("Log an interaction")
def log_interaction() -> None:
    st.markdown(
        "Bumped into someone, swapped messages, or went to a meetup? Logging it resets "
        "that person's keep-in-touch clock and counts towards your weekly minutes."
    )
    # Nobody is chosen until the learner picks someone: logging a meetup against the
    # wrong person would reset that person's keep-in-touch clock.
    search = st.text_input(
        "Find the person (optional)", key="log_search", placeholder="Type part of a name"
    )
    matches = store.list_contacts(search=search or None, limit=30) if search else []
    names = {c.id: c.name for c in matches}
    person_id = st.selectbox(
        "With whom?",
        [0, *names],
        format_func=lambda i: "Nobody in particular" if i == 0 else names[i],
        key="log_person",
        help="Search above to find someone. Leave as nobody for a meetup or study session.",
    )
    with st.form("log_activity", clear_on_submit=True, border=False):
        col1, col2, col3 = st.columns(3)
        day = col1.date_input("When", value=date.today(), max_value=date.today())
        kind = col2.selectbox(
            "What",
            [k.value for k in ActivityKind],
            format_func=lambda k: k.replace("_", " ").capitalize(),
        )
        minutes = col3.number_input("Minutes", min_value=0, max_value=1440, value=15, step=5)
        note = st.text_input("Note (optional)")
        if st.form_submit_button("Log it", type="primary"):
            try:
                store.log_activity(
                    {
                        "day": day,
                        "kind": kind,
                        "minutes": int(minutes),
                        "contact_id": person_id or None,
                        "note": note,
                    }
                )
            except ValidationProblem as exc:
                for message in exc.by_field().values():
                    st.error(safe(message))
                return
            flash("Logged. Nice work.")
            st.rerun()


st.header("Log an interaction")
st.button(
    "Log a chat, message or meetup",
    icon=":material/add:",
    on_click=log_interaction,
    help="Resets that person's keep-in-touch clock and counts towards your weekly minutes.",
)
