"""When to follow up: the rules in one place, easy to read and to change.

- Thank-you: when a chat is held, thank them within 24 hours.
- Request sent (the 3B7 routine from *The 2-Hour Job Search*): if there is no
  reply after 3 business days, it is fine to reach out to someone else too; after
  7 business days, send one polite follow-up. Both are cancelled when the contact
  replies or the chat is scheduled.
- Report back: a couple of weeks after thanking them, tell them what you did with
  their advice.
- Keep in touch: the next nudge is due one cadence after the last interaction of
  any kind, so logging anything with a contact resets the clock.

Business days skip Saturdays and Sundays. Public holidays are not skipped: they
differ by country, and a reminder a day early does no harm.

Scheduling keeps two times apart: the time the learner *proposes* (typed while
planning, or suggested in a request) changes nothing, and the *agreed* time is set
only when the learner says the other person said yes. Only an agreement cancels the
no-reply follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coffeechat.models import STATUS_ORDER, ConversationIn, FollowUpKind, Status

THANK_YOU_DAYS = 1
NO_REPLY_CHECK_BUSINESS_DAYS = 3
FOLLOW_UP_BUSINESS_DAYS = 7
REPORT_BACK_DAYS = 14

#: Follow-ups that a reply or a scheduled chat makes unnecessary.
WAITING_FOR_REPLY = (FollowUpKind.NO_REPLY_CHECK, FollowUpKind.FOLLOW_UP)


def add_business_days(start: date, days: int) -> date:
    """The date ``days`` business days after ``start``, skipping weekends."""
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


@dataclass(frozen=True)
class Due:
    """A follow-up the rules ask for: its kind, date and text."""

    kind: FollowUpKind
    due_on: date
    text: str


def after_held(first_name: str, held_on: date) -> list[Due]:
    """A chat happened: thank them within 24 hours."""
    return [
        Due(
            FollowUpKind.THANK_YOU,
            held_on + timedelta(days=THANK_YOU_DAYS),
            f"Thank {first_name} for the chat, and mention one thing you took from it.",
        )
    ]


def after_request(first_name: str, sent_on: date) -> list[Due]:
    """A request went out: check after 3 business days, nudge once after 7."""
    return [
        Due(
            FollowUpKind.NO_REPLY_CHECK,
            add_business_days(sent_on, NO_REPLY_CHECK_BUSINESS_DAYS),
            f"No reply from {first_name} yet? That's normal. Reach out to someone else too.",
        ),
        Due(
            FollowUpKind.FOLLOW_UP,
            add_business_days(sent_on, FOLLOW_UP_BUSINESS_DAYS),
            f"Send {first_name} one short, friendly follow-up.",
        ),
    ]


def after_thanked(first_name: str, thanked_on: date) -> list[Due]:
    """They've been thanked: plan to report back on what you did with their advice."""
    return [
        Due(
            FollowUpKind.REPORT_BACK,
            thanked_on + timedelta(days=REPORT_BACK_DAYS),
            f"Tell {first_name} what you did with their advice.",
        )
    ]


def keep_in_touch(first_name: str, last_interaction: date, cadence_days: int) -> Due:
    """The next gentle check-in, one cadence after the last interaction."""
    return Due(
        FollowUpKind.KEEP_IN_TOUCH,
        last_interaction + timedelta(days=cadence_days),
        f"Check in with {first_name}: share what you've been working on or ask how they are.",
    )


def chat_time(day: date | None, at: time | None) -> datetime | None:
    """A date and an optional time of day as one datetime; no date means no time."""
    return datetime.combine(day, at or time.min) if day else None


def agreed_time(proposed_at: datetime | None, scheduled_at: datetime | None) -> datetime | None:
    """The time a chat is agreed for: the one given, else the one the learner proposed."""
    return scheduled_at or proposed_at


def held_needs_confirmation(conversation: ConversationIn, today: date) -> str | None:
    """Marking a chat held before its day is usually a slip: the question to ask first.

    Returns None when no question is needed: the chat is already held (or further on),
    or its agreed (else proposed) day has come. Compared by day, because a chat
    planned for this afternoon may well have happened this morning.
    """
    if STATUS_ORDER.index(conversation.status) >= STATUS_ORDER.index(Status.HELD):
        return None
    when = conversation.scheduled_at or conversation.proposed_at
    if when is None or when.date() <= today:
        return None
    agreed = "scheduled" if conversation.scheduled_at else "planned"
    return (
        f"This chat is {agreed} for {when:%a %d %b}, which hasn't come yet. "
        "Did it already happen?"
    )
