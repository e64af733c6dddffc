from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from coffeechat.clock import now
from coffeechat.errors import CoffeeChatError, InvalidInputError
from coffeechat.models import ActivityKind
from coffeechat.outreach.service import purpose_for_followup
from coffeechat.store import FollowUpList, FollowUpView
from wizard import state
from wizard.ui import field_error, flash, guard, page_fragment, safe, toast

store = state.store()
st.title("Follow-ups")
st.markdown("Keeping in touch is like tending a garden: a little, now and then. Here's what's due.")


def done(followup_id: int, name: str) -> None:
    with guard("marking it done"):
        store.followups.complete(followup_id)
        toast(f"Done. Nice one, {name} will appreciate it.")


def snooze(followup_id: int, days: int) -> None:
    if days:
        with guard("snoozing"):
            updated = store.followups.snooze(followup_id, int(days))
            toast(f"Moved to {updated.due_on:%a %d %b}")


T = TypeVar("T")
FIRST = 3  # per list: a short list gets done, a long one is daunting
PER_PAGE = 20  # once a list is opened up, it is paged so thousands stay quick
LISTS = [
    (FollowUpList.OVERDUE, "Overdue", ""),
    (FollowUpList.TODAY, "Today", ""),
    (FollowUpList.THIS_WEEK, "This week", "Due in the next seven days, soonest first."),
    (FollowUpList.COMING_UP, "Coming up", "Further ahead than this week, soonest first."),
    (FollowUpList.SNOOZED, "Snoozed", "Put off for now. Each one comes back on the day shown."),
]
# Not due yet: each of these is one line with its count until opened, so what needs
# doing now is what the page shows (and all it has to draw). "This week" starts open
# when nothing is overdue or due today, as it is then the next thing to do.
FOLDED = {FollowUpList.THIS_WEEK, FollowUpList.COMING_UP, FollowUpList.SNOOZED}


def expanded_key(which: FollowUpList) -> str:
    return f"followups_all_{which.value}"


def expand(which: FollowUpList) -> None:
    st.session_state[expanded_key(which)] = True


def followup_card(view: FollowUpView, which: FollowUpList) -> None:
    f = view.followup
    when = "snoozed until" if which == FollowUpList.SNOOZED else "due"
    # One box that wraps, not columns or a row inside a box (each one more element to
    # send and draw, on every card): the text is given more width than any box has, so
    # it fills its line (a width larger than the box means the box's width) and the
    # actions wrap onto the line under it, side by side.
    card = st.container(border=True, horizontal=True, vertical_alignment="center")
    card.markdown(
        f"**{safe(view.contact_name)}** · {when} {f.due_on:%a %d %b}  \n{safe(f.text)}",
        width=10_000,
    )
    card.button(
        "Done",
        key=f"done_{f.id}",
        type="primary",
        on_click=done,
        args=(f.id, view.first_name),
    )
    # Tracked, so its choices are only drawn for the card whose popover is open: a
    # box of choices on every card made these lists the slowest part of the page.
    later = card.popover("Not now? Snooze it", on_change="rerun", key=f"later_{f.id}")
    if later.open:
        later.markdown("For how long?")
        choices = later.container(horizontal=True, gap="small")
        for days in (1, 3, 7, 14):
            choices.button(
                "1 day" if days == 1 else f"{days} days",
                key=f"snooze_{f.id}_{days}",
                on_click=snooze,
                args=(f.id, days),
            )
    purpose = purpose_for_followup(f.kind)
    if purpose is not None:
        query = {"contact": str(f.contact_id), "purpose": purpose.value}
        if f.conversation_id:
            query["conversation"] = str(f.conversation_id)
        card.page_link(
            "pages/outreach.py",
            label="Draft the message",
            icon=":material/mail:",
            query_params=query,
        )


def remembered(name: str, compute: Callable[[], T]) -> T:
    """Kept until something is saved (or the day changes): opening a list or the snooze
    choices, "Show all", or coming back to the page, then reads nothing again."""
    return state.remembered(f"followups:{name}:{now().date()}", compute)


def followup_list(which: FollowUpList, total: int) -> None:
    """The first few of one list, or (once "Show all" was clicked) one page of it."""
    opened = bool(st.session_state.get(expanded_key(which)))
    if opened:
        pages = -(-total // PER_PAGE)
        page_key = f"followups_page_{which.value}"
        if st.session_state.get(page_key, 1) > pages:
            st.session_state[page_key] = pages  # the list shrank since the page was picked
        page_no = st.pagination(pages, key=page_key) if pages > 1 else 1
        views = store.followups.page(which, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
    else:
        views = remembered(which.value, lambda: store.followups.page(which, limit=FIRST))
    for view in views:
        followup_card(view, which)
    if total > FIRST and not opened:
        st.button(
            f"Show all {total}",
            key=f"more_{which.value}",
            on_click=expand,
            args=(which,),
            help=f"Showing the first {FIRST}, soonest first.",
        )


# A fragment: "Done", "Snooze" and "Show all" rerun these lists only, not the page
# around them (the sidebar follows when a step of the journey is ticked).
@page_fragment
def due_lists() -> None:
    counts = remembered("counts", store.followups.counts)
    due_soon = (FollowUpList.OVERDUE, FollowUpList.TODAY, FollowUpList.THIS_WEEK)
    if not any(counts[which] for which in due_soon):
        st.success("Nothing due this week. A good moment to reach out to someone new.")
    for which, title, intro in LISTS:
        total = counts[which]
        if not total:
            continue
        if which not in FOLDED:
            # No anchor: a link to "Overdue (12)" would break with the next Done.
            st.header(f"{title} ({total})", anchor=False)
            followup_list(which, total)
            continue
        # Tracked, so its cards are only fetched and drawn once it is opened. The count
        # in its label makes it a new expander when it changes (a Done inside it), which
        # opens as it was last seen rather than folding under the learner's hand.
        seen = f"followups_seen_open_{which.value}"
        first_open = which == FollowUpList.THIS_WEEK and not (
            counts[FollowUpList.OVERDUE] or counts[FollowUpList.TODAY])
        box = st.expander(f"{title} ({total})",
                          expanded=st.session_state.get(seen, first_open),
                          key=f"followups_open_{which.value}", on_change="rerun")
        st.session_state[seen] = box.open
        if box.open:
            with box:
                st.markdown(intro)
                followup_list(which, total)

    quiet = remembered("gone_quiet", lambda: store.contacts.gone_quiet(limit=10))
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
            + "\n\n:small[:gray[The ten quietest. A short hello, or a note on what "
            "you've been learning, is enough.]]"
        )


due_lists()


LOG_OPEN = "log_open"
LOG_ERRORS = "log_errors"


def open_log() -> None:
    st.session_state[LOG_OPEN] = True
    st.session_state.pop(LOG_ERRORS, None)


def close_log() -> None:
    st.session_state[LOG_OPEN] = False


def save_log() -> None:
    # A callback runs before the dialog is drawn again, so a refused value is shown
    # under its field in the same run, with everything typed still in place.
    values = {
        "day": st.session_state.get("log_day"),
        "kind": st.session_state.get("log_kind"),
        "minutes": int(st.session_state.get("log_minutes") or 0),
        "contact_id": st.session_state.get("log_person") or None,
        "note": st.session_state.get("log_note", ""),
    }
    try:
        store.activities.log(values)
    except InvalidInputError as exc:
        st.session_state[LOG_ERRORS] = exc.by_field()
        return
    except CoffeeChatError as exc:
        st.session_state[LOG_ERRORS] = {"": exc.message}
        return
    st.session_state.pop(LOG_ERRORS, None)
    close_log()
    flash("Logged. Nice work.")


@st.dialog("Log an interaction", on_dismiss=close_log)
def log_interaction() -> None:
    if not st.session_state.get(LOG_OPEN):
        # Saved: redraw the whole page, which closes the dialog and shows the log.
        st.rerun()
    st.markdown(
        "Bumped into someone, swapped messages, or went to a meetup? Logging it resets "
        "that person's keep-in-touch clock and counts towards your weekly minutes."
    )
    # Nobody is chosen until the learner picks someone: logging a meetup against the
    # wrong person would reset that person's keep-in-touch clock.
    search = st.text_input(
        "Find the person (optional)", key="log_search", placeholder="Type part of a name"
    )
    matches = store.contacts.list(search=search or None, limit=30) if search else []
    names = {c.id: c.name for c in matches}
    st.selectbox(
        "With whom?",
        [0, *names],
        format_func=lambda i: "Nobody in particular" if i == 0 else names[i],
        key="log_person",
        help="Search above to find someone. Leave as nobody for a meetup or study session.",
    )
    errors: dict[str, str] = st.session_state.get(LOG_ERRORS, {})
    field_error(errors, "contact_id")
    with st.form("log_activity", clear_on_submit=False, border=False):
        field_error(errors, "")
        col1, col2, col3 = st.columns(3)
        col1.date_input("When", value=date.today(), max_value=date.today(), key="log_day")
        field_error(errors, "day", col1)
        col2.selectbox(
            "What",
            [k.value for k in ActivityKind],
            format_func=lambda k: k.replace("_", " ").capitalize(),
            key="log_kind",
        )
        field_error(errors, "kind", col2)
        col3.number_input(
            "Minutes", min_value=0, max_value=1440, value=15, step=5, key="log_minutes"
        )
        field_error(errors, "minutes", col3)
        st.text_input("Note (optional)", key="log_note")
        field_error(errors, "note")
        st.form_submit_button("Log it", type="primary", on_click=save_log)


st.header("Log an interaction")
st.button(
    "Log a chat, message or meetup",
    icon=":material/add:",
    on_click=open_log,
    help="Resets that person's keep-in-touch clock and counts towards your weekly minutes.",
)
# Drawn from the page, not from the button's callback, so the dialog survives a
# rerun of the whole page while it is open.
if st.session_state.get(LOG_OPEN):
    log_interaction()
