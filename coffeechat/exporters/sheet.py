"""The Markdown interview sheet: one per conversation, to read before and write in after.

Order: who they are; why them and what you share; your goal and pitch; the planned
questions by section (checkboxes before the chat, notes after); promised intros
and resources; follow-ups. Everything the learner typed goes through the ``md``
filter, so no name or note can break the sheet's structure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from coffeechat.banks import Bank
from coffeechat.models import (
    CATEGORY_ORDER,
    STATUS_ORDER,
    Contact,
    Conversation,
    FollowUp,
    Note,
    NoteKind,
    Profile,
    Status,
)
from coffeechat.pitch import build_pitch
from coffeechat.planner import plan_minutes
from coffeechat.store import Store
from coffeechat.templating import render, text_environment

SHEET_TEMPLATE = "sheets/interview_sheet.md.j2"


class _Sheet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SheetQuestion(_Sheet):
    """One planned question, with what was noted against it."""

    id: str
    text: str
    minutes: int
    why: str = ""
    follow_ups: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class SheetSection(_Sheet):
    """A part of the chat: Opening, a TIARA category, or Closing."""

    label: str
    questions: list[SheetQuestion]


class SheetFollowUp(_Sheet):
    """A follow-up line."""

    label: str
    text: str
    due_on: date
    done: bool


class SheetContext(_Sheet):
    """Everything the interview sheet template receives."""

    contact_name: str
    contact_title: str | None = None
    contact_company: str | None = None
    met_at: str | None = None
    met_how: str | None = None
    why_them: str | None = None
    common_ground: str | None = None
    goal: str | None = None
    pitch: str | None = None
    role_title: str | None = None
    format: str
    scheduled_at: datetime | None = None
    when: str | None = None
    budget_minutes: int
    planned_minutes: int
    after_chat: bool
    sections: list[SheetSection]
    free_notes: list[str] = Field(default_factory=list)
    intros: list[str] = Field(default_factory=list)
    resources: list[str] = Field(default_factory=list)
    followups: list[SheetFollowUp] = Field(default_factory=list)


def build_sheet_context(
    bank: Bank,
    profile: Profile,
    contact: Contact,
    conversation: Conversation,
    notes: list[Note],
    followups: list[FollowUp],
) -> SheetContext:
    """Assemble the sheet's data from stored records and the banks."""
    by_question: dict[str, list[str]] = {}
    free: list[str] = []
    intros: list[str] = []
    resources: list[str] = []
    for note in notes:
        if note.kind == NoteKind.INTRO:
            intros.append(note.text)
        elif note.kind == NoteKind.RESOURCE:
            resources.append(note.text)
        elif note.question_id:
            by_question.setdefault(note.question_id, []).append(note.text)
        else:
            free.append(note.text)

    grouped: dict[str, list[SheetQuestion]] = {}
    order: list[str] = []
    # The same minutes as the plan page: shortened where the budget is tight.
    fitted = plan_minutes(bank, conversation.plan, conversation.budget_minutes)
    for qid in conversation.plan:
        q = bank.question(qid)
        if q is None:
            label = "Other"
            item = SheetQuestion(id=qid, text=f"(This question, {qid}, is no longer in your "
                                 "banks.)", minutes=0, notes=by_question.get(qid, []))
        else:
            label = q.category.label
            item = SheetQuestion(id=q.id, text=q.text, minutes=fitted[q.id], why=q.why,
                                 follow_ups=list(q.follow_ups), notes=by_question.get(q.id, []))
        if label not in grouped:
            grouped[label] = []
            order.append(label)
        grouped[label].append(item)
    # Sections follow the plan's order; a plan is normally already in category order.
    rank = {c.label: i for i, c in enumerate(CATEGORY_ORDER)}
    order.sort(key=lambda label: rank.get(label, len(rank)))
    sections = [SheetSection(label=label, questions=grouped[label]) for label in order]

    role = bank.roles.get(conversation.role or profile.target_role or "")
    after = STATUS_ORDER.index(conversation.status) >= STATUS_ORDER.index(Status.HELD) or bool(
        by_question or free)
    pitch = build_pitch(profile)
    return SheetContext(
        contact_name=contact.name,
        contact_title=contact.title,
        contact_company=contact.company,
        met_at=contact.met_at,
        met_how=contact.met_how,
        why_them=conversation.why_them,
        common_ground=contact.common_ground,
        goal=conversation.goal,
        pitch=pitch.text or None,
        role_title=role.title if role else None,
        format=conversation.format.value,
        scheduled_at=conversation.scheduled_at,
        when=_when(conversation),
        budget_minutes=conversation.budget_minutes,
        planned_minutes=sum(q.minutes for s in sections for q in s.questions),
        after_chat=after,
        sections=sections,
        free_notes=free,
        intros=intros,
        resources=resources,
        followups=[
            SheetFollowUp(label=f.kind.label, text=f.text,
                          due_on=f.due_on, done=f.done_at is not None)
            for f in followups if f.cancelled_at is None
        ],
    )


def _when(conversation: Conversation) -> str | None:
    if conversation.held_at:
        return f"Held on {conversation.held_at:%A %d %B %Y}"
    at = conversation.scheduled_at
    if at is None:
        return None
    if at.hour == 0 and at.minute == 0:  # a date without a time
        return f"{at:%A %d %B %Y}"
    return f"{at:%A %d %B %Y, %H:%M}"


def render_sheet(ctx: SheetContext) -> str:
    """Render the sheet as Markdown."""
    return render(text_environment(None), SHEET_TEMPLATE, ctx.model_dump())


def sheets_for(store: Store, bank: Bank, conversation_ids: Sequence[int]
               ) -> Iterator[tuple[int, str]]:
    """Sheets for many conversations, loading records in bulk (for export-all)."""
    profile = store.profile.get()
    conversations = {c.id: c for c in store.conversations.list() if c.id in set(conversation_ids)}
    notes: dict[int, list[Note]] = {}
    for note in store.notes.list():
        if note.conversation_id is not None:
            notes.setdefault(note.conversation_id, []).append(note)
    followups: dict[int, list[FollowUp]] = {}
    for f in store.followups.list(open_only=False):
        if f.conversation_id is not None:
            followups.setdefault(f.conversation_id, []).append(f)
    contacts = {c.id: c for c in store.contacts.list(archived=None)}
    for cid in conversation_ids:
        conv = conversations.get(cid)
        if conv is None:
            continue
        ctx = build_sheet_context(bank, profile, contacts[conv.contact_id], conv,
                                  notes.get(cid, []), followups.get(cid, []))
        yield cid, render_sheet(ctx)


def sheet_for(store: Store, bank: Bank, conversation_id: int) -> str:
    """The Markdown sheet for a stored conversation."""
    conversation = store.conversations.get(conversation_id)
    contact = store.contacts.get(conversation.contact_id)
    notes = store.notes.list(conversation_id=conversation_id)
    followups = store.followups.list(conversation_id=conversation_id, open_only=False)
    return render_sheet(build_sheet_context(bank, store.profile.get(), contact, conversation,
                                            notes, followups))
