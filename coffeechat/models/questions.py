"""The question banks, the catalogue (roles, audiences, places to network) and plans."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    Field,
    PlainValidator,
    ValidationInfo,
    field_validator,
)

from coffeechat.models._base import Id, ShortText, Strict, Text

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


class NetworkingPlace(Strict):
    """A place to meet people (a meetup, a Discord, LinkedIn), from the domain brief's list."""

    id: Id
    title: ShortText
    kind: Literal["in_person", "online"]
    description: Text
    first_step: Text


class Catalog(Strict):
    """Target roles, audiences and places to network."""

    roles: list[Role] = Field(min_length=1)
    audiences: list[Audience] = Field(min_length=1)
    networking: list[NetworkingPlace] = Field(default_factory=list)


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
