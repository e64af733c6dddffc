"""One hierarchy of errors for everything a user can cause.

Every error a user can cause derives from :class:`CoffeeChatError`, and its message
says what is wrong, where, and how to fix it. The CLI turns them into a message and an
exit code; the pages turn them into ``st.error``. Neither face ever shows a traceback
for these.

A call that breaks the library's own contract (an argument no page or command can
send) is a programmer error, not the user's: it raises a plain ``ValueError``,
``TypeError`` or ``LookupError``, which both faces report as something unexpected
and log. Every exception class here ends in ``Error``; :class:`Problem` is not an
exception but one line of an error's details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file or a form, with where it is and how to fix it."""

    message: str
    where: str = ""
    field: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""

    def __str__(self) -> str:
        place = self.where
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        parts = [p for p in (place, self.field) if p]
        text = ": ".join([*parts, self.message])
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class CoffeeChatError(Exception):
    """Base of every error a user can cause. Its text is safe to show as is."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message, *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)


class BankError(CoffeeChatError):
    """A question bank or the catalogue has problems; every one is listed."""


class UnknownChoiceError(CoffeeChatError):
    """A role, audience, channel or other id the user typed does not exist."""

    exit_code = 2

    def __init__(self, kind: str, value: str, valid: list[str]) -> None:
        self.kind = kind
        self.value = value
        self.valid = valid
        super().__init__(
            f"Unknown {kind} {value!r}. Choose one of: {', '.join(valid)}."
        )


class PlanError(CoffeeChatError):
    """The planner cannot build a plan with the inputs given."""


class InvalidInputError(CoffeeChatError):
    """Values typed into a form or a command are not acceptable."""

    def __init__(
        self, message: str, problems: list[Problem], fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, problems)
        self.fields = dict(fields or {})

    def by_field(self) -> dict[str, str]:
        """Map each form field to one whole sentence, for showing next to its input.

        Keys are top-level field names (``tags``, not ``tags[3]``), so a form can put
        every message under the input it belongs to. Each sentence names the field and
        starts with a capital, because it is read next to the input, not after its name.
        """
        out = dict(self.fields)
        for p in self.problems:
            top = re.split(r"[.\[]", p.field, maxsplit=1)[0] if p.field else ""
            if top not in out:
                out[top] = (
                    f"{humanise(top)}: {p.message}" if top
                    else p.message[:1].upper() + p.message[1:]
                )
        return out


def humanise(name: str) -> str:
    """A field name as words, for fields without a label: ``cadence_days`` is "Cadence days"."""
    return name.replace("_", " ").capitalize()


class NotFoundError(CoffeeChatError):
    """A contact, conversation or other record does not exist."""


class ConflictError(CoffeeChatError):
    """What the user asked for clashes with what is stored (two ids that do not belong together).

    Only for input a user can send; a call no page or command makes raises ``ValueError``.
    """


class StoreError(CoffeeChatError):
    """The database cannot be reached or opened."""


class ImportFileError(CoffeeChatError):
    """A file given for import is not what we expected; nothing was written."""


class BackupError(CoffeeChatError):
    """A backup cannot be restored; nothing was changed."""


class TemplateFileError(CoffeeChatError):
    """A message or export template is broken or unsafe."""


class MissingDetailsError(CoffeeChatError):
    """A draft needs details the learner has not filled in yet.

    ``fields`` are where each is filled in (``contact.common_ground``, ``profile.name``,
    ``draft.topic``), for a face to link to; ``missing`` says the same in sentences.
    """

    def __init__(self, fields: list[str], missing: list[str]) -> None:
        self.fields = fields
        self.missing = missing
        super().__init__(
            "A few details are needed before this draft can be written:\n"
            + "\n".join(f"- {m}" for m in missing)
        )


class ExportError(CoffeeChatError):
    """An export cannot be produced with the options given."""


class DatabaseBusyError(StoreError):
    """Another writer held the database for longer than we wait; nothing was changed."""


class OutputError(CoffeeChatError):
    """A file cannot be written where the learner asked; nothing half-written is left."""


class AccountError(NotFoundError):
    """An account named on the command line (by e-mail) does not exist, or is ambiguous."""

    exit_code = 2
