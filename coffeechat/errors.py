"""One hierarchy of errors for everything a user can cause.

Every error the domain raises derives from :class:`CoffeeChatError`. The CLI turns
them into a message and an exit code; the pages turn them into ``st.error``. Neither
face ever shows a traceback for these.
"""

from __future__ import annotations

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


class ValidationProblem(CoffeeChatError):
    """Values typed into a form or a command are not acceptable."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message, problems)

    def by_field(self) -> dict[str, str]:
        """Map each field name to its message, for showing next to form inputs."""
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field or "", p.message)
        return out


class NotFoundError(CoffeeChatError):
    """A contact, conversation or other record does not exist."""


class ConflictError(CoffeeChatError):
    """The action clashes with what is already stored."""


class StoreError(CoffeeChatError):
    """The database cannot be reached or opened."""


class ImportFileError(CoffeeChatError):
    """A file given for import is not what we expected; nothing was written."""


class BackupError(CoffeeChatError):
    """A backup cannot be restored; nothing was changed."""


class TemplateProblem(CoffeeChatError):
    """A message or export template is broken or unsafe."""


class MissingDetails(CoffeeChatError):
    """A draft needs details the learner has not filled in yet."""

    def __init__(self, missing: list[str]) -> None:
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
