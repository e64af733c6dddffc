from datetime import datetime, time

import streamlit as st

from coffeechat import cadence
from coffeechat.models import Category, Conversation, ConversationFormat
from coffeechat.planner import replan
from coffeechat.workflow import (
    MeetingTime,
    chat_focus,
    chat_setup,
    meeting_time,
    start_conversation,
)
from wizard import state
from wizard.pickers import contact_picker, conversation_picker
from wizard.plan_editor import plan_editor, undo_key
from wizard.ui import flash, folded, guard, page_fragment, rerun_alone, safe, toast

store = state.store()
bank = state.bank()
# Read on every click, changed on the Profile page only: kept until something is saved.
profile = state.remembered("profile", store.profile.get)

st.title("Question plan")
st.markdown(
    "Choose questions that fit the time someone can give you. Every change is saved "
    "on the conversation."
)

contact = contact_picker("plan")
if contact is None:
    st.stop()
conversation = conversation_picker("plan", contact)

role_ids: list[str] = list(bank.roles)
audience_ids: list[str] = list(bank.audiences)

if conversation is None:
    st.header(f"Start a conversation with {safe(contact.first_name)}")
    setup = chat_setup(bank, profile, contact)
    formats = [f.value for f in ConversationFormat]
    with st.form("new_conversation"):
        col1, col2 = st.columns(2)
        fmt = col1.selectbox(
            "How you'll meet",
            formats,
            index=formats.index(setup.format.value),
            format_func=str.capitalize,
        )
        minutes = col2.slider("Time they can give you (minutes)", 10, 60, setup.minutes, step=5)
        col3, col4 = st.columns(2)
        role = col3.selectbox(
            "Role you're curious about",
            role_ids,
            index=role_ids.index(setup.role),
            format_func=lambda r: bank.roles[r].title,
        )
        audience = col4.selectbox(
            f"{contact.first_name} is a…",
            audience_ids,
            index=audience_ids.index(setup.audience),
            format_func=lambda a: bank.audiences[a].title,
            help="Questions are picked for this kind of person. We guessed from their job "
            "title: change it if it's wrong.",
        )
        goal = st.text_input(
            "Your goal for this chat", placeholder="e.g. Find out what the first year in QA is like"
        )
        why = st.text_input(
            f"Why {contact.first_name}?",
            placeholder="e.g. She moved from teaching into QA two years ago",
        )
        col5, col6 = st.columns(2)
        day = col5.date_input(
            "Date you'd like to suggest (optional)",
            value=None,
            help="Only a suggestion: the chat counts as scheduled once they say yes.",
        )
        at = col6.time_input("Time (optional)", value=None)
        create = st.form_submit_button("Create and propose a plan", type="primary")
    if create:
        with guard("creating the conversation"):
            start, plan = start_conversation(
                bank,
                contact,
                role=role,
                audience=audience,
                minutes=minutes,
                format=fmt,
                goal=goal,
                why_them=why,
                day=day,
                at=at,
            )
            new = store.conversations.add(start)
            st.query_params["conversation"] = str(new.id)
            st.query_params["contact"] = str(contact.id)
            flash(f"Planned {len(plan.items)} questions for your chat with {contact.first_name}")
            st.rerun()
    st.stop()


def plan_settings(conversation: Conversation, role: str, audience: str, k_focus: str) -> None:
    """What the plan is chosen for: the role, the person, the minutes, a leaning."""
    assert contact is not None  # the page stops above when there is none

    def update(field: str, key: str) -> None:
        with guard("saving"):
            store.conversations.update(conversation.id, **{field: st.session_state[key]})
            toast("Saved")

    # A row, not st.columns: a row is one element sent, st.columns one per column too.
    row = st.container(horizontal=True)
    k_role, k_aud, k_min = (f"conv_{conversation.id}_{f}" for f in ("role", "aud", "min"))
    st.session_state.setdefault(k_role, role)
    st.session_state.setdefault(k_aud, audience)
    st.session_state.setdefault(k_min, conversation.budget_minutes)
    row.selectbox(
        "Role",
        role_ids,
        key=k_role,
        format_func=lambda r: bank.roles[r].title,
        on_change=update,
        args=("role", k_role),
    )
    row.selectbox(
        f"{contact.first_name} is a…",
        audience_ids,
        key=k_aud,
        format_func=lambda a: bank.audiences[a].title,
        help="Questions are picked for this kind of person.",
        on_change=update,
        args=("audience", k_aud),
    )
    row.number_input(
        "Minutes",
        min_value=5,
        max_value=240,
        step=5,
        key=k_min,
        on_change=update,
        args=("budget_minutes", k_min),
    )
    st.pills(
        "Lean towards (optional)",
        [c.value for c in Category],
        help="Plans follow TIARA: Trends, Insights, Advice, Resources, Assignments, with an "
        "opening and a closing. Pick a kind of question to get more of it.",
        selection_mode="multi",
        format_func=lambda v: Category(v).label,
        key=k_focus,
    )


# A fragment: proposing, shuffling and editing the plan rerun this part only, not the
# pickers above it or the sidebar. It reads the conversation afresh on each of its runs
# alone, since the one the page read is as old as the page's last full run.
@page_fragment
def plan_for(conversation: Conversation) -> None:
    assert contact is not None  # the page stops above when there is none
    if rerun_alone():
        conversation = store.conversations.get(conversation.id)
    role, audience = chat_focus(bank, profile, contact, conversation)

    # Chosen when the chat was created: once there is a plan, folded (and drawn only once
    # opened, then on every run so a choice in it is kept) to spare the page its widgets.
    k_focus = f"focus_{conversation.id}"
    with folded(":material/tune: Role, person and time", f"plan_settings_{conversation.id}",
                start_open=not conversation.plan) as settings:
        if settings:
            plan_settings(conversation, role, audience, k_focus)
    focus: list[str] = st.session_state.get(k_focus) or []
    seed_key = f"seed_{conversation.id}"
    st.session_state.setdefault(seed_key, 0)

    def propose(shuffle: bool) -> None:
        if shuffle:
            st.session_state[seed_key] += 1
        with guard("proposing a plan"):
            # Questions you already took notes on stay in the plan.
            plan = replan(
                bank,
                role,
                audience,
                conversation.plan,
                minutes=conversation.budget_minutes,
                keep=store.notes.noted_question_ids(conversation.id),
                focus=focus,
                seed=st.session_state[seed_key],
            )
            store.conversations.save_plan(conversation.id, plan.ids)
            if conversation.plan:
                st.session_state[undo_key(conversation.id)] = (
                    list(conversation.plan),
                    "Proposed a new plan",
                )
            toast(f"New plan: {len(plan.items)} questions, {plan.total_minutes} minutes")

    buttons = st.container(horizontal=True)
    buttons.button(
        "Propose a plan",
        type="primary" if not conversation.plan else "secondary",
        on_click=propose,
        args=(False,),
        width="stretch",
    )
    buttons.button(
        "Shuffle for different questions",
        on_click=propose,
        args=(True,),
        width="stretch",
        disabled=not conversation.plan,
    )

    def when_you_meet(slot: MeetingTime) -> None:
        """The proposed time until they agree; the agreed time after."""
        agreed, field, current = slot.agreed, slot.field, slot.at
        if agreed:
            st.markdown("They said yes. Change the time here if it moves.")
        else:
            st.markdown(
                "The time you'd like to suggest. Nothing is booked until they agree, so "
                "your reminders to follow up stay in place."
            )
        k_day, k_time = (f"when_{conversation.id}_{field}_{part}" for part in ("day", "time"))
        st.session_state.setdefault(k_day, current.date() if current else None)
        st.session_state.setdefault(
            k_time, current.time() if current and current.time() != time.min else None
        )

        def typed_time() -> datetime | None:
            return cadence.chat_time(st.session_state[k_day], st.session_state[k_time])

        def save_time() -> None:
            with guard("saving the time"):
                store.conversations.update(conversation.id, **{field: typed_time()})
                toast("Saved")

        def agree() -> None:
            with guard("scheduling the chat"):
                store.conversations.schedule(conversation.id, typed_time())
                flash(f"Scheduled. Enjoy your chat with {contact.first_name}.")

        day_col, time_col = st.columns(2)
        day_col.date_input(
            "Agreed date" if agreed else "Proposed date", key=k_day, on_change=save_time
        )
        time_col.time_input("Time (optional)", key=k_time, on_change=save_time)
        if not agreed:
            st.button(
                "They agreed: mark it scheduled",
                key=f"agree_{conversation.id}",
                on_click=agree,
                help="Cancels the reminders to follow up on your request.",
            )

    slot = meeting_time(conversation)
    if slot is not None:
        with folded(":material/event: When you'll meet", f"when_{conversation.id}_open") as shown:
            if shown:
                when_you_meet(slot)

    if not conversation.plan:
        st.info("No questions yet. Press **Propose a plan** to get a starting point you can edit.")
        return

    st.header(f"Your plan for {safe(contact.first_name)}")
    plan_editor(store, bank, conversation, role, audience)


plan_for(conversation)
# Outside the plan's part: they never change with the plan, so its clicks need not send them.
links = st.container(horizontal=True)
query = {"contact": str(contact.id), "conversation": str(conversation.id)}
links.page_link(
    "pages/outreach.py", label="Write the request", icon=":material/mail:", query_params=query
)
links.page_link(
    "pages/notes.py", label="Take notes in the chat", icon=":material/coffee:",
    query_params=query,
)
links.page_link(
    "pages/export.py", label="Sheet and cards", icon=":material/inventory_2:",
    query_params=query,
)


