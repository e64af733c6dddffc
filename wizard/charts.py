"""The dashboard's two summaries: minutes this week, and conversations at each step.

Drawn with Streamlit's own progress bars and text rather than charts. A chart makes the
browser fetch and start Vega's JavaScript, and on a first visit those two small bar
charts cost about a fifth of the whole page load (benchmarks/browser.py, same run: 2.57 s
with them, 2.02 s without, against 1.96 s for a plain Streamlit app). A bar with its
label says the same, and a screen reader reads each label and value.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from coffeechat.clock import now
from coffeechat.models import STATUS_LABELS, STATUS_ORDER, Profile, Status
from coffeechat.store import Store


def week_words(total: int, target: int) -> str:
    """The line on the week's bar: how far along, kindly."""
    if total >= target:
        return "Weekly target reached. Well done."
    share = round(100 * total / target)
    left = target - total
    return f"{share}% of your weekly target: {left} minute{'s' if left != 1 else ''} to go"


def day_line(days: dict[date, int], today: date) -> str:
    """Minutes on each day of the week so far: "Mon 20 · Tue 0 · Wed 15"."""
    return " · ".join(f"{day:%a} {minutes}" for day, minutes in days.items() if day <= today)


def week_minutes(store: Store, profile: Profile) -> None:
    """Minutes networked this week, against the weekly target."""
    today = now().date()
    monday = today - timedelta(days=today.weekday())
    days = store.activities.minutes_by_day(monday, monday + timedelta(days=6))
    total = sum(days.values())
    target = profile.weekly_networking_minutes
    st.header("This week")
    st.metric(
        "Networking minutes",
        f"{total} of {target}",
        help="Your target comes from your weekly study hours and the share you set aside "
        "for networking (Profile page).",
    )
    if target:
        st.progress(min(total / target, 1.0), text=week_words(total, target))
    else:
        st.caption("Add your weekly study hours on the Profile page to get a target.")
    st.caption(f"Minutes each day: {day_line(days, today)}")


def funnel_rows(counts: dict[Status, int]) -> list[tuple[str, int, float]]:
    """Each step in journey order: its label, how many, and the bar's length (0 to 1)."""
    top = max(counts.values(), default=0) or 1
    return [(STATUS_LABELS[s], counts.get(s, 0), counts.get(s, 0) / top) for s in STATUS_ORDER]


def funnel(store: Store) -> None:
    """How many conversations are at each step, from idea to closed."""
    counts = store.conversations.status_counts()
    st.header("Conversations")
    if not sum(counts.values()):
        st.caption("No conversations yet: start one from the Question plan page.")
        return
    for label, count, share in funnel_rows(counts):
        st.progress(share, text=f"{label}: {count}")
