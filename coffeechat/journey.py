"""Where the learner is on the journey, and the one next step worth taking.

The journey follows the domain brief: set up your pitch and target, pick where to
network, meet people, prepare, reach out, hold the chat, thank them, keep in touch.
The suggestion is always one concrete, gentle action, most urgent first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coffeechat.clock import now
from coffeechat.models import FollowUpKind, greeting_name
from coffeechat.outreach.channels import Purpose
from coffeechat.outreach.service import default_draft_choice
from coffeechat.store import Store


@dataclass(frozen=True)
class Step:
    """One milestone on the journey."""

    key: str
    label: str
    done: bool
    page: str  # page id in the app


@dataclass(frozen=True)
class NextAction:
    """The one thing to do next, and where to do it."""

    headline: str
    detail: str
    page: str
    query: dict[str, str]


def steps(store: Store) -> list[Step]:
    """The journey's milestones, with which are done."""
    profile = store.profile.get()
    contacts, planned_count, sent, held, thanked = store.journey_counts()
    pitch_done = bool(profile.pitch_who and profile.pitch_what and profile.pitch_where)
    return [
        Step("pitch", "Write your 30-second pitch", pitch_done, "profile"),
        Step("role", "Choose a target role", bool(profile.target_role), "role"),
        Step("places", "Pick where to network", bool(profile.places), "networking"),
        Step("contact", "Add someone to talk to", contacts > 0, "contacts"),
        # A first note needs no plan: the questions matter once they have said yes.
        Step("sent", "Send a request", sent > 0, "outreach"),
        Step("plan", "Plan your questions", planned_count > 0, "plan"),
        Step("held", "Have the chat", held > 0, "notes"),
        Step("thanked", "Say thank you", thanked > 0, "followups"),
    ]


def next_action(store: Store, today: date | None = None) -> NextAction:
    """The most useful next step, most urgent first."""
    day = today or now().date()
    agenda = store.followups.agenda(day, days_ahead=1, limit=3)
    # A thank-you belongs within 24 hours, so one due tomorrow is already the next step.
    urgent = agenda.due + [v for v in agenda.week
                           if v.followup.kind == FollowUpKind.THANK_YOU]
    if urgent:
        first = urgent[0]
        f = first.followup
        verb = f.kind.to_do(first.first_name)
        if f.due_on > day:
            when = "due tomorrow"
        elif f.due_on == day:
            when = "due today"
        else:
            when = _ago(day - f.due_on)
        return NextAction(f"{verb}, {when}", f.text, "followups", {})
    # A chat coming up this week: time to get the questions ready.
    start_of_day = datetime.combine(day, time.min)
    soon = store.conversations.upcoming(start_of_day, start_of_day + timedelta(days=8), limit=1)
    if soon:
        conv, name = soon[0]
        assert conv.scheduled_at is not None
        when = "today" if conv.scheduled_at.date() == day else f"on {conv.scheduled_at:%a %d %b}"
        return NextAction(
            f"Your chat with {greeting_name(name)} is {when}",
            "Check your questions, print the cards, and read your pitch out loud once.",
            "plan",
            {"contact": str(conv.contact_id), "conversation": str(conv.id)},
        )
    if first_note := _first_note(store):
        return first_note
    for step in steps(store):
        if not step.done:
            return NextAction(step.label, _STEP_DETAIL[step.key], step.page, {})
    return NextAction(
        "Keep the garden growing",
        "Reach out to someone new, or share what you've learned with a person you've met.",
        "contacts", {},
    )


def _first_note(store: Store) -> NextAction | None:
    """Once someone is added, writing to them comes first, until a message has gone out.

    The pitch, the role and the places to network can wait: a learner who has a person
    in mind should not be sent round the setup pages first.
    """
    contacts, _planned, sent, _held, _thanked = store.journey_counts()
    if not contacts or sent:
        return None
    only = store.contacts.list(limit=2)
    if len(only) != 1:
        return NextAction("Send a request", _STEP_DETAIL["sent"], "outreach", {})
    person = only[0]
    choice = default_draft_choice(person, None, store.profile.get(), [])
    return NextAction(
        "Send a request",
        f"Write a short, friendly first note to {person.first_name}. The coach checks it "
        "before you send.",
        "outreach",
        {"contact": str(person.id), "purpose": choice.purpose.value},
    )


#: Pages a prerequisite link may send the learner back to, with the label of the way
#: back and the query parameters that page keeps. Nothing else is ever linked to.
RETURN_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "outreach": ("Back to your draft", ("contact", "conversation", "purpose")),
    "plan": ("Back to your plan", ("contact", "conversation")),
}
_ID = re.compile(r"[0-9]{1,12}")
_PURPOSES = frozenset(p.value for p in Purpose)


@dataclass(frozen=True)
class ReturnLink:
    """The way back to the page a prerequisite link was followed from."""

    page: str
    label: str
    query: dict[str, str]


def return_query(page: str, **params: str | int | None) -> dict[str, str]:
    """Query parameters for a link that should offer a way back to ``page``."""
    query = {"return_to": page}
    query.update({k: str(v) for k, v in params.items() if v is not None})
    return query


def return_link(params: Mapping[str, str]) -> ReturnLink | None:
    """The way back that a URL's ``return_to`` asks for, if it names one of our pages.

    Only the pages in :data:`RETURN_PAGES` and their own well-formed parameters get
    through, so a crafted link can never lead elsewhere or smuggle anything in.
    """
    page = params.get("return_to")
    if page not in RETURN_PAGES:
        return None
    label, keys = RETURN_PAGES[page]
    query = {}
    for key in keys:
        value = params.get(key)
        if not isinstance(value, str):
            continue
        if (value in _PURPOSES) if key == "purpose" else bool(_ID.fullmatch(value)):
            query[key] = value
    return ReturnLink(page, label, query)


def _ago(delta: timedelta) -> str:
    days = delta.days
    return "1 day overdue" if days == 1 else f"{days} days overdue"


_STEP_DETAIL = {
    "pitch": "Who you are, what you do, and where you want to be in 12 months: about 30 "
             "seconds out loud.",
    "role": "Pick the job you're curious about. It shapes the questions you'll ask.",
    "places": "Choose one or two places to meet people: a meetup, a Discord, LinkedIn.",
    "contact": "Someone whose work interests you, and what you have in common with them.",
    "plan": "Choose questions that fit the time they can give you.",
    "sent": "Draft a short, friendly request. The coach checks it before you send.",
    "held": "Take notes against your questions during or right after the chat.",
    "thanked": "A short thank-you within 24 hours, naming one thing you took away.",
}
