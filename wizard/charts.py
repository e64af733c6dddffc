"""The dashboard's two charts: this week's networking minutes, and the conversation funnel.

Plain Vega-Lite specs rather than Altair objects: Altair validates every chart
against the full schema on each rerun, which cost more than the rest of the page.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import streamlit as st

from coffeechat.clock import now
from coffeechat.models import STATUS_ORDER, Profile, Status
from coffeechat.store import Store

BAR = "#9a4a24"


def week_minutes(store: Store, profile: Profile) -> None:
    """Minutes networked each day this week, against the weekly target."""
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
    rows = [{"day": d.strftime("%a"), "minutes": m} for d, m in days.items()]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": BAR},
            "encoding": {
                "x": {
                    "field": "day",
                    "type": "nominal",
                    "sort": None,
                    "title": None,
                    "axis": {"labelAngle": 0},
                },
                "y": count_axis("minutes", [*days.values(), target]),
            },
        }
    ]
    daily = round(target / 7, 1)
    if target:
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#2b2118"},
                "encoding": {
                    "y": {"datum": daily, "type": "quantitative"},
                    # A screen reader reads each mark; a line with no field has no words.
                    "description": {"value": f"Daily share of your target: {daily:g} minutes"},
                },
            }
        )
    summary = "; ".join(f"{r['day']} {r['minutes']}" for r in rows)
    st.vega_lite_chart(
        spec={
            "data": {"values": rows},
            "layer": layers,
            "height": 220,
            "description": f"Minutes networked each day this week: {summary}.",
        },
        width="stretch",
    )
    if target:
        st.caption(f"Dashed line: your daily share of the weekly target ({daily:g} minutes).")


def count_axis(field: str, values: list[float]) -> dict[str, Any]:
    """A quantitative axis for whole numbers, with whole-number ticks chosen here.

    Left to itself, Vega-Lite puts half-steps on a short axis (0, 0.5, 1) and, when
    every value is 0, labels its one tick "0.000000". Ticks of 1, 2, 5, 10, ... apart,
    up to the largest value, always read as counts.
    """
    top = max([0, *values])
    step = next(
        base * 10**power
        for power in range(12)
        for base in (1, 2, 5)
        if top <= 6 * base * 10**power
    )
    end = max(step, -(-int(math.ceil(top)) // step) * step)
    return {
        "field": field,
        "type": "quantitative",
        "title": field,
        "scale": {"domain": [0, end]},
        "axis": {"values": list(range(0, end + 1, step)), "format": "d"},
    }


def funnel_spec(counts: dict[Status, int]) -> dict[str, Any]:
    """The funnel as a Vega-Lite spec: one bar per status, in journey order."""
    order = [s.value for s in STATUS_ORDER]
    rows = [{"status": s.value, "conversations": counts.get(s, 0)} for s in STATUS_ORDER]
    return {
        "data": {"values": rows},
        "mark": {"type": "bar", "color": "#c47a4a"},
        "height": 220,
        "encoding": {
            "y": {"field": "status", "type": "nominal", "sort": order, "title": None},
            "x": count_axis("conversations", [counts.get(s, 0) for s in STATUS_ORDER]),
        },
    }


def funnel(store: Store) -> None:
    """How many conversations are at each step, from idea to closed."""
    counts = store.conversations.status_counts()
    st.header("Conversations")
    st.vega_lite_chart(spec=funnel_spec(counts), width="stretch")
    if not sum(counts.values()):
        st.caption("No conversations yet: start one from the Question plan page.")
