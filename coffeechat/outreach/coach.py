"""Check an outreach draft against what good first messages have in common.

The message is parsed once (:mod:`coffeechat.outreach.message`), then every rule
registered in :mod:`coffeechat.outreach.rules` that applies to the channel and
purpose looks at the parse. Each rule gives at most one finding per message, with
every span it found, so a message with three job-ask phrases shows all three at once.

Rule ids are a public interface: ``too-long``, ``word-limit``, ``job-ask``,
``mentor-ask``, ``no-question``, ``no-common-ground``, ``about-me``,
``no-greeting``, ``attachment``, ``generic`` and ``no-subject``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from coffeechat.outreach.channels import Channel, Purpose, limit_for
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.message import count_words, parse
from coffeechat.outreach.rules import RULES, Severity

__all__ = ["PENALTY", "CoachReport", "Finding", "coach", "count_words"]

PENALTY = {"error": 30, "warning": 12, "info": 3}
_ORDER = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """One thing the coach noticed, with every place it noticed it."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    span: tuple[int, int] | None
    suggestion: str
    spans: list[tuple[int, int]] = []

    @property
    def explanation(self) -> str:
        """The rule's one-line explanation, as the app and the README show it."""
        return RULES[self.rule].explanation


class CoachReport(BaseModel):
    """Everything the coach says about a draft."""

    model_config = ConfigDict(frozen=True)

    score: int
    findings: list[Finding]
    characters: int
    words: int
    limit: int | None

    @property
    def errors(self) -> list[Finding]:
        """Findings that should be fixed before sending."""
        return [f for f in self.findings if f.severity == "error"]

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape: score and findings."""
        return {
            "score": self.score,
            "findings": [f.model_dump() for f in self.findings],
        }


def coach(text: str, channel: Channel | str, purpose: Purpose | str,
          context: DraftContext | None = None) -> CoachReport:
    """Review a draft for a channel and purpose; returns findings and a 0-100 score."""
    ch, pu = Channel(channel), Purpose(purpose)
    ctx = context or DraftContext()
    message = parse(text, ch, pu, ctx)
    findings = []
    for rule in RULES.values():
        if not rule.applies(ch, pu):
            continue
        hit = rule.check(message)
        if hit is None:
            continue
        spans = list(hit.spans)
        findings.append(Finding(
            rule=rule.id, severity=hit.severity or rule.severity, message=hit.message,
            span=spans[0] if spans else None, suggestion=hit.suggestion,
            spans=spans))
    findings.sort(key=lambda f: _ORDER[f.severity])
    score = max(0, 100 - sum(PENALTY[f.severity] for f in findings))
    return CoachReport(score=score, findings=findings, characters=len(text),
                       words=message.words, limit=limit_for(ch, ctx.linkedin_plan))
