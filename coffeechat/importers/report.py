"""What an import did, row by row, and how to say it briefly.

Every row of the file gets an outcome and a reason, so no row can disappear without
a word. The text form lists what needs the learner's eye (rows that failed, values
that were changed on the way in, contacts that were updated) and only counts the
rows that were simply skipped, with a few examples, so a re-run over 30,000 rows
prints a handful of lines.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

Outcome = Literal["created", "updated", "skipped", "failed"]

#: Rows listed one by one under each heading before "...and N more".
LISTED = 20
#: Examples given for a group of skipped rows.
EXAMPLES = 3


@dataclass(slots=True)
class RowResult:
    """What happened to one row of the file."""

    line: int
    name: str
    outcome: Outcome
    reason: str
    #: What the import changed or left out on the way in (a date it could not read,
    #: a name it shortened), also part of ``reason``.
    adjustments: list[str] = field(default_factory=list)

    def label(self) -> str:
        """``line 4 (Dana Park)``, with long names cut, for listing."""
        name = self.name if len(self.name) <= 40 else self.name[:39] + "…"
        return f"line {self.line} ({name})" if name else f"line {self.line}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


#: Reasons so common that a row with one is kept as a line, a name and a code.
PLAIN: dict[Outcome, str] = {"created": "new contact", "skipped": "already in your contacts"}
_CODES: tuple[Outcome, ...] = ("created", "updated", "skipped", "failed")
_CODE = {outcome: code for code, outcome in enumerate(_CODES)}
_FULL = 255  # the row's RowResult is kept whole, in ``_whole``


class RowResults(Sequence[RowResult]):
    """The rows of a report, in file order, made into RowResults as they are read."""

    def __init__(self, report: ImportReport) -> None:
        self._report = report

    def __len__(self) -> int:
        return len(self._report._lines)

    @overload
    def __getitem__(self, index: int) -> RowResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowResult]: ...
    def __getitem__(self, index: int | slice) -> RowResult | list[RowResult]:
        if isinstance(index, slice):
            return [self._report._row(i) for i in range(len(self))[index]]
        return self._report._row(range(len(self))[index])

    def __iter__(self) -> Iterator[RowResult]:
        return map(self._report._row, range(len(self)))


@dataclass
class ImportReport:
    """The outcome of an import, row by row.

    A 30,000-row import mostly creates or skips contacts for the usual reason, so those
    rows are kept compactly (a line number, a name and a one-byte code) rather than as
    30,000 objects; :attr:`rows` gives every row back as a :class:`RowResult`.
    """

    dry_run: bool = False
    header_line: int = 0
    #: Things about the whole file worth knowing (its encoding, its delimiter).
    notes: list[str] = field(default_factory=list)
    _lines: array[int] = field(default_factory=lambda: array("q"), repr=False)
    _names: list[str] = field(default_factory=list, repr=False)
    _codes: bytearray = field(default_factory=bytearray, repr=False)
    _whole: dict[int, RowResult] = field(default_factory=dict, repr=False)
    _counts: Counter[str] = field(default_factory=Counter, repr=False)

    def add(self, row: RowResult) -> None:
        """Record what happened to one row; rows come in file order."""
        if not row.adjustments and PLAIN.get(row.outcome) == row.reason:
            self._codes.append(_CODE[row.outcome])
        else:
            self._whole[len(self._lines)] = row
            self._codes.append(_FULL)
        self._lines.append(row.line)
        self._names.append(row.name)
        self._counts[row.outcome] += 1

    def _row(self, index: int) -> RowResult:
        code = self._codes[index]
        if code == _FULL:
            return self._whole[index]
        outcome = _CODES[code]
        return RowResult(self._lines[index], self._names[index], outcome, PLAIN[outcome])

    @property
    def rows(self) -> RowResults:
        """Every row with an outcome, in file order."""
        return RowResults(self)

    def count(self, outcome: Outcome) -> int:
        """How many rows had this outcome."""
        return self._counts[outcome]

    @property
    def created(self) -> int:
        """Rows that became new contacts."""
        return self.count("created")

    @property
    def updated(self) -> int:
        """Rows that changed an existing contact."""
        return self.count("updated")

    @property
    def skipped(self) -> int:
        """Rows that were already there or repeated in the file."""
        return self.count("skipped")

    @property
    def failed(self) -> int:
        """Rows that could not be imported."""
        return self.count("failed")

    def summary(self) -> str:
        """One friendly line."""
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb}: {self.created:,} new, {self.updated:,} updated, {self.skipped:,} skipped, "
            f"{self.failed:,} failed."
        )

    def nothing_to_import(self) -> str | None:
        """Why nothing would be written, when that is so; None when there is work."""
        if self.created or self.updated:
            return None
        if not self._lines:
            return ("This file has the column names but no connections under them, so there "
                    "is nothing to import.")
        if self.failed and not self.skipped:
            return ("None of the rows in this file can be imported; the list shows why for "
                    "each one.")
        if self.failed:
            return ("Nothing new to import: the other people in this file are already in "
                    "your contacts, and the rows that can't be imported say why.")
        return "Nothing new to import: everyone in this file is already in your contacts."

    def text_lines(self, *, more: str = "") -> list[str]:
        """The report as short lines for a terminal, summary last.

        ``more`` is added to each "...and N more" line (the CLI points at ``--json``).
        """
        lines = list(self.notes)

        def listing(heading: str, rows: list[RowResult], detail: Any) -> None:
            if not rows:
                return
            lines.append(heading)
            lines.extend(f"  {r.label()}: {detail(r)}" for r in rows[:LISTED])
            if len(rows) > LISTED:
                lines.append(f"  …and {len(rows) - LISTED:,} more{more}.")

        failed = [r for r in self.rows if r.outcome == "failed"]
        listing(f"Can't import {_plural(len(failed), 'row')}:", failed, lambda r: r.reason)
        adjusted = [r for r in self.rows if r.adjustments and r.outcome != "failed"
                    and r.outcome != "skipped"]
        listing(f"Imported with changes ({_plural(len(adjusted), 'row')}):", adjusted,
                lambda r: "; ".join(r.adjustments))
        updated = [r for r in self.rows if r.outcome == "updated"]
        listing(f"{'Would update' if self.dry_run else 'Updated'} "
                f"{_plural(len(updated), 'contact')}:", updated,
                lambda r: r.reason.split("; ")[0])
        groups: dict[str, list[RowResult]] = {}
        for row in self.rows:
            if row.outcome == "skipped":
                groups.setdefault(row.reason.split(" (line ")[0], []).append(row)
        for reason, rows in groups.items():
            examples = ", ".join(r.label() for r in rows[:EXAMPLES])
            lines.append(f"Skipped {_plural(len(rows), 'row')} ({reason}), "
                         f"for example {examples}.")
        lines.append(self.summary())
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, for JSON output and tables."""
        return {
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
            "notes": list(self.notes),
            "rows": [dataclasses.asdict(r) for r in self.rows],
        }
