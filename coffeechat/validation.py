"""Clean text at the input boundary, and turn validation errors into friendly problems.

Shared by the bank loader (which adds file:line places), the store and the forms,
so a bad value reads the same everywhere: what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from coffeechat.errors import InvalidInputError, Problem, humanise

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

#: Friendly words for fields checked by a pattern, keyed by field name.
PATTERN_MESSAGES: dict[str, tuple[str, str]] = {
    "email": (
        "doesn't look like an email address (check for a typo, or leave it empty)",
        "an email address looks like name@example.com",
    ),
    "profile_url": (
        "needs to be a full web address, starting with https://",
        "copy the address from your browser's address bar",
    ),
}


#: Characters no one means to type: C0 and C1 controls (NUL, BEL, ESC...) and DEL,
#: the bidi overrides and isolates that can make a name read backwards on screen, and
#: lone surrogates (valid in JSON, refused by PostgreSQL). Tab, newline and carriage
#: return are handled apart, because prose keeps them.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNWANTED = re.compile(f"[{_CONTROLS}]+")
#: Anything either kind of cleaning would change; one search is the fast path.
NEEDS_CLEANING = re.compile(f"[{_CONTROLS}\t\n\r]")
_ONE_LINE = re.compile(r" *[\t\n\r][\t\n\r ]*")

#: Text capped at this many characters or fewer is a name, title, address or id and is
#: shown on one line (terminal, calendar, CSV); longer text is prose with line breaks.
SINGLE_LINE_MAX = 200


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Strip control characters, bidi overrides and NULs; keep all other Unicode.

    One-line text also has its tabs and line breaks turned into single spaces; prose
    (``multiline``) keeps tabs and line breaks, Windows and old-Mac ones made line feeds.
    The same on SQLite and PostgreSQL, so a value stored in one moves to the other.
    """
    if not NEEDS_CLEANING.search(value):
        return value
    value = _UNWANTED.sub("", value)
    if multiline:
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value
    return _ONE_LINE.sub(" ", value)


def field_path(loc: Loc) -> str:
    """Render a pydantic location as ``questions[3].minutes``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc``, for listing allowed keys."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def explain(err: Any, root: type[BaseModel]) -> tuple[str, str]:
    """Turn one pydantic error into a friendly message and a hint."""
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "missing":
        return "is required but missing", f"add `{name}:` here"
    if kind == "extra_forbidden":
        owner = _model_at(root, loc[:-1])
        allowed = ", ".join(owner.model_fields) if owner else ""
        return (
            f"unknown key {name!r}",
            f"remove it or fix the spelling; allowed keys: {allowed}" if allowed else
            "remove it or fix the spelling",
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        owner = _model_at(root, loc[:-1])
        low = high = None
        if owner is not None and name in owner.model_fields:
            for meta in owner.model_fields[name].metadata:
                low = getattr(meta, "ge", low)
                high = getattr(meta, "le", high)
        if low is not None and high is not None:
            return (
                f"must be {low}-{high} (got {_short(got)})",
                f"use a whole number from {low} to {high}",
            )
        return f"{err['msg'].lower()} (got {_short(got)})", "adjust the number"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return (
            f"must be a whole number (got {_short(got)})",
            "write a number like 3, without quotes",
        )
    if kind in {"bool_parsing", "bool_type"}:
        return f"must be true or false (got {_short(got)})", "write true or false"
    if kind == "enum":
        expected = ctx.get("expected", "")
        return f"must be one of {expected} (got {_short(got)})", "pick one of the listed values"
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "dict_type": "a mapping of keys to values",
            "model_type": "a mapping of keys to values",
            "model_attributes_type": "a mapping of keys to values",
        }[kind]
        return f"must be {wanted} (got {_short(got)})", (
            "start list items with '- '" if kind == "list_type" else "check the indentation"
        )
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty", f"fill in `{name}`"
    if kind == "string_too_long":
        return (
            f"is too long ({len(str(got))} characters; the limit is {ctx.get('max_length')})",
            "shorten it",
        )
    if kind in {"too_short", "too_long"}:
        return err["msg"].lower(), "check how many items the list has"
    if kind == "string_pattern_mismatch" and name in PATTERN_MESSAGES:
        return PATTERN_MESSAGES[name]
    if kind == "string_pattern_mismatch":
        return (
            f"{_short(got)} is not a valid id",
            "use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit",
        )
    if kind == "literal_error":
        return f"must be {ctx.get('expected', 'one of the allowed values')} (got {_short(got)})", (
            "pick one of the listed values"
        )
    if kind == "value_error":
        msg = str(ctx.get("error", err["msg"]))
        hint = f"fill in `{name}`" if "empty" in msg else "fix the value"
        return msg, hint
    return err["msg"], "fix the value"


def field_label(model: type[BaseModel], name: str) -> str:
    """What a form calls the field: its ``Field(title=...)``, else its name in words."""
    info = model.model_fields.get(name)
    return info.title if info is not None and info.title else humanise(name)


def _limits(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    low = high = None
    info = model.model_fields.get(name)
    for meta in info.metadata if info is not None else ():
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def _quote(text: str, width: int = 20) -> str:
    """The start of a typed value, quoted, so the learner can spot which one it is."""
    return f"“{text[:width]}…”" if len(text) > width else f"“{text}”"


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else _short(value)


def field_sentence(err: Any, model: type[BaseModel]) -> tuple[str, str]:
    """One pydantic error as (form field, a sentence to show next to that field).

    The sentence names the field by its label and says the limit and what was typed,
    like "Company can be at most 200 characters (you have 240)."
    """
    loc: Loc = tuple(err["loc"])
    top = next((p for p in loc if isinstance(p, str)), "")
    if not top:
        # A whole-record rule (a model validator): the message is already a sentence.
        msg = str((err.get("ctx") or {}).get("error", err["msg"]))
        return "", msg[:1].upper() + msg[1:]
    label = field_label(model, top)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    in_list = any(isinstance(p, int) for p in loc[loc.index(top):])
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        if in_list:
            return top, f"{label} can't have an empty entry."
        return top, f"{label} can't be empty."
    if kind == "string_too_long":
        size = len(str(got))
        if in_list:
            return top, (
                f"{label} can be at most {ctx.get('max_length')} characters each "
                f"({_quote(str(got))} has {size})."
            )
        return top, f"{label} can be at most {ctx.get('max_length')} characters (you have {size})."
    if kind == "too_long":
        return top, (
            f"{label} can have at most {ctx.get('max_length')} entries "
            f"(you have {ctx.get('actual_length')})."
        )
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low, high = _limits(model, top)
        if low is not None and high is not None:
            return top, f"{label} must be between {low} and {high} (you have {_number(got)})."
        return top, f"{label} {err['msg'].lower()} (you have {_number(got)})."
    if kind == "string_pattern_mismatch" and top in PATTERN_MESSAGES:
        return top, f"{label} {PATTERN_MESSAGES[top][0]}."
    if kind in {"enum", "literal_error"}:
        return top, f"{label} must be {ctx.get('expected', 'one of the listed choices')}."
    if kind.startswith(("date_", "datetime_")):
        return top, f"{label} needs a real date, like 2024-03-15 (you have {_short(got)})."
    if kind in {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}:
        return top, f"{label} must be a number (you have {_short(got)})."
    message, _hint = explain(err, model)
    return top, f"{label}: {message}."


def field_messages(exc: ValidationError, model: type[BaseModel]) -> dict[str, str]:
    """Every field's first problem as a sentence, keyed by the form field it belongs to."""
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        field, sentence = field_sentence(err, model)
        out.setdefault(field, sentence)
    return out


def parse(model: type[M], data: Any, *, what: str = "") -> M:
    """Validate ``data`` as ``model``, or raise InvalidInputError naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            message, hint = explain(err, model)
            problems.append(Problem(message, field=field_path(tuple(err["loc"])), hint=hint))
        label = what or model.__name__
        raise InvalidInputError(
            f"Some values for this {label} need fixing.", problems, field_messages(exc, model)
        ) from None


def has_visible_text(text: str) -> bool:
    """True if the text shows something: not only spaces, zero-width or control marks."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}
        for ch in text
    )
