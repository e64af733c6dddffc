"""The plan editor: reorder, swap, remove and add questions; every change is saved."""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from coffeechat.banks import Bank
from coffeechat.models import Category, Conversation
from coffeechat.planner import (
    alternatives,
    best_questions,
    coverage_line,
    describe_choice,
    plan_minutes,
    theme_coverage,
    trim_to_budget,
)
from coffeechat.store import Store
from coffeechat.workflow import insert_question
from wizard.ui import guard, safe, toast

ADD_CHOICES = 80


def undo_key(conversation_id: int) -> str:
    """Where the plan before the last change is kept, for Undo."""
    return f"plan_undo_{conversation_id}"


def _save(store: Store, conversation: Conversation, plan: list[str], message: str) -> None:
    with guard("saving the plan"):
        store.conversations.save_plan(conversation.id, plan)
        st.session_state[undo_key(conversation.id)] = (list(conversation.plan), message)
        toast(message)


def _undo(store: Store, conversation_id: int) -> None:
    previous = st.session_state.pop(undo_key(conversation_id), None)
    if previous is not None:
        with guard("undoing"):
            store.conversations.save_plan(conversation_id, previous[0])
            toast("Undone")


def _trim(store: Store, conversation: Conversation, bank: Bank) -> None:
    plan = trim_to_budget(bank, conversation.plan, conversation.budget_minutes,
                          keep=store.notes.noted_question_ids(conversation.id))
    _save(store, conversation, plan, f"Trimmed to fit {conversation.budget_minutes} minutes")


def _move(store: Store, conversation: Conversation, index: int, step: int) -> None:
    plan = list(conversation.plan)
    target = index + step
    if 0 <= target < len(plan):
        plan[index], plan[target] = plan[target], plan[index]
        _save(store, conversation, plan, "Moved")


def _remove(store: Store, conversation: Conversation, index: int) -> None:
    plan = list(conversation.plan)
    plan.pop(index)
    _save(store, conversation, plan, "Removed from the plan")


def _swap(store: Store, conversation: Conversation, index: int, key: str) -> None:
    new_id = st.session_state.get(key)
    if not new_id:
        return
    _keep(conversation.id)
    plan = list(conversation.plan)
    plan[index] = new_id
    _save(store, conversation, plan, "Swapped")


def _add(store: Store, conversation: Conversation, bank: Bank, key: str) -> None:
    _insert(store, conversation, bank, st.session_state.get(key))


def _insert(store: Store, conversation: Conversation, bank: Bank, new_id: str | None) -> None:
    if not new_id:
        return
    plan = insert_question(bank, conversation.plan, new_id)
    if plan != conversation.plan:
        _save(store, conversation, plan, "Added to the plan")


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def budget_bar(store: Store, bank: Bank, conversation: Conversation, total: int) -> None:
    """Planned minutes against the time they can give you, with a way to fit."""
    budget = conversation.budget_minutes
    text = f"{total} of {budget} minutes planned"
    if total <= budget and budget - total >= 5:
        text += (f" · {_minutes(budget - total)} spare: room for their stories, or one more "
                 "question.")
    st.progress(min(1.0, total / budget) if budget else 0.0, text=text)
    if total > budget:
        st.warning(
            f"That's {_minutes(total - budget)} over. Trim the plan to fit, remove a question "
            "yourself, or ask for a little more time."
        )
        st.button(
            f"Trim to fit {budget} minutes",
            on_click=_trim,
            args=(store, conversation, bank),
            key=f"trim_{conversation.id}",
        )


def key_questions(
    store: Store, bank: Bank, conversation: Conversation, role: str, audience: str
) -> None:
    """Which canonical questions the plan covers, and a way to add a missing one."""
    statuses = theme_coverage(bank, conversation.plan, conversation.budget_minutes, role,
                              audience)
    st.caption(coverage_line(statuses))
    for status in statuses:
        if status.note is None:
            continue
        st.info(status.note)
        if status.suggestion is not None:
            st.button(
                "Add this question",
                key=f"theme_{conversation.id}_{status.theme.value}",
                on_click=_insert,
                args=(store, conversation, bank, status.suggestion.id),
            )


# What each question's "Change" menu offers, in its order.
CHANGES = {
    "up": ":material/arrow_upward: Move up",
    "down": ":material/arrow_downward: Move down",
    "swap": ":material/swap_horiz: Swap for another",
    "remove": ":material/close: Remove",
}


def swapping_key(conversation_id: int) -> str:
    """Which question's other choices are shown, after "Swap for another" in its menu."""
    return f"plan_swapping_{conversation_id}"


def _change(store: Store, conversation: Conversation, index: int, key: str) -> None:
    change = st.session_state.get(key)
    if change in ("up", "down"):
        _move(store, conversation, index, -1 if change == "up" else 1)
    elif change == "remove":
        _remove(store, conversation, index)
    elif change == "swap":
        st.session_state[swapping_key(conversation.id)] = conversation.plan[index]


def _keep(conversation_id: int) -> None:
    st.session_state.pop(swapping_key(conversation_id), None)


def _swap_choices(
    store: Store, bank: Bank, conversation: Conversation, index: int, role: str, audience: str
) -> None:
    q = bank.questions[conversation.plan[index]]
    options = alternatives(bank, conversation.plan, q.id, role, audience, limit=8)
    if not options:
        st.markdown("No other questions of this kind fit this role and person.")
    else:
        key = f"swap_{conversation.id}_{index}"
        st.radio(
            f"Other {q.category.label} questions",
            [o.id for o in options],
            key=key,
            index=None,
            format_func=lambda i: f"{bank.questions[i].text} ({bank.questions[i].minutes} min)",
            on_change=_swap,
            args=(store, conversation, index, key),
        )
    st.button("Keep this one", key=f"keep_{conversation.id}", type="tertiary",
              on_click=_keep, args=(conversation.id,))


def plan_editor(
    store: Store, bank: Bank, conversation: Conversation, role: str, audience: str
) -> None:
    """Show the plan with its controls."""
    total = 0
    fitted = plan_minutes(bank, conversation.plan, conversation.budget_minutes)
    swapping = st.session_state.get(swapping_key(conversation.id))
    if swapping is not None and swapping not in conversation.plan:
        _keep(conversation.id)  # removed meanwhile: if it comes back, it comes back closed
    final = len(conversation.plan) - 1
    for index, qid in enumerate(conversation.plan):
        q = bank.question(qid)
        if q is None:
            with st.container(border=True):
                st.markdown(f"*This question ({safe(qid)}) is no longer in your banks.*")
                st.button(
                    "Remove",
                    key=f"rm_{conversation.id}_{index}",
                    on_click=_remove,
                    args=(store, conversation, index),
                )
            continue
        total += fitted[qid]
        shortened = f" (usually {q.minutes})" if fitted[qid] < q.minutes else ""
        # Two elements a question (every element sent costs the browser time on each
        # click): its text with why it was chosen, and one menu of changes under it,
        # which opens in the browser alone (only a choice in it runs the page). A card
        # around each, or a row to put the menu beside the text, cost a tenth of the
        # page's navigation time (benchmarks/browser.py: 218 against 196 ms).
        choosing = swapping == qid
        # The question being swapped gets a card, for the other choices under it.
        with st.container(border=True) if choosing else nullcontext():
            st.markdown(
                f"**{q.category.label}** · {fitted[qid]} min{shortened}  \n{safe(q.text)}  \n"
                f":small[:gray[{safe(describe_choice(q, bank, role, audience))}]]",
                width="stretch",
            )
            key = f"change_{conversation.id}_{index}"
            st.menu_button(
                "Change",
                [c for c in CHANGES if not (c == "up" and index == 0)
                 and not (c == "down" and index == final)],
                key=key,
                help="Move, swap or remove this question",
                format_func=CHANGES.__getitem__,
                on_click=_change,
                args=(store, conversation, index, key),
            )
            if choosing:
                _swap_choices(store, bank, conversation, index, role, audience)
    budget_bar(store, bank, conversation, total)
    key_questions(store, bank, conversation, role, audience)
    last = st.session_state.get(undo_key(conversation.id))
    if last is not None:
        st.button(
            f"Undo: {last[1].lower()}",
            icon=":material/undo:",
            key=f"undo_{conversation.id}",
            on_click=_undo,
            args=(store, conversation.id),
        )

    # Tracked, like the swaps: the best questions among thousands are only ranked once
    # this is open.
    adding = st.expander(":material/add: Add a question", on_change="rerun",
                         key=f"add_open_{conversation.id}")
    with adding:
        if not adding.open:
            return
        cat = st.selectbox(
            "Kind of question",
            [c.value for c in Category],
            format_func=lambda v: Category(v).label,
            key=f"add_cat_{conversation.id}",
        )
        candidates = best_questions(
            bank, Category(cat), role, audience, set(conversation.plan), ADD_CHOICES
        )
        if not candidates:
            st.markdown("Every question of this kind is already in the plan.")
        else:
            key = f"add_{conversation.id}"
            st.selectbox(
                "Question",
                [q.id for q in candidates],
                key=key,
                index=None,
                placeholder="Choose a question to add",
                format_func=lambda i: f"{bank.questions[i].text} ({bank.questions[i].minutes} min)",
            )
            st.button(
                "Add to plan",
                key=f"add_btn_{conversation.id}",
                on_click=_add,
                args=(store, conversation, bank, key),
            )
