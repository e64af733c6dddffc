"""The registry of fields: what forms, the CLI and the CSV export know about a column.

Everything here is read from the pydantic models (their ``title``, ``description``,
type and limits, plus the :class:`~coffeechat.models.Face` on each field), so adding
a column to a model is the only edit the form, the CLI options and the CSV columns
need. The tables the store keeps are registered next to them, in
:data:`coffeechat.store.tables.REGISTRY`; this module stays free of SQLAlchemy so the
CLI can build its options without loading the database layer.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from coffeechat.models import Contact, ContactIn, Face, Widget


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model, as a form, the CLI and a spreadsheet see it."""

    name: str
    #: How messages, forms and the CLI name it (the field's title).
    label: str
    #: A sentence of help (the field's description), if it has one.
    help: str | None
    #: None for fields the learner never types (archived, source, ...).
    widget: Widget | None
    form_label: str
    placeholder: str | None
    flag: str
    #: The values of a choice, in their declared order.
    choices: tuple[str, ...]
    required: bool
    #: The default a form or the CLI starts from (an enum default as its value).
    default: Any
    #: Whether None is a valid value (a choice may then be left empty).
    optional: bool
    #: The longest text, or the largest number, the model accepts (None if unbounded).
    limit: int | None
    capped: bool
    in_spreadsheet: bool

    @property
    def cli_help(self) -> str:
        """The CLI option's help: the label, then the description or an example."""
        if self.widget == "tags":
            return f"{self.label}, one per option; repeatable."
        if self.help:
            return f"{self.label}. {self.help}"
        example = self.placeholder or ""
        if example.endswith(".") and not example.endswith(".."):  # a sentence of its own
            return f"{self.label}. {example}"
        return self.label + (f" ({example})." if example else ".")


def typed_value(spec: FieldSpec, raw: Any) -> Any:
    """A value as a form or the CLI gives it, ready for the model.

    An empty choice and a zero "days" mean "not given", and repeated tags become a
    list; text is left as typed, for the model to clean and check.
    """
    if spec.widget == "choice":
        return raw or None
    if spec.widget == "days":
        return int(raw) or None if raw is not None else None
    if spec.widget == "tags" and isinstance(raw, tuple):
        return list(raw)
    return raw


def _face(info: FieldInfo) -> Face | None:
    return next((m for m in info.metadata if isinstance(m, Face)), None)


def _choices(annotation: Any) -> tuple[str, ...]:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return tuple(str(member.value) for member in arg)
        if typing.get_origin(arg) is Literal:
            return tuple(str(value) for value in typing.get_args(arg))
    return ()


def _optional(annotation: Any) -> bool:
    return (typing.get_origin(annotation) in (typing.Union, types.UnionType)
            and type(None) in typing.get_args(annotation))


def _limit(info: FieldInfo) -> int | None:
    """The field's max_length (text) or its upper bound (numbers), wherever declared."""
    found: list[int] = []

    def visit(metadata: Any) -> None:
        for item in metadata:
            for attr in ("max_length", "le"):
                value = getattr(item, attr, None)
                if isinstance(value, int):
                    found.append(value)

    visit(info.metadata)
    if typing.get_origin(info.annotation) is not list:  # a list's own max is its length
        for arg in typing.get_args(info.annotation):
            if typing.get_origin(arg) is typing.Annotated:
                visit(typing.get_args(arg)[1:])
    return max(found, default=None)


def _spec(name: str, info: FieldInfo, face: Face) -> FieldSpec:
    label = info.title or name.replace("_", " ").capitalize()
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    return FieldSpec(
        name=name,
        label=label,
        help=info.description,
        widget=face.widget,
        form_label=face.label or (f"{label} *" if info.is_required() else label),
        placeholder=face.placeholder,
        flag=face.flag or "--" + name.replace("_", "-"),
        choices=_choices(info.annotation),
        required=info.is_required(),
        default=default.value if isinstance(default, Enum) else default,
        optional=_optional(info.annotation),
        limit=_limit(info),
        capped=face.capped,
        in_spreadsheet=face.in_spreadsheet,
    )


@cache
def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every field of ``model`` that carries a Face, in declaration order."""
    specs = []
    for name, info in model.model_fields.items():
        face = _face(info)
        if face is not None:
            specs.append(_spec(name, info, face))
    return tuple(specs)


def typed_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields a learner types into a form or passes on the command line."""
    return tuple(f for f in fields_of(model) if f.widget is not None)


def spreadsheet_columns(model: type[BaseModel]) -> list[str]:
    """A CSV's columns: the id first, then every field but those kept out of spreadsheets."""
    left_out = {f.name for f in fields_of(model) if not f.in_spreadsheet}
    return ["id", *(name for name in model.model_fields if name != "id" and name not in left_out)]


#: The contact fields the form and ``coffeechat contacts add`` offer.
CONTACT_FIELDS: tuple[FieldSpec, ...] = typed_fields(ContactIn)
#: The same, by field name.
CONTACT_FIELD_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in CONTACT_FIELDS}


def typed_contact_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Contact values as the form or the CLI gives them (by field name), for the model."""
    return {name: typed_value(CONTACT_FIELD_BY_NAME[name], value) for name, value in raw.items()}


#: The contacts CSV's columns.
CONTACT_COLUMNS: list[str] = spreadsheet_columns(Contact)
