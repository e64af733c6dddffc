"""Show the coach's review of a draft: counts against the limit, then each finding."""

from __future__ import annotations

import streamlit as st

from coffeechat.outreach.coach import CoachReport
from wizard.ui import safe


def show_report(report: CoachReport) -> None:
    """Counts, a bar against the channel limit, and the findings by severity."""
    limit = f" of {report.limit}" if report.limit else ""
    if report.errors:
        n = len(report.errors)
        verdict = f"{n} thing{'s' if n != 1 else ''} to fix before sending"
    else:
        verdict = f"coach score **{report.score}/100**"
    st.markdown(f"**{report.characters}{limit} characters** · {report.words} words · {verdict}")
    if report.limit:
        st.progress(min(1.0, report.characters / report.limit))
    if not report.findings:
        st.success("Looks good: warm, short and about them. Nothing to fix.")
        return
    for f in report.findings:
        body = f"**{safe(f.message)}**  \nTry: {safe(f.suggestion)}"
        if f.severity == "error":
            st.error(body, icon=":material/block:")
        elif f.severity == "warning":
            st.warning(body, icon=":material/lightbulb:")
        else:
            st.info(body, icon=":material/info:")
