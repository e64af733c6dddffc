"""The typed context every outreach template is rendered with.

It is built from the learner's profile, the contact, the conversation and its
notes, plus any values the learner types in (``--set key=value`` or the form). A
template declares the fields it needs in its front matter; when one is empty the
learner gets a plain sentence saying what to add, never a broken message.

Each detail the learner types has a grammar, stated in its hint (:data:`DETAIL_HINTS`)
and relied on by the built-in templates:

- ``common_ground`` is one sentence to them ("I saw your PyCon talk on testing.");
  a bare noun phrase ("your PyCon talk on testing", "the Odin Project Discord") is
  turned into that sentence, so a message never opens with a fragment;
- ``topic`` finishes "I'd love to hear about…" and ``takeaway`` finishes "You said…":
  both land mid-sentence, so a capital the learner typed on a plain first word
  ("How you…") is lowered, and a closing full stop is dropped. Advice typed as an
  order ("bring a question to every meetup") is reported as "to bring…";
- ``action_taken`` is a sentence of its own ("I added tests to my side project.").
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coffeechat.errors import InvalidInputError, Problem
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
from coffeechat.templating import sentence
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
        """Plain data for Jinja, each typed detail shaped for where templates put it."""
        data = self.model_dump()
        data["common_ground"] = opening_sentence(self.common_ground)
        data["topic"] = mid_sentence(self.topic)
        data["takeaway"] = reported(self.takeaway)
        data["action_taken"] = sentence(self.action_taken) or None
        return data


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
        # The chat's goal, written on the plan page, is what they'd most like to learn:
        # asking for it again on the draft is a step a learner should not need.
        "topic": topic_from_goal(conversation.goal) if conversation else None,
        "minutes": conversation.budget_minutes if conversation else 20,
        "linkedin_plan": profile.linkedin_plan,
    }
    return _with_extra(data, extra)


def with_details(ctx: DraftContext, extra: dict[str, Any] | None) -> DraftContext:
    """``ctx`` with the details the learner typed (``extra`` values win).

    The same as :func:`build_context` with ``extra``, without reading the records again.
    """
    if not extra:
        return ctx
    return _with_extra(ctx.model_dump(), extra)


def _with_extra(data: dict[str, Any], extra: dict[str, Any] | None) -> DraftContext:
    for key, value in (extra or {}).items():
        if key not in SETTABLE:
            raise InvalidInputError(
                f"{key!r} is not a detail drafts use.",
                [Problem(f"use one of: {', '.join(SETTABLE)}", field=key)],
            )
        data[key] = value
    return parse(DraftContext, data, what="draft")


#: The label and the hint the form shows for each detail a learner types. The hint
#: shows the shape the templates build their sentences around.
DETAIL_HINTS: dict[str, tuple[str, str]] = {
    "common_ground": (
        "What you have in common with {first}",
        "One sentence to them, e.g. “I saw your PyCon talk on testing.” or “We're both in "
        "the Odin Project Discord.”",
    ),
    "topic": (
        "What you'd most like to learn",
        "Finishes “I'd love to hear about…”, e.g. how you moved from support into QA",
    ),
    "takeaway": (
        "One thing they said that you'll act on",
        "Finishes “You said…”, e.g. small tests make refactoring safer",
    ),
    "action_taken": (
        "What you did with their advice",
        "A sentence, e.g. “I added tests to my side project.”",
    ),
    "intro_name": ("Who they offered to introduce you to", "A name"),
    "event": ("Where you met", "e.g. PyLadies Berlin"),
}
#: After a meetup the takeaway is what they said, not advice to act on.
MEETUP_TAKEAWAY_HINT = (
    "Something they said that stuck with you",
    "Finishes “You said…”, e.g. meetups are easier with a question ready",
)

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Verbs that start advice typed as an order ("learn Linux first"), which reads as
# "You said to learn Linux first". Words that are also common nouns ("test",
# "practice") are left out, so "test coverage matters" is not turned into an order.
_ADVICE_VERBS = _wordset("""
    write learn bring build use try keep ask read focus pick find spend join make
    take get go do be contribute ship stop avoid aim look check talk reach share set
    treat think skip automate measure pair put ignore stick choose attend watch
    study start practise prioritise prioritize document just
""")


# Plain words a detail often starts with. A capital on one of these is only the habit
# of starting a form field with a capital, so it is lowered when the detail lands
# mid-sentence; any other word (PyCon, Python, Acme, I) keeps its capital.
_PLAIN_STARTS = _wordset("""
    a an the this that these those some any each every all most more many few your
    you you're you've my our their his her its it it's they there here how what
    what's why when where which who whom whose whether if and but or so because
    since after before about with without for from in on at to into of by as like
    not no never always often sometimes just only even still also being having
    getting doing making building learning writing reading testing working using
    keeping asking finding picking starting moving going trying write read learn
    build start keep use try ask bring test find pick spend join make take get go do
    be focus practise practice contribute don't stop ship talk small big good great
    real simple open new old first one two three meetups meetup people teams
    companies juniors seniors beginners recruiters screen code tests projects side
    portfolio open-source documentation docs
""") | _ADVICE_VERBS

# Words that show a typed common ground is already a sentence (it has a subject or a
# verb of its own), so it is used as typed.
_CLAUSE_WORDS = _wordset("""
    i i'm im i've i'd i'll we we're we've we'd is was are were am be been has have
    had do does did will would can could made helped inspired changed showed taught
    got loved enjoyed liked saw read watched found came stuck resonated blew rocks
    rocked convinced reminded
""")
# Where a shared community sits ("We're both in the Kubernetes Slack") and where a
# shared school sits ("We're both from the Le Wagon bootcamp").
_PLACES_IN = frozenset({"discord", "server", "slack", "community", "meetup", "group",
                        "forum", "channel", "subreddit", "club", "guild", "chapter"})
_PLACES_FROM = frozenset({"bootcamp", "school", "course", "cohort", "university",
                          "college", "programme", "program", "academy"})
_WORD = re.compile(r"[\w'’-]+")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _plain_start(text: str) -> str:
    """Lower the first letter if the first word is a plain word written Title-case."""
    words = text.split(maxsplit=1)
    if not words:
        return text
    first = words[0]
    bare = first.rstrip(",;:").replace("’", "'")
    if bare[:1].isupper() and bare[1:] == bare[1:].lower() and bare.lower() in _PLAIN_STARTS:
        return first[:1].lower() + text[1:]
    return text


def mid_sentence(value: str | None) -> str | None:
    """A detail shaped to sit inside a sentence: plain first word lowered, no end stop."""
    text = " ".join((value or "").split()).rstrip(" .!?…")
    return _plain_start(text) if text else None


def reported(value: str | None) -> str | None:
    """A takeaway shaped to follow "You said": advice typed as an order gets "to"."""
    text = mid_sentence(value)
    if not text:
        return None
    first, _, rest = text.partition(" ")
    word = first.lower().replace("’", "'")
    if word in {"don't", "dont"} and rest:
        return f"not to {rest}"
    if word == "never" and rest:
        return f"never to {rest}"
    if word == "always" and rest:
        return f"to always {rest}"
    if word in _ADVICE_VERBS and first == word:
        return f"to {text}"
    return text


def opening_sentence(value: str | None) -> str | None:
    """Common ground as the sentence a message opens with.

    A typed sentence is kept. A bare noun phrase gets the verb a person would use:
    "your PyCon talk" becomes "I saw your PyCon talk.", "the Odin Project Discord"
    becomes "We're both in the Odin Project Discord.", "both ex-teachers" becomes
    "We're both ex-teachers.". Anything else is left as typed.
    """
    text = " ".join((value or "").split())
    if not text:
        return None
    words = _words(text)
    end = text[-1] if text[-1] in "!?" else "."
    phrase = _plain_start(text.rstrip(" .!?…"))
    if len(words) > 1 and words[0] == "both" and words[1] != "of":
        # "both in the Discord", "both ex-teachers", "both learning Rust" take "we're";
        # "both taught before tech" takes "we".
        second = words[1]
        we = "We're" if second in {"in", "at", "on", "from", "into", "a", "an", "the"} or (
            second.startswith("ex-") or second.endswith(("ing", "s"))) else "We"
        return f"{we} both {phrase.split(maxsplit=1)[1]}{end}"
    if not words or _CLAUSE_WORDS & set(words):
        return sentence(text)
    first, last = words[0], words[-1]
    if first == "your":
        return f"I saw {phrase}{end}"
    if last in _PLACES_IN | _PLACES_FROM:
        article = "" if first in {"the", "our"} else "the "
        where = "in" if last in _PLACES_IN else "from"
        return f"We're both {where} {article}{phrase}{end}"
    return sentence(text)


# How a goal usually starts ("Find out what…", "Learn how…", "To understand…"): the
# words after it are the topic, which finishes "I'd love to hear about…".
_GOAL_LEAD = re.compile(
    r"^(?:my\s+goal\s+is\s+)?(?:to\s+)?(?:(?:really|better)\s+)?"
    r"(?:find\s+out(?:\s+more)?|learn(?:\s+more)?|understand(?:\s+better)?|hear(?:\s+more)?"
    r"|get\s+a\s+(?:sense|feel|picture)\s+of|know(?:\s+more)?|discover|ask(?:\s+them)?"
    r"|explore|see)\b(?:\s+about\b)?[\s,:]*",
    re.IGNORECASE,
)


def topic_from_goal(goal: str | None) -> str | None:
    """A chat's goal as the topic of a request, to finish "I'd love to hear about…".

    "Find out what QA is like" gives "what QA is like"; a goal that is already a topic
    is kept as written.
    """
    text = " ".join((goal or "").split())
    rest = _GOAL_LEAD.sub("", text, count=1).strip()
    return mid_sentence(rest or text)


#: Where the learner fills in what a template path reads: a field of their profile or
#: the contact. The details typed for a draft (:data:`SETTABLE`) are ``draft.<name>``.
_FIELD_FOR_PATH = {
    "contact.first_name": "contact.name",
    "contact.name": "contact.name",
    "contact.company": "contact.company",
    "contact.title": "contact.title",
    "common_ground": "contact.common_ground",
    "me.name": "profile.name",
    "me.first_name": "profile.name",
    "me.who_i_am": "profile.pitch_who",
    "me.what_i_do": "profile.pitch_what",
    "me.where_i_want_to_be": "profile.pitch_where",
    "me.target_role": "profile.target_role",
}


def field_for(path: str) -> str:
    """The field path where the learner fills in the template path ``path``."""
    if path in _FIELD_FOR_PATH:
        return _FIELD_FOR_PATH[path]
    return f"draft.{path}" if path in SETTABLE else path


def missing_message(field: str, ctx: DraftContext) -> str:
    """A friendly sentence telling the learner what to add for an empty field."""
    first = ctx.contact.first_name or "them"
    messages = {
        "contact.name": "Choose who this message is for (a contact with a name).",
        "contact.company": f"Add where {first} works to their contact details.",
        "contact.title": f"Add {first}'s job title to their contact details.",
        "contact.common_ground": f"Add what you have in common with {first} to draft this.",
        "draft.topic": f"Say what you'd most like to learn from {first} (one narrow topic).",
        "draft.event": f"Add where you met {first} (the event or community).",
        "draft.takeaway": f"Note one thing you learned from {first} in the chat.",
        "draft.action_taken": f"Write what you did with {first}'s advice.",
        "draft.intro_name": f"Add the name of the person {first} offered to introduce you to.",
        "profile.name": "Add your name to your profile so you can sign the message.",
        "profile.pitch_who": "Fill in 'who I am' in your pitch.",
        "profile.pitch_what": "Fill in 'what I do' in your pitch.",
        "profile.pitch_where": "Fill in 'where I want to be in 12 months' in your pitch.",
        "profile.target_role": "Pick a target role in your plan.",
    }
    return messages.get(field, f"Fill in {field.replace('_', ' ')}.")
