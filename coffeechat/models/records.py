"""What the learner keeps: contacts, conversations, notes, follow-ups, messages, profile.

Each record has an input model (what a form or a command supplies, validated before it
touches the database) and a stored model that adds the id and timestamps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coffeechat.models._base import Id, Strict
from coffeechat.validation import NEEDS_CLEANING, SINGLE_LINE_MAX, clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(?i:https?)://[^\s/$.?#][^\s]*$")


def greeting_name(name: str) -> str:
    """The first word of a name that has a letter in it ("🦄 Sam Lee" greets "Sam")."""
    words = name.split()
    for word in words:
        if any(ch.isalpha() for ch in word):
            return word
    return words[0] if words else name


def looks_like_email(value: str) -> bool:
    """Whether a string has the shape of an email address."""
    return bool(_EMAIL.match(value))


OptionalShort = Annotated[str, StringConstraints(max_length=200)] | None
OptionalText = Annotated[str, StringConstraints(max_length=2000)] | None
OptionalId = str | None


def _tidy_tags(value: object) -> object:
    """Accept "a, b" as well as a list; drop blanks and repeats, keep the order."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list | tuple):
        seen: dict[str, None] = {}
        for tag in value:
            if isinstance(tag, str) and tag.strip():
                seen.setdefault(tag.strip(), None)
            elif not isinstance(tag, str):
                return value  # let validation report the wrong type
        return list(seen)
    return value


def _text_limit(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> int:
    """The largest max_length a field's text may have (0 if none is set)."""
    limits = [m.max_length for m in metadata if isinstance(m, StringConstraints) and m.max_length]
    if get_origin(annotation) is not list:  # list items (tags) are short by themselves
        for arg in get_args(annotation):
            if isinstance(arg, StringConstraints):
                limits.append(arg.max_length or 0)
            else:
                limits.append(_text_limit(arg))
    return max(limits, default=0)


def with_current_names(data: Any, renamed: dict[str, str]) -> Any:
    """A stored record's keys under today's names (``renamed`` maps old key to new).

    Migration 0009 renamed the contact's ``channel`` to ``reach_by`` and the profile's
    ``channels`` to ``places``; backups written before it use the old keys and must
    still restore. A record holding both the old and the new key keeps both, so the
    old one is refused as unknown rather than silently dropped.
    """
    if not isinstance(data, dict) or renamed.keys().isdisjoint(data):
        return data
    return {renamed[k] if k in renamed and renamed[k] not in data else k: v
            for k, v in data.items()}


class Record(Strict):
    """Base for what the learner stores: a blank optional field means "not given".

    Every text value is cleaned of control characters on the way in (see
    :func:`coffeechat.validation.clean_text`), so forms, the CLI, imports and backup
    restores all store the same clean text. One before-validator per record (rather
    than one per field) keeps validating a 30,000-row import fast.
    """

    _optional: ClassVar[frozenset[str]] = frozenset()
    #: Fields of prose, whose line breaks and tabs are the learner's to keep.
    _prose: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._optional = frozenset(
            name for name, info in cls.model_fields.items()
            if not info.is_required() and info.default is None
        )
        cls._prose = frozenset(
            name for name, info in cls.model_fields.items()
            if _text_limit(info.annotation, info.metadata) > SINGLE_LINE_MAX
        )

    @model_validator(mode="before")
    @classmethod
    def _tidy(cls, data: Any, info: ValidationInfo) -> Any:
        # Bulk importers that already cleaned and tidied their rows skip this per-row
        # Python step; they must call clean_text themselves.
        if not isinstance(data, dict) or (info.context and info.context.get("tidy") is False):
            return data
        cleaned: dict[str, Any] = {}
        for key, value in data.items():
            if value.__class__ is str:
                if NEEDS_CLEANING.search(value):
                    cleaned[key] = clean_text(value, multiline=key in cls._prose)
            elif value.__class__ is list and any(
                item.__class__ is str and NEEDS_CLEANING.search(item) for item in value
            ):
                cleaned[key] = [clean_text(v) if v.__class__ is str else v for v in value]
        if cleaned:
            data = {**data, **cleaned}
        blank = [
            k for k in cls._optional.intersection(data)
            if data[k].__class__ is str and (not data[k] or data[k].isspace())
        ]
        tags = data.get("tags")
        tidy_tags = "tags" in cls.model_fields and tags is not None and tags != []
        if blank or tidy_tags:
            data = {**data, **dict.fromkeys(blank)}
            if tidy_tags:
                data["tags"] = _tidy_tags(tags)
        return data


Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]

Widget = Literal["text", "area", "choice", "tags", "days"]


@dataclass(frozen=True)
class Face:
    """How a field meets the learner outside the model: on a form, the CLI and a CSV.

    Added to a field's type (``Annotated[str | None, Face("area")]``); the field's own
    ``title`` and ``description`` are its label and its help everywhere.
    :mod:`coffeechat.fields` reads it, so a new column is declared here once and the
    form, the command line and the spreadsheet follow.
    """

    #: The input the form and the CLI give it; None when the learner never types it.
    widget: Widget | None = "text"
    #: The form's label, when a question reads better there than the title.
    label: str | None = None
    placeholder: str | None = None
    #: The CLI option, when it is not ``--`` and the field's name with dashes.
    flag: str | None = None
    #: Whether the form stops typing at the field's length limit.
    capped: bool = False
    #: Whether the CSV export has a column for it.
    in_spreadsheet: bool = True


class Tier(StrEnum):
    """How close a contact is; it sets the default keep-in-touch cadence."""

    CLOSE = "close"
    REGULAR = "regular"
    ACQUAINTANCE = "acquaintance"


class ReachBy(StrEnum):
    """The best way to reach a contact (not an outreach channel: see ``outreach.channels``)."""

    LINKEDIN = "linkedin"
    EMAIL = "email"
    DISCORD = "discord"
    X = "x"
    IN_PERSON = "in_person"
    OTHER = "other"


class ConversationFormat(StrEnum):
    """How a conversation happens."""

    COFFEE = "coffee"
    VIDEO = "video"
    PHONE = "phone"
    MEETUP = "meetup"


class Status(StrEnum):
    """Where a conversation is on its way from an idea to a kept relationship."""

    IDEA = "idea"
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    THANKED = "thanked"
    CLOSED = "closed"


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
STATUS_LABELS: dict[Status, str] = {
    Status.IDEA: "Idea",
    Status.REQUESTED: "Asked",
    Status.SCHEDULED: "Scheduled",
    Status.HELD: "Held",
    Status.THANKED: "Thanked",
    Status.CLOSED: "Closed",
}


class NoteKind(StrEnum):
    """A plain note, a promised introduction or a recommended resource."""

    NOTE = "note"
    INTRO = "intro"
    RESOURCE = "resource"


class FollowUpKind(StrEnum):
    """Why a follow-up exists."""

    THANK_YOU = "thank_you"
    NO_REPLY_CHECK = "no_reply_check"
    FOLLOW_UP = "follow_up"
    KEEP_IN_TOUCH = "keep_in_touch"
    REPORT_BACK = "report_back"
    INTRO = "intro"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """What it is, as the interview sheet lists it: "Thank-you"."""
        return FOLLOWUP_WORDS[self][0]

    def to_do(self, name: str) -> str:
        """What to do, naming the person: "Thank Dana" (a calendar title, the next step)."""
        return FOLLOWUP_WORDS[self][1].format(name=name)


#: Each kind of follow-up in words: its label, and what to do about it ({name} is filled in).
FOLLOWUP_WORDS: dict[FollowUpKind, tuple[str, str]] = {
    FollowUpKind.THANK_YOU: ("Thank-you", "Thank {name}"),
    FollowUpKind.NO_REPLY_CHECK: ("No-reply check", "Check on your note to {name}"),
    FollowUpKind.FOLLOW_UP: ("Polite follow-up", "Send {name} a gentle follow-up"),
    FollowUpKind.KEEP_IN_TOUCH: ("Keep in touch", "Check in with {name}"),
    FollowUpKind.REPORT_BACK: ("Report back", "Tell {name} how it went"),
    FollowUpKind.INTRO: ("Introduction", "Follow up on the introduction via {name}"),
    FollowUpKind.CUSTOM: ("To do", "Follow up with {name}"),
}


class ActivityKind(StrEnum):
    """What the learner spent networking time on."""

    CHAT = "chat"
    MEETUP = "meetup"
    MESSAGE = "message"
    COMMUNITY = "community"
    INTERACTION = "interaction"
    OTHER = "other"


class LinkedInPlan(StrEnum):
    """LinkedIn's plan decides how long a connection note may be."""

    FREE = "free"
    PREMIUM = "premium"


#: Places to network a learner picks at once: one or two to start with, given a few weeks.
MAX_PLACES = 2


class ProfileIn(Record):
    """The learner: who they are, their pitch, their target and their weekly plan."""

    # Titles are the Profile page's labels, so a refused value is named as the learner sees it.
    name: OptionalShort = Field(default=None, title="Your name")
    situation: OptionalText = Field(default=None, title="Where you are right now")
    pitch_who: OptionalText = Field(default=None, title="Who I am")
    pitch_what: OptionalText = Field(default=None, title="What I do")
    pitch_where: OptionalText = Field(default=None, title="Where I want to be in 12 months")
    target_role: OptionalId = Field(default=None, title="Target role")
    weekly_study_hours: float = Field(default=10, ge=0, le=100, title="Study hours a week")
    networking_share: int = Field(default=20, ge=0, le=100, title="Networking share")
    #: Ids of the catalogue's places to network (``Catalog.networking``).
    places: list[Id] = Field(default_factory=list, max_length=MAX_PLACES,
                             title="Places to network")
    linkedin_plan: LinkedInPlan = Field(default=LinkedInPlan.FREE, title="Your LinkedIn plan")

    @property
    def weekly_networking_minutes(self) -> int:
        """Minutes a week set aside for networking."""
        return round(self.weekly_study_hours * 60 * self.networking_share / 100)


class Profile(ProfileIn):
    """The stored profile."""

    updated_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _current_names(cls, data: Any) -> Any:
        return with_current_names(data, {"channels": "places"})


class StoredProfile(Profile):
    """The profile row with its fixed id, as a backup carries it."""

    id: Literal[1] = 1


DEFAULT_CADENCE: dict[Tier, int] = {
    Tier.CLOSE: 30,
    Tier.REGULAR: 90,
    Tier.ACQUAINTANCE: 180,
}


class ContactIn(Record):
    """A person in the learner's network.

    Each title is the label the contact form shows, so a message names the field the
    way the learner sees it. The order of the fields is the order of the CLI options
    and of the CSV columns.
    """

    name: Annotated[Name, Face(capped=True)] = Field(title="Name")
    call_them: Annotated[
        Annotated[str, StringConstraints(max_length=60)] | None,
        # Left out of the CSV, whose columns were published before this field existed.
        Face(placeholder="e.g. Minh", capped=True, in_spreadsheet=False),
    ] = Field(default=None, title="What to call them",
              description="Used in greetings. Leave empty to use the first word of their name.")
    title: Annotated[OptionalShort, Face()] = Field(default=None, title="Job title")
    company: Annotated[OptionalShort, Face()] = Field(default=None, title="Company")
    location: Annotated[OptionalShort, Face()] = Field(default=None, title="Location")
    met_at: Annotated[
        OptionalShort, Face(placeholder="e.g. PyLadies Berlin, a Discord server")
    ] = Field(default=None, title="Where you met")
    met_how: Annotated[
        OptionalShort, Face(placeholder="e.g. she gave a talk on testing")
    ] = Field(default=None, title="How you met")
    # The flag is spelled out so that renaming the field keeps the CLI option.
    reach_by: Annotated[ReachBy | None, Face("choice", flag="--channel")] = Field(
        default=None, title="Best way to reach them"
    )
    profile_url: Annotated[
        Annotated[str, StringConstraints(max_length=200, pattern=_URL.pattern)] | None,
        Face(placeholder="https://www.linkedin.com/in/...", flag="--url"),
    ] = Field(default=None, title="Profile address")
    email: Annotated[
        Annotated[str, StringConstraints(max_length=200, pattern=_EMAIL.pattern)] | None,
        Face(),
    ] = Field(default=None, title="Email")
    common_ground: Annotated[
        OptionalText,
        Face("area", placeholder="One sentence to them, e.g. “I saw your PyCon talk on "
             "testing.” or “We're both in the Odin Project Discord.” Drafts open with it."),
    ] = Field(default=None, title="What you have in common")
    tags: Annotated[
        list[Annotated[str, StringConstraints(max_length=40, min_length=1)]],
        Face("tags", placeholder="Separate with commas, e.g. python, meetup", flag="--tag"),
    ] = Field(default_factory=list, max_length=20, title="Tags")
    tier: Annotated[Tier, Face("choice", label="How close are you?")] = Field(
        default=Tier.REGULAR, title="How close you are"
    )
    cadence_days: Annotated[
        int | None, Face("days", label="Check in every … days (optional)", flag="--cadence")
    ] = Field(default=None, ge=1, le=730, title="Days between check-ins",
              description="Leave at 0 to use the default for how close you are.")
    archived: Annotated[bool, Face(None)] = False
    connected_on: Annotated[date | None, Face(None)] = Field(default=None, title="Connected on")
    source: Annotated[Literal["manual", "linkedin", "backup"], Face(None)] = "manual"

    @field_validator("profile_url", mode="before")
    @classmethod
    def _add_scheme(cls, value: object) -> object:
        # People paste "www.linkedin.com/in/dana" or "linkedin.com/in/dana"; add https://.
        if isinstance(value, str):
            v = value.strip()
            if v and "://" not in v and "." in v.split("/")[0] and " " not in v:
                return "https://" + v
        return value

    @property
    def cadence(self) -> int:
        """Keep-in-touch cadence in days: the contact's own, or the tier's default."""
        return self.cadence_days or DEFAULT_CADENCE[self.tier]

    @property
    def first_name(self) -> str:
        """What to call them in a greeting: their chosen name, else the first word.

        Many names do not start with the given name (Nguyễn Thị Minh is "Minh"), and
        people often go by a nickname, so the learner can set it.
        """
        return self.call_them or greeting_name(self.name)


class Contact(ContactIn):
    """A stored contact."""

    id: int
    # Kept in step by the store; the CSV was published without it.
    last_interaction_on: Annotated[date | None, Face(None, in_spreadsheet=False)] = None
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _current_names(cls, data: Any) -> Any:
        return with_current_names(data, {"channel": "reach_by"})


class ConversationIn(Record):
    """An informational interview or a meetup chat with one contact."""

    contact_id: int
    format: ConversationFormat = ConversationFormat.COFFEE
    # A time the learner has in mind or has suggested: it changes nothing on its own.
    proposed_at: datetime | None = Field(default=None, title="Proposed time")
    # The time both sides agreed on; only set when the chat is scheduled.
    scheduled_at: datetime | None = Field(default=None, title="Agreed time")
    budget_minutes: int = Field(default=20, ge=5, le=240)
    status: Status = Status.IDEA
    role: OptionalId = None
    audience: OptionalId = None
    plan: list[Id] = Field(default_factory=list, max_length=60)
    goal: OptionalText = None
    why_them: OptionalText = None


class Conversation(ConversationIn):
    """A stored conversation."""

    id: int
    held_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class NoteIn(Record):
    """A note on a conversation (optionally on one question) or on a contact."""

    contact_id: int | None = None
    conversation_id: int | None = None
    question_id: OptionalId = None
    kind: NoteKind = NoteKind.NOTE
    text: Annotated[str, StringConstraints(min_length=1, max_length=5000)] = Field(title="Note")


class Note(NoteIn):
    """A stored note."""

    id: int
    contact_id: int
    created_at: datetime


class FollowUpIn(Record):
    """Something to do for a contact by a date."""

    contact_id: int
    conversation_id: int | None = None
    kind: FollowUpKind = FollowUpKind.CUSTOM
    due_on: date = Field(title="Due on")
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        title="What to do"
    )


class FollowUp(FollowUpIn):
    """A stored follow-up."""

    id: int
    done_at: datetime | None = None
    cancelled_at: datetime | None = None
    # Set when the learner snoozes it, so "Snoozed" can list it until it is due again.
    snoozed_at: datetime | None = None
    created_at: datetime
    updated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Neither done nor cancelled."""
        return self.done_at is None and self.cancelled_at is None


class ActivityIn(Record):
    """Networking time spent on a day, optionally with one contact."""

    day: date = Field(title="When")
    kind: ActivityKind = Field(default=ActivityKind.OTHER, title="What")
    minutes: int = Field(default=0, ge=0, le=1440, title="Minutes")
    contact_id: int | None = None
    note: OptionalShort = Field(default=None, title="Note")


class Activity(ActivityIn):
    """A stored activity."""

    id: int


class SentMessageIn(Record):
    """A message the learner sent, kept so the history is visible."""

    contact_id: int
    conversation_id: int | None = None
    channel: Id
    purpose: Id
    text: Annotated[str, StringConstraints(min_length=1, max_length=10000)] = Field(
        title="The message"
    )
    sent_at: datetime | None = None


class SentMessage(SentMessageIn):
    """A stored sent message."""

    id: int
    sent_at: datetime


class DraftIn(Record):
    """A message in progress for a contact, channel and purpose."""

    contact_id: int
    conversation_id: int | None = None
    channel: Id
    purpose: Id
    text: Annotated[str, StringConstraints(max_length=20000)]
    based_on: Annotated[str, StringConstraints(max_length=20000)]


class Draft(DraftIn):
    """A stored draft."""

    id: int
    updated_at: datetime


class DraftDetailIn(Record):
    """One detail the learner typed for drafts to a contact (and conversation)."""

    contact_id: int
    conversation_id: int | None = None
    field: Literal["topic", "event", "takeaway", "action_taken", "intro_name", "minutes"]
    value: Annotated[str, StringConstraints(max_length=2000)]


class DraftDetail(DraftDetailIn):
    """A stored draft detail."""

    id: int
    updated_at: datetime
