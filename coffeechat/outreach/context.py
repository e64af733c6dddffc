"""The typed context every outreach template is rendered with.

It is built from the learner's profile, the contact, the conversation and its
notes, plus any values the learner types in (``--set key=value`` or the form). A
template declares the fields it needs in its front matter; when one is empty the
learner gets a plain sentence saying what to add, never a broken message.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coffeechat.errors import Problem, ValidationProblem
from coffeechat.models import (
    Contact,
    Conversation,
    LinkedInPlan,
    Note,
    NoteKind,
    Profile,
    Role,
    greeting_name,
)
from coffeechat.validation import parse


class _Context(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Me(_Context):
    """The learner, as a message sees them."""

    name: str | None = None
    first_name: str | None = None
    who_i_am: str | None = None
    what_i_do: str | None = None
    where_i_want_to_be: str | None = None
    target_role: str | None = None


class Them(_Context):
    """The contact, as a message sees them."""

    name: str | None = None
    first_name: str | None = None
    title: str | None = None
    company: str | None = None
    met_at: str | None = None


class DraftContext(_Context):
    """Everything a message template may use."""

    me: Me = Field(default_factory=Me)
    contact: Them = Field(default_factory=Them)
    common_ground: str | None = None
    topic: str | None = None
    event: str | None = None
    takeaway: str | None = None
    action_taken: str | None = None
    intro_name: str | None = None
    minutes: int = Field(default=20, ge=5, le=120)
    linkedin_plan: LinkedInPlan = LinkedInPlan.FREE

    def value(self, path: str) -> Any:
        """The value at a dotted path such as ``contact.first_name``."""
        current: Any = self
        for part in path.split("."):
            current = getattr(current, part, None)
        return current

    def for_template(self) -> dict[str, Any]:
        """Plain data for Jinja."""
        return self.model_dump()


#: Fields a learner can type in directly, e.g. ``--set topic="how you moved into QA"``.
SETTABLE = ("common_ground", "topic", "event", "takeaway", "action_taken", "intro_name",
            "minutes")


def _first(name: str | None) -> str | None:
    return greeting_name(name) if name and name.split() else None


def build_context(
    profile: Profile | None = None,
    contact: Contact | None = None,
    conversation: Conversation | None = None,
    notes: list[Note] | None = None,
    role: Role | None = None,
    extra: dict[str, Any] | None = None,
) -> DraftContext:
    """Assemble the context from stored records; ``extra`` values win."""
    profile = profile or Profile()
    notes = notes or []
    intros = [n.text for n in notes if n.kind == NoteKind.INTRO]
    data: dict[str, Any] = {
        "me": {
            "name": profile.name,
            "first_name": _first(profile.name),
            "who_i_am": profile.pitch_who,
            "what_i_do": profile.pitch_what,
            "where_i_want_to_be": profile.pitch_where,
            "target_role": role.title if role else None,
        },
        "contact": {
            "name": contact.name if contact else None,
            "first_name": contact.first_name if contact else None,
            "title": contact.title if contact else None,
            "company": contact.company if contact else None,
            "met_at": contact.met_at if contact else None,
        },
        "common_ground": contact.common_ground if contact else None,
        "event": contact.met_at if contact else None,
        # No takeaway from the notes: a raw note rarely reads well inside a thank-you,
        # so the learner writes that line themselves.
        "intro_name": intros[0] if intros else None,
        "minutes": conversation.budget_minutes if conversation else 20,
        "linkedin_plan": profile.linkedin_plan,
    }
    for key, value in (extra or {}).items():
        if key not in SETTABLE:
            raise ValidationProblem(
                f"{key!r} is not a detail drafts use.",
                [Problem(f"use one of: {', '.join(SETTABLE)}", field=key)],
            )
        data[key] = value
    return parse(DraftContext, data, what="draft")


def missing_message(path: str, ctx: DraftContext) -> str:
    """A friendly sentence telling the learner what to add for an empty field."""
    first = ctx.contact.first_name or "them"
    messages = {
        "contact.first_name": "Choose who this message is for (a contact with a name).",
        "contact.name": "Choose who this message is for (a contact with a name).",
        "contact.company": f"Add where {first} works to their contact details.",
        "contact.title": f"Add {first}'s job title to their contact details.",
        "common_ground": f"Add what you have in common with {first} to draft this.",
        "topic": f"Say what you'd most like to learn from {first} (one narrow topic).",
        "event": f"Add where you met {first} (the event or community).",
        "takeaway": f"Note one thing you learned from {first} in the chat.",
        "action_taken": f"Write what you did with {first}'s advice.",
        "intro_name": f"Add the name of the person {first} offered to introduce you to.",
        "me.name": "Add your name to your profile so you can sign the message.",
        "me.first_name": "Add your name to your profile so you can sign the message.",
        "me.who_i_am": "Fill in 'who I am' in your pitch.",
        "me.what_i_do": "Fill in 'what I do' in your pitch.",
        "me.where_i_want_to_be": "Fill in 'where I want to be in 12 months' in your pitch.",
        "me.target_role": "Pick a target role in your plan.",
    }
    return messages.get(path, f"Fill in {path.replace('_', ' ')}.")
