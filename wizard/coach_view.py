"""Show the coach's review of a draft: counts against the limit, then each finding."""

from __future__ import annotations

import streamlit as st

from coffeechat.outreach.coach import CoachReport, coach
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.rules import RULES
from wizard.ui import safe

#: Where each rule is documented with an example.
RULES_DOC = "README.md#coach-rules"


_LAST_REVIEW = "_coach_last_review"


def review(text: str, channel: str, purpose: str, context: DraftContext) -> CoachReport:
    """The coach's report, kept in this session while the draft and its details stay the same.

    The page runs again on every click ("Check again", a detail, a box elsewhere), and
    the coach's answer only changes when what it reads changes.
    """
    key = (text, channel, purpose, context)
    kept = st.session_state.get(_LAST_REVIEW)
    if kept is not None and kept[0] == key:
        report: CoachReport = kept[1]
        return report
    report = coach(text, channel, purpose, context)
    st.session_state[_LAST_REVIEW] = (key, report)
    return report


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
    for f in report.findings:
        body = (f"**{safe(f.message)}**  \nTry: {safe(f.suggestion)}  \n"
                f"*Why: {f.explanation}*")
        if f.severity == "error":
            st.error(body, icon=":material/block:")
        elif f.severity == "warning":
            st.warning(body, icon=":material/lightbulb:")
        else:
            st.info(body, icon=":material/info:")
    # Tracked, so the list is only sent when someone opens it, not with every check.
    rules = st.expander("What the coach checks", on_change="rerun", key="coach_rules_open")
    if rules.open:
        rules.markdown("\n".join(f"- **{rule.id}**: {rule.explanation}"
                                  for rule in RULES.values()))
    # The way to the full list is always there (one line), opened or not.
    rules.caption(f"Each rule, with an example, is in the project's {RULES_DOC} "
                  "(section “Coach rules”).")
