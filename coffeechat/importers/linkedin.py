"""Import LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Real exports vary: some start with a ``Notes:`` preamble, older ones have no ``URL``
column, and they come with or without a byte-order mark, with CRLF line endings,
quoted commas, blank rows and empty emails. Files re-saved by a spreadsheet may use
semicolons, Windows-1252 and other date formats. The header row is found by scanning
for it, never by skipping a fixed number of lines.

Every row gets an outcome (created, updated, skipped or failed) and a reason. A row
with the wrong number of values is reported as failed with its line and never
shifts the others. A file that is not a LinkedIn export is refused before anything
is written.

The import is a pipeline that streams the file in chunks, so its memory does not grow
with the number of rows (only the report and the keys that find repeats do):

1. read: decode the file and find its header (its rows are read one at a time; only
   a file whose numeric dates need each other to settle whether ``2/7/2022`` is day or
   month first is read a second time, for its dates);
2. parse each row into a candidate contact, or into a row result (blank, misshapen,
   nameless), and skip a repeat of an earlier row of the file;
3. check each chunk of candidates against the contact's field rules, then
   de-duplicate them against the stored contacts (by profile address, then by name
   and company): create, update or skip;
4. write the chunk.

The writes happen in one transaction that holds the database's write lock from its
first read, so an import is all or nothing, and two imports of the same file at once
take turns and end with each person once.
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, cast

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from coffeechat.clock import now
from coffeechat.errors import ImportFileError
from coffeechat.importers.csvfile import (
    DELIMITERS,
    Record,
    check_size,
    decode,
    line_offsets,
    read_bounded,
    records,
)
from coffeechat.importers.dates import DateReader
from coffeechat.importers.report import ImportReport, RowResult
from coffeechat.models import ContactIn, looks_like_email
from coffeechat.store import Store
from coffeechat.store.contacts import ContactImport
from coffeechat.validation import clean_text, explain, field_path

__all__ = ["ImportReport", "RowResult", "import_connections", "import_file", "read_bounded",
           "read_connections"]

FIELD_NAMES = {"title": "job title", "company": "company", "profile_url": "profile address",
               "email": "email", "connected_on": "connection date",
               "call_them": "first name"}
REQUIRED = ("First Name", "Last Name", "Company", "Position", "Connected On")
OPTIONAL = ("URL", "Email Address")
COLUMNS = ("First Name", "Last Name", "Company", "Position", "URL", "Email Address",
           "Connected On")
HEADER_SCAN_LINES = 60
CHUNK = 2000
#: Field limits of the contact table, for the values an export fills.
LIMITS = {"name": 120, "call_them": 60, "company": 200, "position": 200, "url": 200,
          "email": 200}

#: Below this many characters in name, company and position together, none is too long
#: (the first name is part of the name).
LONGEST_UNCUT = min(LIMITS["name"], LIMITS["call_them"], LIMITS["company"], LIMITS["position"])


def _find_header(text: str, where: str) -> tuple[int, str, list[str]]:
    """The 0-based line index of the header row, the file's delimiter and the columns."""
    lines = text.split("\n", HEADER_SCAN_LINES)[:HEADER_SCAN_LINES]
    nearest: tuple[int, list[str]] | None = None
    for index, line in enumerate(lines):
        if "First Name" not in line:
            continue
        for delimiter in DELIMITERS:
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
            missing = [col for col in REQUIRED if col not in cells]
            if not missing:
                return index, delimiter, cells
            if nearest is None or len(missing) < len(nearest[1]):
                nearest = (index, missing)
    how = (
        "In LinkedIn, go to Settings → Data privacy → Get a copy of your data, pick "
        "Connections, and choose the Connections.csv inside the download."
    )
    if nearest is not None:
        raise ImportFileError(
            f"{where}:{nearest[0] + 1}: this looks like the column names, but "
            f"{', '.join(nearest[1])} {'is' if len(nearest[1]) == 1 else 'are'} missing. "
            f"Nothing was imported. {how}"
        )
    raise ImportFileError(
        f"{where} does not look like LinkedIn's Connections.csv: no header row with "
        f"{', '.join(REQUIRED)} was found in its first {HEADER_SCAN_LINES} lines. "
        f"Nothing was imported. {how}"
    )


#: What every imported contact has in common.
IMPORTED_AS = {"reach_by": "linkedin", "tier": "acquaintance", "met_how": "Connected on LinkedIn",
               "source": "linkedin"}
#: The contact fields an export fills, which differ from row to row.
FROM_FILE = ("name", "call_them", "title", "company", "profile_url", "email", "connected_on")
#: Every other field of an imported contact, checked once by ContactIn (with its
#: defaults: no tags, not archived), as plain values. Fields left empty are left out,
#: so the insert binds fewer values per row.
COMMON: dict[str, Any] = ContactIn.model_validate({"name": "-", **IMPORTED_AS}).model_dump(
    mode="json", exclude=set(FROM_FILE), exclude_none=True)
NO_NAME = "no first or last name; add one or delete the row"


def _row_rules() -> TypeAdapter[list[dict[str, Any]]]:
    """ContactIn's own rules for the fields an export fills, without building models.

    The field rules (types, lengths, patterns) come from ContactIn itself, so they
    cannot drift. Its before-validators have nothing to do for rows built here: the
    rows are cleaned and trimmed already, and a profile address without http(s):// is
    never passed on. Checking seven fields into a plain dict costs a fraction of
    building and then dumping a 17-field model for each of 30,000 rows.
    """
    fields = {name: Annotated[ContactIn.model_fields[name].annotation,
                              ContactIn.model_fields[name]] for name in FROM_FILE}
    make: Any = TypedDict  # a TypedDict built from the model's fields, so mypy can't see it
    row = make("ImportedRow", fields)
    row.__pydantic_config__ = ContactIn.model_config
    return cast("TypeAdapter[list[dict[str, Any]]]", TypeAdapter(list[row]))  # type: ignore[valid-type]


ROW_RULES = _row_rules()

#: A stored contact's fields that an import compares, by name.
Stored = dict[str, Any]
STORED = ("id", "name", "company", "title", "profile_url", "email", "connected_on", "call_them")


@dataclass
class Connections:
    """An export, decoded and its header found, before anything touches the database."""

    header_line: int
    header: list[str]
    delimiter: str
    notes: list[str]
    where: str
    text: str
    #: Where the first line under the header starts in ``text``.
    body_start: int
    #: Lines under the header, blank ones included: what progress counts.
    size: int = 0
    dates: DateReader = field(init=False)

    def __post_init__(self) -> None:
        body = len(self.text) - self.body_start
        self.size = self.text.count("\n", self.body_start) + (
            1 if body and not self.text.endswith("\n") else 0)
        self.dates = DateReader(self._date_values)

    def _date_values(self) -> Iterator[str]:
        """The connection date of every well-shaped row (a second read of the file)."""
        width = len(self.header)
        column = self.header.index("Connected On")
        for record in self.records():
            cells = record.cells
            if len(cells) == width and (record.last_line == record.line or _shape_problem(
                    record, width, self.delimiter) is None):
                value = _cell(cells[column])
                if value:
                    yield value

    def records(self) -> Iterator[Record]:
        """The records under the header, read one at a time."""
        return records(self.text, first_line=self.header_line + 1, delimiter=self.delimiter,
                       where=self.where, start=self.body_start)


@dataclass(slots=True)
class Candidate:
    """A row that can become a contact: its values as stored, and how to recognise it."""

    line: int
    name: str
    values: dict[str, Any]
    notes: list[str]
    url_key: str | None
    name_key: tuple[str, str]


@dataclass
class Plan:
    """What one chunk of rows does: contacts to create and to update, and every outcome."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)


def read_connections(raw: bytes, where: str = "Connections.csv") -> Connections:
    """Decode the file and find its header, refusing it if it is not an export.

    The rows are read later, one at a time; a row the CSV reader cannot read, or one
    over the row limit, stops the import there, and its transaction writes nothing.
    """
    check_size(raw, where)
    decoded = decode(raw, where)
    text = decoded.text
    header_index, delimiter, header = _find_header(text, where)
    offsets = line_offsets(text, header_index + 2)
    body_start = offsets[header_index + 1] if len(offsets) > header_index + 1 else len(text)
    notes = _file_notes(delimiter, decoded.encoding)
    return Connections(header_index + 1, header, delimiter, notes, where, text, body_start)


def _file_notes(delimiter: str, encoding: str) -> list[str]:
    notes = []
    if delimiter != ",":
        notes.append(
            f"This file has {DELIMITERS[delimiter]} between its values instead of commas "
            "(spreadsheets save CSV files that way in many countries), so it was read that "
            "way. If any values look shifted, save it again as CSV with commas."
        )
    if encoding == "Windows-1252":
        notes.append(
            "This file is not UTF-8, so it was read as Windows-1252 (what Excel on Windows "
            "uses). If any accented names look wrong, save it from your spreadsheet as "
            "\"CSV UTF-8\" and import it again."
        )
    return notes


def _cell(value: str) -> str:
    # A record over several lines or with a tab has its cells made one-line text.
    return (clean_text(value) if "\n" in value or "\t" in value else value).strip()


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    return url.strip().lower().rstrip("/").replace("http://", "https://")


def _squash(text: str) -> str:
    text = text.casefold()
    return " ".join(text.split()) if "  " in text or "\t" in text else text


def _name_key(name: str, company: str | None) -> tuple[str, str]:
    return (_squash(name), _squash(company or ""))


def _shape_problem(row: Record, width: int, delimiter: str) -> str | None:
    """Why a record cannot be matched to the columns, or None if it can."""
    if row.last_line > row.line and (len(row.cells) != width or any(
        # A value may hold a line break, but not a whole row of the file: that is a
        # quote opened and never closed, which swallowed the rows after it.
        piece.count(delimiter) >= width - 1
        for cell in row.cells for piece in cell.split("\n")[1:]
    )):
        return (
            f"lines {row.line}-{row.last_line} were read as one row because a quote (\") "
            f"on line {row.line} is never closed; fix the quotes in a text editor"
        )
    if len(row.cells) != width:
        fewer = len(row.cells) < width
        return (
            f"has {len(row.cells)} values but the file has {width} columns, so its values "
            "can't be matched to them; "
            + ("check for a missing value" if fewer else
               f"a value with a {DELIMITERS[delimiter][:-1]} in it"
               + (f" (like Widgets{delimiter} Inc.)" if delimiter != "\t" else "")
               + " needs double quotes around it")
        )
    return None


@dataclass(frozen=True)
class _Layout:
    """Where each of COLUMNS is in this file's rows."""

    width: int
    delimiter: str
    picks: list[int | None]
    dates: DateReader


def _parse_row(record: Record, layout: _Layout) -> Candidate | RowResult | None:
    """A candidate contact, or why the row can't be one; None for a blank row."""
    cells = record.cells
    joined = "".join(cells)
    if not joined or joined.isspace():
        return None
    problem = _shape_problem(record, layout.width, layout.delimiter) if (
        len(cells) != layout.width or record.last_line > record.line) else None
    if problem:
        # An unclosed quote leaves later lines inside a cell; name only its start.
        first, last = (c.split("\n")[0].split(layout.delimiter)[0].strip()
                       for c in (cells + ["", ""])[:2])
        return RowResult(record.line, f"{first} {last}".strip(), "failed", problem)
    if record.last_line > record.line or "\t" in joined:
        cells = [clean_text(c) for c in cells]
    values = [cells[i].strip() if i is not None else "" for i in layout.picks]
    return _candidate(record.line, values, layout.dates)


def _candidate(line: int, values: list[str], dates: DateReader) -> Candidate | RowResult:
    """The contact a well-shaped row describes, with what was changed on the way in."""
    first, last, company, position, url, email, connected = values
    name = f"{first} {last}" if first and last else first or last
    if not name:
        return RowResult(line, "", "failed", NO_NAME)
    notes: list[str] = []
    connected_on = _connection_date(connected, dates, notes) if connected else None
    if url:
        url = _profile_url(url, notes)
    if email and (not looks_like_email(email) or len(email) > LIMITS["email"]):
        notes.append(f"ignored the email {email[:60]!r}")
        email = ""
    if len(name) + len(company) + len(position) > LONGEST_UNCUT:
        notes.extend(_shortened(name, first, company, position))
    stored_name, stored_company = name[:LIMITS["name"]], company[:LIMITS["company"]]
    return Candidate(line, name, {
        "name": stored_name,
        # LinkedIn's First Name is the given name people go by, whatever the order.
        "call_them": first[:LIMITS["call_them"]] or None,
        "title": position[:LIMITS["position"]] or None,
        "company": stored_company or None,
        "profile_url": url or None,
        "email": email or None,
        "connected_on": connected_on,
    }, notes, _url_key(url),
        # Keyed by what is stored, so a shortened name still matches on the next run.
        _name_key(stored_name, stored_company))


def _connection_date(value: str, dates: DateReader, notes: list[str]) -> date | None:
    try:
        return dates.parse(value)
    except ValueError as exc:
        notes.append(f"ignored the date {value!r}: {exc}")
        return None


def _profile_url(url: str, notes: list[str]) -> str:
    if not url.lower().startswith(("http://", "https://")):
        notes.append(f"ignored the profile address {url!r}")
        return ""
    if len(url) > LIMITS["url"]:
        notes.append(f"ignored the profile address: longer than {LIMITS['url']} characters")
        return ""
    return url


def _shortened(name: str, first: str, company: str, position: str) -> list[str]:
    return [f"shortened the {label} to {LIMITS[key]} characters"
            for label, value, key in (("name", name, "name"), ("first name", first, "call_them"),
                                      ("company", company, "company"),
                                      ("position", position, "position"))
            if len(value) > LIMITS[key]]


class _FirstSeen:
    """The first line of each person in the file, so that a repeat is skipped."""

    def __init__(self) -> None:
        self._by_url: dict[str, int] = {}
        self._by_name: dict[tuple[str, str], int] = {}

    def repeat(self, candidate: Candidate) -> RowResult | None:
        """The outcome of a candidate seen earlier in the file, or None (and remember it)."""
        url_key = candidate.url_key
        earlier = (self._by_url.get(url_key) if url_key else None) or \
            self._by_name.get(candidate.name_key)
        if earlier is not None:
            return RowResult(candidate.line, candidate.name, "skipped",
                             f"appears earlier in this file (line {earlier})")
        if url_key:
            self._by_url[url_key] = candidate.line
        self._by_name[candidate.name_key] = candidate.line
        return None


def _chunks(conn: Connections) -> Iterator[tuple[int, list[Candidate | RowResult]]]:
    """Each chunk of rows, parsed and first in the file, with the lines read so far."""
    index = {name: i for i, name in enumerate(conn.header)}
    layout = _Layout(len(conn.header), conn.delimiter, [index.get(name) for name in COLUMNS],
                     conn.dates)
    first_seen = _FirstSeen()
    items: list[Candidate | RowResult] = []
    count = 0
    for record in conn.records():
        count += 1
        item = _parse_row(record, layout)
        if isinstance(item, Candidate):
            item = first_seen.repeat(item) or item
        if item is not None:
            items.append(item)
        if count % CHUNK == 0:
            yield record.last_line - conn.header_line, items
            items = []
    if count % CHUNK:
        yield conn.size, items


class _StoredKeys:
    """The stored contacts' ids by profile address and by name and company."""

    def __init__(self, batch: ContactImport) -> None:
        self.by_url: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        for contact_id, name, company, url in batch.stored(("id", "name", "company",
                                                            "profile_url")):
            key = _url_key(url)
            if key:
                self.by_url.setdefault(key, contact_id)
            self.by_name.setdefault(_name_key(name, company), contact_id)

    def match(self, candidate: Candidate) -> int | None:
        """The id of the stored contact this candidate is, if any."""
        url_key = candidate.url_key
        return (self.by_url.get(url_key) if url_key else None) or \
            self.by_name.get(candidate.name_key)


def _checked(candidates: list[Candidate]) -> tuple[list[tuple[Candidate, dict[str, Any]]],
                                                   list[RowResult]]:
    """The candidates that pass ContactIn's field rules; the others as failed rows."""
    try:
        return list(zip(candidates, ROW_RULES.validate_python([c.values for c in candidates]),
                        strict=True)), []
    except ValidationError as exc:
        bad: dict[int, list[str]] = {}
        for err in exc.errors(include_url=False):
            message, _hint = explain(err, ContactIn)
            bad.setdefault(int(err["loc"][0]), []).append(
                f"{field_path(tuple(err['loc'][1:]))} {message}")
    failed = [RowResult(candidates[i].line, candidates[i].name, "failed", "; ".join(problems))
              for i, problems in bad.items()]
    keep = [c for i, c in enumerate(candidates) if i not in bad]
    return list(zip(keep, ROW_RULES.validate_python([c.values for c in keep]),
                    strict=True)), failed


def _plan(items: list[Candidate | RowResult], batch: ContactImport, stored_keys: _StoredKeys,
          stamp: datetime) -> Plan:
    """Which rows of a chunk create a contact, which update one, which change nothing."""
    plan = Plan(results=[i for i in items if isinstance(i, RowResult)])
    valid, failed = _checked([i for i in items if isinstance(i, Candidate)])
    plan.results += failed
    matches = [(candidate, row, stored_keys.match(candidate)) for candidate, row in valid]
    ids = [match for _c, _r, match in matches if match is not None]
    stored = {values[0]: dict(zip(STORED, values, strict=True))
              for values in batch.stored(STORED, ids=ids)} if ids else {}
    for candidate, row, match in matches:
        _decide(plan, candidate, row, stored.get(match) if match else None, stamp)
    plan.results.sort(key=lambda r: r.line)
    return plan


def _decide(plan: Plan, candidate: Candidate, row: dict[str, Any], stored: Stored | None,
            stamp: datetime) -> None:
    """Create, update or skip one checked candidate."""
    notes = candidate.notes
    suffix = "; " + "; ".join(notes) if notes else ""
    if stored is None:
        row.update(COMMON)
        row["created_at"] = row["updated_at"] = stamp
        plan.creates.append(row)
        plan.results.append(RowResult(candidate.line, candidate.name, "created",
                                      "new contact" + suffix, notes))
        return
    changes = _changes(stored, row)
    if not changes:
        plan.results.append(RowResult(candidate.line, candidate.name, "skipped",
                                      "already in your contacts"))
        return
    plan.updates.append({"id": stored["id"], **changes, "updated_at": stamp})
    what = ", ".join(FIELD_NAMES.get(k, k) for k in sorted(changes))
    plan.results.append(RowResult(candidate.line, candidate.name, "updated",
                                  f"updated {what}" + suffix, notes))


def _changes(stored: Stored, incoming: dict[str, Any]) -> dict[str, Any]:
    """Fields the export would change: new job details, and gaps it can fill."""
    changes: dict[str, Any] = {}
    for key in ("title", "company"):
        new = incoming[key]
        if new and new != stored[key]:
            changes[key] = new
    for key in ("profile_url", "email", "connected_on", "call_them"):
        new = incoming[key]
        if new and not stored[key]:
            changes[key] = new
    return changes


def _run(conn: Connections, batch: ContactImport, report: ImportReport, *, write: bool,
         progress: Callable[[int, int], None] | None) -> bool:
    """Plan (and write, unless only previewing) chunk by chunk; True if anything was written."""
    stored_keys = _StoredKeys(batch)
    stamp = now()
    wrote = False
    for done, items in _chunks(conn):
        plan = _plan(items, batch, stored_keys, stamp)
        if write and (plan.creates or plan.updates):
            batch.insert(plan.creates)
            batch.update(plan.updates)
            wrote = True
        for result in plan.results:
            report.add(result)
        if progress:
            progress(done, conn.size)
    return wrote


def import_connections(
    store: Store,
    raw: bytes,
    *,
    where: str = "Connections.csv",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a LinkedIn export into the store (or only preview it with ``dry_run``).

    ``progress`` is called after each chunk with the lines read so far and the lines
    under the header, ending with both equal.
    """
    conn = read_connections(raw, where)
    report = ImportReport(dry_run=dry_run, header_line=conn.header_line, notes=conn.notes)
    if dry_run:
        with store.contacts.previewing() as batch:
            _run(conn, batch, report, write=False, progress=progress)
        return report
    # De-duplicating and writing under one lock: a second import of the same file
    # waits here, then finds everyone already stored.
    with store.contacts.importing() as writer:
        wrote = _run(conn, writer, report, write=True, progress=progress)
    if wrote:
        store.optimize()
    return report


def import_file(store: Store, path: Path, *, dry_run: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import an export from a file on disk, reading no more than the size limit."""
    return import_connections(store, read_bounded(path), where=str(path), dry_run=dry_run,
                              progress=progress)
