"""Read the dates in an export, including the ways spreadsheets re-save them.

LinkedIn writes ``15 Mar 2024``. A file opened and saved again in a spreadsheet may
carry ``7-Feb-22``, ``Feb 7, 2022``, ``2/7/2022``, ``07.02.2022``, ``2022-02-07`` or the
same with a time after it. All of those are accepted.

The rule for day and month written as numbers (``2/7/2022``):

- a year written first is always year-month-day (``2022/02/07``);
- dots mean day.month.year (``07.02.2022``), as everywhere dots are used;
- with slashes or dashes, a first number over 12 means day first (``25/12/2022``) and a
  second number over 12 means month first (``12/25/2022``);
- when both are 12 or less and differ, the other dates of the same file decide: if
  some date there can only be day-first, and none can only be month-first, the whole
  file is read day-first (and the other way round);
- otherwise the date is truly ambiguous and is reported, never guessed.

Two-digit years are this century unless that would be more than a year ahead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from coffeechat.clock import now

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_SPLIT = re.compile(r"[\s,./-]+")
_NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})$")
#: A time of day after the date ("2022-02-07 00:00:00", "2/7/2022 9:30 AM", ISO "T").
_TIME = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)$")

EXPECTED = "expected a date like 15 Mar 2024"


class AmbiguousDate(ValueError):
    """Both day-month and month-day readings are real dates and nothing decides."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        century = 2000 if 2000 + year <= now().year + 1 else 1900
        year += century
    return year


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _order_evidence(value: str) -> str | None:
    """``dmy`` or ``mdy`` if this date can be read only one way, else None."""
    match = _NUMERIC.match(_TIME.sub("", value.strip()))
    if not match or len(match.group(1)) > 2 or match.group(2) == ".":
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


class DateReader:
    """Parses one file's dates, using the file's other dates to settle day and month.

    ``values`` gives all of the file's dates. It is called once, and only when a date
    needs the others to settle it: LinkedIn's own ``15 Mar 2024`` never does, so an
    import of an export as LinkedIn wrote it reads the file once.
    """

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self._values = values
        self._order: str | None = None
        self._settled = False
        self._cache: dict[str, date | ValueError] = {}

    @property
    def order(self) -> str | None:
        """``dmy`` or ``mdy`` when the file's dates settle it, else None."""
        if not self._settled:
            evidence = {_order_evidence(v) for v in set(self._values())} - {None}
            # Both kinds in one file means no single order: then only clear dates parse.
            self._order = evidence.pop() if len(evidence) == 1 else None
            self._settled = True
        return self._order

    def parse(self, value: str) -> date:
        """The date, or ValueError (AmbiguousDate when it could be either of two)."""
        found = self._cache.get(value)
        if found.__class__ is date:
            return found
        if found is None:
            try:
                found = self._parse(value)
            except ValueError as exc:
                found = exc
            self._cache[value] = found
        if isinstance(found, ValueError):
            raise found
        return found

    def _parse(self, value: str) -> date:
        text = _TIME.sub("", value.strip())
        numeric = _NUMERIC.match(text)
        if numeric:
            return self._numeric(numeric)
        parts = [p for p in _SPLIT.split(text) if p]
        if len(parts) == 3:
            months = [i for i, p in enumerate(parts) if p.isalpha()]
            if len(months) == 1 and (number := _MONTHS.get(parts[months[0]][:3].lower())):
                rest = [p for i, p in enumerate(parts) if i != months[0]]
                if all(p.isdigit() for p in rest):
                    # "2022-Feb-07": a four-digit number is the year wherever it stands.
                    if len(rest[0]) == 4 and len(rest[1]) <= 2:
                        rest.reverse()
                    day, year = rest
                    return _real(_year(year), number, int(day))
        raise ValueError(EXPECTED)

    def _numeric(self, match: re.Match[str]) -> date:
        first, separator, second, last = match.groups()
        if len(first) == 4:
            if len(last) > 2:
                raise ValueError(EXPECTED)
            return _real(int(first), int(second), int(last))
        if len(first) == 3 or len(last) == 3:
            raise ValueError(EXPECTED)
        a, b, year = int(first), int(second), _year(last)
        if separator == "." or a > 12 or a == b:
            return _real(year, b, a)
        if b > 12:
            return _real(year, a, b)
        if self.order == "dmy":
            return _real(year, b, a)
        if self.order == "mdy":
            return _real(year, a, b)
        day_first, month_first = date(year, b, a), date(year, a, b)
        raise AmbiguousDate(
            f"it could be {_short(day_first)} or {_short(month_first)}, and no other date "
            "in the file settles which (write the month as a word, like 15 Mar 2024)"
        )


def _real(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"there is no such day ({EXPECTED})") from None
