"""The coach's rules: one small function per rule, each registered in one place.

A rule is registered with :func:`rule`, which records its id and severity, the
purposes and channels it applies to, the one-line explanation the app shows, and
examples that break it plus near misses that must not. The examples run as tests
(``tests/test_coach.py``), and a test checks that every rule is documented in the
README, the way mkdocs declares each config option once with its own validation.

Every rule traces back to "Outreach messages: what good looks like" in the domain
brief: fewer than 100 words, no jobs or referrals, lead with common ground, more
about them than about you, ask a narrow question, end with a question mark, and
respect each channel's limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.message import Message, Span

Severity = Literal["error", "warning", "info"]

ALL_PURPOSES = frozenset(Purpose)
ALL_CHANNELS = frozenset(Channel)
#: Purposes that open a relationship: the 5-point rules apply in full.
OPENING = frozenset({Purpose.FIRST_CONTACT, Purpose.INTERVIEW_REQUEST})
#: Every first approach, including the note after a meetup and the one follow-up.
FIRST_APPROACH = OPENING | {Purpose.CONNECT_AFTER_MEETUP, Purpose.NO_REPLY_FOLLOWUP}
#: Messages that should lead with them: common ground, and more about them than you.
ABOUT_THEM = OPENING | {Purpose.CONNECT_AFTER_MEETUP}
#: Purposes where the message asks for something, so it ends with a question.
ASKING = frozenset({Purpose.INTERVIEW_REQUEST, Purpose.NO_REPLY_FOLLOWUP,
                   Purpose.INTRO_REQUEST, Purpose.CONNECT_AFTER_MEETUP})


@dataclass(frozen=True)
class Example:
    """A message for a rule's documentation and tests."""

    text: str
    channel: Channel = Channel.LINKEDIN_MESSAGE
    purpose: Purpose = Purpose.INTERVIEW_REQUEST
    #: Extra DraftContext fields; the default reader is Dana Park at Acme, the writer Zoë.
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """What a rule found: what is wrong, how to fix it, and where."""

    message: str
    suggestion: str
    spans: tuple[Span, ...] = ()
    severity: Severity | None = None


Check = Callable[[Message], "Hit | None"]


@dataclass(frozen=True)
class Rule:
    """One registered rule."""

    id: str
    severity: Severity
    explanation: str
    purposes: frozenset[Purpose]
    channels: frozenset[Channel]
    breaks: tuple[Example, ...]
    near_misses: tuple[Example, ...]
    check: Check

    def applies(self, channel: Channel, purpose: Purpose) -> bool:
        """Whether the rule looks at messages of this channel and purpose."""
        return channel in self.channels and purpose in self.purposes


RULES: dict[str, Rule] = {}


def rule(id: str, *, severity: Severity, explanation: str,
         breaks: Iterable[Example], near_misses: Iterable[Example],
         purposes: Iterable[Purpose] = ALL_PURPOSES,
         channels: Iterable[Channel] = ALL_CHANNELS) -> Callable[[Check], Check]:
    """Register a check function as the rule ``id``."""
    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"coach rule {id!r} is registered twice")
        RULES[id] = Rule(id, severity, explanation, frozenset(purposes), frozenset(channels),
                         tuple(breaks), tuple(near_misses), check)
        return check
    return register


def _load() -> None:
    # Imported for their registrations; the order here is the order of the README.
    from coffeechat.outreach.rules import about, asks, closing, form  # noqa: F401


_load()
