"""The dashboard's two charts: this week's networking minutes, and the conversation funnel."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from coffeechat.clock import now
from coffeechat.models import STATUS_ORDER, Profile
from coffeechat.store import Store


def week_minutes(store: Store, profile: Profile) -> None:
    """Minutes networked each day this week, against the weekly target."""
    today = now().date()
    monday = today - timedelta(days=today.weekday())
    days = store.minutes_by_day(monday, monday + timedelta(days=6))
    total = sum(days.values())
    target = profile.weekly_networking_minutes
    st.subheader("This week")
    st.metric(
        "Networking minutes",
        f"{total} of {target}",
        help="Your target comes from your weekly study hours and the share you "
        "set aside for networking (Profile page).",
    )
    frame = pd.DataFrame({"day": [d.strftime("%a") for d in days], "minutes": list(days.values())})
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#9a4a24")
        .encode(x=alt.X("day:N", sort=None, title=None), y=alt.Y("minutes:Q", title="minutes"))
    )
    layers: alt.Chart | alt.LayerChart = bars
    if target:
        rule = (
            alt.Chart(pd.DataFrame({"daily": [target / 7]}))
            .mark_rule(strokeDash=[4, 4], color="#2b2118")
            .encode(y="daily:Q")
        )
        layers = bars + rule
    st.altair_chart(layers, width="stretch")
    st.caption("Dashed line: your daily share of the weekly target.")


def funnel(store: Store) -> None:
    """How many conversations are at each step, from idea to closed."""
    counts = store.status_counts()
    st.subheader("Conversations")
    frame = pd.DataFrame(
        {"status": [s.value for s in STATUS_ORDER], "count": [counts[s] for s in STATUS_ORDER]}
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#c47a4a")
        .encode(
            y=alt.Y("status:N", sort=[s.value for s in STATUS_ORDER], title=None),
            x=alt.X("count:Q", title="conversations", axis=alt.Axis(tickMinStep=1)),
        )
    )
    st.altair_chart(chart, width="stretch")
    if not sum(counts.values()):
        st.caption("No conversations yet: start one from the Question plan page.")
