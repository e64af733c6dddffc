"""Pydantic models shared by the banks, the planner, the store, outreach and exports.

Everything a user or a data file can supply passes through one of these models
before it is used or stored. All of them forbid unknown keys, so a typo in a YAML
bank or a backup is reported instead of silently ignored.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from coffeechat.validation import NEEDS_CLEANING, SINGLE_LINE_MAX, clean_text


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=600)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


# --------------------------------------------------------------------------- banks


class Category(StrEnum):
    """Where a question sits in a chat: TIARA, with an opening and a close around it."""

    OPENING = "opening"
    TRENDS = "trends"
    INSIGHTS = "insights"
    ADVICE = "advice"
    RESOURCES = "resources"
    ASSIGNMENTS = "assignments"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        """Human label, as shown in plans and sheets."""
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.OPENING: "Opening",
    Category.TRENDS: "Trends",
    Category.INSIGHTS: "Insights",
    Category.ADVICE: "Advice",
    Category.RESOURCES: "Resources",
    Category.ASSIGNMENTS: "Assignments",
    Category.CLOSING: "Closing",
}

CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)
TIARA: tuple[Category, ...] = (
    Category.TRENDS,
    Category.INSIGHTS,
    Category.ADVICE,
    Category.RESOURCES,
    Category.ASSIGNMENTS,
)


class Theme(StrEnum):
    """The canonical questions every plan of 15 minutes or more must carry.

    A tailored question can carry a theme too ("What does an on-call week look like
    for an SRE?" stands in for the generic typical-day question).
    """

    PATH = "path"
    TYPICAL_DAY = "typical-day"
    ADVICE = "advice"
    CHALLENGES = "challenges"
    WHO_ELSE = "who-else"

    @property
    def label(self) -> str:
        """What the plan page calls the theme, in a beginner's words."""
        return THEME_LABELS[self]


THEME_LABELS: dict[Theme, str] = {
    Theme.PATH: "How they got here",
    Theme.TYPICAL_DAY: "A typical day",
    Theme.ADVICE: "Their advice for you",
    Theme.CHALLENGES: "The hard parts",
    Theme.WHO_ELSE: "Who else to talk to",
}

#: The four themes every plan of 15 minutes or more covers; who-else comes on top of
#: them from 20 minutes.
CANONICAL_THEMES: tuple[Theme, ...] = (
    Theme.PATH, Theme.TYPICAL_DAY, Theme.ADVICE, Theme.CHALLENGES,
)


All = Literal["all"]
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _scope(value: object) -> list[str] | Literal["all"]:
    """Accept ``all`` or a non-empty list of ids; anything else gets one clear error."""
    if value == "all":
        return "all"
    if isinstance(value, str):
        raise ValueError('write "all" or a list of ids, like [frontend, backend]')
    if not isinstance(value, list) or not value:
        raise ValueError('must be "all" or a non-empty list of ids, like [frontend, backend]')
    bad = [v for v in value if not isinstance(v, str) or not _ID_RE.match(v)]
    if bad:
        raise ValueError(f"not valid ids: {', '.join(map(repr, bad))}")
    return list(value)


Scope = Annotated[list[str] | Literal["all"], PlainValidator(_scope)]


class Question(Strict):
    """One question in a bank."""

    id: Id
    text: Text
    category: Category
    roles: Scope = "all"
    audiences: Scope = "all"
    minutes: int = Field(ge=1, le=30)
    # The least time the question still works in, when a short plan must squeeze.
    min_minutes: int | None = Field(default=None, ge=1, le=30)
    priority: int = Field(default=3, ge=1, le=5)
    why: Text
    follow_ups: list[Text] = Field(default_factory=list, max_length=6)
    core: bool = False
    theme: Theme | None = None

    # Field validators rather than a model validator, so that a problem is reported at
    # the line of the key that is wrong. Both rely on the fields declared before them.
    @field_validator("min_minutes")
    @classmethod
    def _min_within_usual(cls, value: int | None, info: ValidationInfo) -> int | None:
        usual = info.data.get("minutes")
        if value is not None and usual is not None and value > usual:
            raise ValueError(f"must not be more than minutes ({usual}) (got {value})")
        return value

    @field_validator("theme")
    @classmethod
    def _who_else_closes(cls, value: Theme | None, info: ValidationInfo) -> Theme | None:
        # Plans end with who-else, and plans are ordered by category: only a closing
        # question can be last.
        category = info.data.get("category")
        if value == Theme.WHO_ELSE and category is not None and category != Category.CLOSING:
            raise ValueError(
                f"a who-else question closes the chat, so its category must be closing "
                f"(got {category.value})"
            )
        return value

    @property
    def shortest(self) -> int:
        """The fewest minutes this question can be given in a tight plan."""
        return self.min_minutes if self.min_minutes is not None else self.minutes

    def fits(self, role: str, audience: str) -> bool:
        """Whether the question suits this target role and this kind of person."""
        return (self.roles == "all" or role in self.roles) and (
            self.audiences == "all" or audience in self.audiences
        )


class BankFile(Strict):
    """The top level of a YAML question bank file."""

    title: ShortText
    description: Text | None = None
    deck: Literal["interview", "meetup"] = "interview"
    questions: list[Question] = Field(min_length=1)


class Role(Strict):
    """A software role the learner may be aiming for."""

    id: Id
    title: ShortText
    summary: Text
    typical_day: Text
    skills: list[ShortText] = Field(min_length=3)
    talk_to: list[Id] = Field(min_length=1)


class Audience(Strict):
    """A kind of person the learner might interview."""

    id: Id
    title: ShortText
    description: Text
    ask_them_about: Text


class NetworkingOption(Strict):
    """A place to meet people, from the domain brief's list."""

    id: Id
    title: ShortText
    kind: Literal["in_person", "online"]
    description: Text
    first_step: Text


class Catalog(Strict):
    """Target roles, audiences and networking options."""

    roles: list[Role] = Field(min_length=1)
    audiences: list[Audience] = Field(min_length=1)
    networking: list[NetworkingOption] = Field(default_factory=list)


# ------------------------------------------------------------------------- planner


class PlanItem(Strict):
    """One question in a plan, with why it was picked."""

    id: str
    text: str
    category: Category
    #: The minutes given to the question in this plan: its usual time, or less (never
    #: below its ``min_minutes``) when the budget is tight.
    minutes: int
    reason: str
    why: str = ""
    follow_ups: list[str] = Field(default_factory=list)
    theme: Theme | None = None


class Plan(Strict):
    """An ordered plan of questions for one conversation."""

    role: str
    audience: str
    budget_minutes: int
    total_minutes: int
    seed: int
    items: list[PlanItem]

    @property
    def ids(self) -> list[str]:
        """Question ids in plan order."""
        return [item.id for item in self.items]


def a_or_an(phrase: str) -> str:
    """The phrase with its indefinite article: 'an engineering manager', 'a founder'."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug for file names ("Nguyễn Thị Minh" becomes "nguyen-thi-minh")."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d")
                                       .replace("Ł", "L").replace("ł", "l"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return _SLUG.sub("-", ascii_text.lower()).strip("-") or "item"


# --------------------------------------------------------------------------- store
#
# What the learner keeps. Each record has an input model (what a form or a command
# supplies, validated before it touches the database) and a stored model that adds
# the id and timestamps.

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


class Tier(StrEnum):
    """How close a contact is; it sets the default keep-in-touch cadence."""

    CLOSE = "close"
    REGULAR = "regular"
    ACQUAINTANCE = "acquaintance"


class ContactChannel(StrEnum):
    """Where the learner usually reaches a contact."""

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
    channels: list[Id] = Field(default_factory=list, max_length=MAX_PLACES,
                               title="Places to network")
    linkedin_plan: LinkedInPlan = Field(default=LinkedInPlan.FREE, title="Your LinkedIn plan")

    @property
    def weekly_networking_minutes(self) -> int:
        """Minutes a week set aside for networking."""
        return round(self.weekly_study_hours * 60 * self.networking_share / 100)


class Profile(ProfileIn):
    """The stored profile."""

    updated_at: datetime | None = None


DEFAULT_CADENCE: dict[Tier, int] = {
    Tier.CLOSE: 30,
    Tier.REGULAR: 90,
    Tier.ACQUAINTANCE: 180,
}


class ContactIn(Record):
    """A person in the learner's network.

    Each title is the label the contact form shows, so a message names the field the
    way the learner sees it.
    """

    name: Name = Field(title="Name")
    call_them: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, title="What to call them"
    )
    title: OptionalShort = Field(default=None, title="Job title")
    company: OptionalShort = Field(default=None, title="Company")
    location: OptionalShort = Field(default=None, title="Location")
    met_at: OptionalShort = Field(default=None, title="Where you met")
    met_how: OptionalShort = Field(default=None, title="How you met")
    channel: ContactChannel | None = Field(default=None, title="Best way to reach them")
    profile_url: Annotated[
        str, StringConstraints(max_length=200, pattern=_URL.pattern)
    ] | None = Field(default=None, title="Profile address")
    email: Annotated[str, StringConstraints(max_length=200, pattern=_EMAIL.pattern)] | None = (
        Field(default=None, title="Email")
    )
    common_ground: OptionalText = Field(default=None, title="What you have in common")
    tags: list[Annotated[str, StringConstraints(max_length=40, min_length=1)]] = Field(
        default_factory=list, max_length=20, title="Tags"
    )
    tier: Tier = Field(default=Tier.REGULAR, title="How close you are")
    cadence_days: int | None = Field(default=None, ge=1, le=730, title="Days between check-ins")
    archived: bool = False
    connected_on: date | None = Field(default=None, title="Connected on")
    source: Literal["manual", "linkedin", "backup"] = "manual"

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
    last_interaction_on: date | None = None
    created_at: datetime
    updated_at: datetime


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
