"""Calendar reminders: an .ics file of follow-ups and scheduled chats.

Each follow-up is one event with a reminder. UIDs are stable per follow-up, so
importing the file again updates events instead of duplicating them, and
follow-ups that were done or dropped are sent as cancelled so calendars remove them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from coffeechat.clock import now
from coffeechat.models import Conversation, FollowUp, greeting_name
from coffeechat.store import Store

REMINDER_TIME = time(9, 0)
DURATION = timedelta(minutes=15)
UID_DOMAIN = "coffeechat.local"
EPOCH = datetime(2020, 1, 1)

def followup_uid(followup_id: int) -> str:
    """The event UID for a follow-up; the same on every export."""
    return f"followup-{followup_id}@{UID_DOMAIN}"


def build_calendar(followups: list[tuple[FollowUp, str]], *, stamp: datetime | None = None
                   ) -> bytes:
    """An iCalendar file for ``(follow-up, contact name)`` pairs."""
    cal = Calendar()
    cal.add("prodid", "-//Coffee Chat//Follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Coffee Chat follow-ups")
    stamp = stamp or now()
    for followup, name in followups:
        first = greeting_name(name)
        event = Event()
        event.add("uid", followup_uid(followup.id))
        event.add("dtstamp", stamp)
        start = datetime.combine(followup.due_on, REMINDER_TIME)
        # Floating local time: 9:00 wherever the learner is.
        event.add("dtstart", start)
        event.add("dtend", start + DURATION)
        event.add("summary", followup.kind.to_do(first))
        event.add("description", followup.text)
        event.add("categories", ["Coffee Chat"])
        changed = followup.updated_at or followup.created_at
        # SEQUENCE must grow whenever the event changes, so use minutes since 2020.
        event.add("sequence", max(0, int((changed - EPOCH).total_seconds() // 60)))
        event.add("last-modified", changed)
        if followup.is_open:
            event.add("status", "CONFIRMED")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event["summary"])
            alarm.add("trigger", timedelta(minutes=0))
            event.add_component(alarm)
        else:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return bytes(cal.to_ical())


def add_chats(cal_bytes: bytes, chats: list[tuple[Conversation, str]]) -> bytes:
    """Add scheduled chats to a calendar as events of their own."""
    cal = Calendar.from_ical(cal_bytes)
    for conv, name in chats:
        assert conv.scheduled_at is not None
        event = Event()
        event.add("uid", f"conversation-{conv.id}@{UID_DOMAIN}")
        event.add("dtstamp", now())
        if conv.scheduled_at.time() == time(0, 0):
            # A date without a time: an all-day event.
            event.add("dtstart", conv.scheduled_at.date())
            event.add("dtend", conv.scheduled_at.date() + timedelta(days=1))
        else:
            event.add("dtstart", conv.scheduled_at)
            event.add("dtend", conv.scheduled_at + timedelta(minutes=conv.budget_minutes))
        event.add("summary", f"Coffee chat with {name}")
        event.add("description", "Your questions and notes are in Coffee Chat.")
        event.add("categories", ["Coffee Chat"])
        changed = conv.updated_at
        event.add("sequence", max(0, int((changed - EPOCH).total_seconds() // 60)))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Coffee chat with {name}")
        alarm.add("trigger", timedelta(hours=-1))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def calendar_for(store: Store, *, include_closed_days: int = 90) -> bytes:
    """Open follow-ups, plus recently closed ones marked cancelled."""
    since = now().date() - timedelta(days=include_closed_days)
    names = store.contacts.names()
    archived: dict[int, str] = {}
    rows: list[tuple[FollowUp, str]] = []
    for f in store.followups.list(open_only=False):
        if not f.is_open and f.due_on < since:
            continue
        name = names.get(f.contact_id)
        if name is None:
            # Archived contacts' reminders are cancelled in the calendar too.
            if f.contact_id not in archived:
                archived.update(store.contacts.names([f.contact_id]))
            name = archived.get(f.contact_id, "a contact")
            f = f.model_copy(update={"cancelled_at": f.cancelled_at or now()})
        rows.append((f, name))
    start = datetime.combine(now().date() - timedelta(days=1), time.min)
    chats = store.conversations.upcoming(start, start + timedelta(days=366), limit=500)
    return add_chats(build_calendar(rows), chats)
