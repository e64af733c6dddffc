"""Import LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Real exports vary: some start with a ``Notes:`` preamble, older ones have no ``URL``
column, and they come with or without a byte-order mark, with CRLF line endings,
quoted commas, blank rows and empty emails. Files re-saved by a spreadsheet may use
semicolons, Windows-1252 and other date formats. The header row is found by scanning
for it, never by skipping a fixed number of lines.

Every row gets an outcome (created, updated, skipped or failed) and a reason. A row
with the wrong number of values is reported as failed with its line and never
shifts the others. A file that is not a LinkedIn export is refused before anything
is written. The writes happen in one transaction that holds the database's write
lock from its first read, so an import is all or nothing, and two imports of the
same file at once take turns and end with each person once.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

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

__all__ = ["ImportReport", "RowResult", "import_connections", "read_bounded",
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

_CONTACTS = TypeAdapter(list[ContactIn])
#: Rows built here are already cleaned and trimmed, with None for blanks and no tags.
TIDY = {"tidy": False}

#: Per candidate row: file line, name, adjustments, profile-URL key, name-and-company key.
Meta = tuple[int, str, list[str], str | None, tuple[str, str]]


@dataclass
class Connections:
    """The rows of an export, read and checked, before anything touches the database."""

    header_line: int
    header: list[str]
    rows: list[Record]
    delimiter: str
    notes: list[str]


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


def read_connections(raw: bytes, where: str = "Connections.csv") -> Connections:
    """Decode and split the file into records, refusing it if it is not an export."""
    check_size(raw, where)
    decoded = decode(raw, where)
    text = decoded.text
    header_index, delimiter, header = _find_header(text, where)
    offsets = line_offsets(text, header_index + 2)
    body = text[offsets[header_index + 1]:] if len(offsets) > header_index + 1 else ""
    rows = list(records(body, first_line=header_index + 2, delimiter=delimiter, where=where))
    notes = []
    if delimiter != ",":
        notes.append(
            f"This file has {DELIMITERS[delimiter]} between its values instead of commas "
            "(spreadsheets save CSV files that way in many countries), so it was read that "
            "way. If any values look shifted, save it again as CSV with commas."
        )
    if decoded.encoding == "Windows-1252":
        notes.append(
            "This file is not UTF-8, so it was read as Windows-1252 (what Excel on Windows "
            "uses). If any accented names look wrong, save it from your spreadsheet as "
            "\"CSV UTF-8\" and import it again."
        )
    return Connections(header_index + 1, header, rows, delimiter, notes)


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


def _rows(conn: Connections, report: ImportReport) -> tuple[list[list[str]], list[Record]]:
    """The cells of each usable row, in COLUMNS order; bad rows go to the report."""
    width = len(conn.header)
    index = {name: i for i, name in enumerate(conn.header)}
    picks = [index.get(name) for name in COLUMNS]
    out: list[list[str]] = []
    kept: list[Record] = []
    for row in conn.rows:
        cells = row.cells
        joined = "".join(cells)
        if not joined or joined.isspace():
            continue  # a blank row
        problem = _shape_problem(row, width, conn.delimiter)
        if problem:
            # An unclosed quote leaves later lines inside a cell; name only its start.
            first, last = (c.split("\n")[0].split(conn.delimiter)[0].strip()
                           for c in (cells + ["", ""])[:2])
            name = f"{first} {last}".strip()
            report.rows.append(RowResult(row.line, name, "failed", problem))
            continue
        if row.last_line > row.line or "\t" in joined:
            cells = [clean_text(c) for c in cells]
        out.append([cells[i].strip() if i is not None else "" for i in picks])
        kept.append(row)
    return out, kept


def _candidates(
    conn: Connections, report: ImportReport
) -> tuple[list[dict[str, Any]], list[Meta]]:
    """One contact per distinct person in the file; repeats and bad rows are reported."""
    values, kept = _rows(conn, report)
    dates = DateReader(v[6] for v in values if v[6])
    candidates: list[dict[str, Any]] = []
    meta: list[Meta] = []
    seen_url: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for row, (first, last, company, position, url, email, connected) in zip(
        kept, values, strict=True
    ):
        line = row.line
        name = f"{first} {last}" if first and last else first or last
        if not name:
            report.rows.append(RowResult(line, "", "failed",
                                         "no first or last name; add one or delete the row"))
            continue
        notes: list[str] = []
        connected_on: date | None = None
        if connected:
            try:
                connected_on = dates.parse(connected)
            except ValueError as exc:
                notes.append(f"ignored the date {connected!r}: {exc}")
        if url and not url.lower().startswith(("http://", "https://")):
            notes.append(f"ignored the profile address {url!r}")
            url = ""
        if len(url) > LIMITS["url"]:
            notes.append(f"ignored the profile address: longer than {LIMITS['url']} characters")
            url = ""
        if email and (not looks_like_email(email) or len(email) > LIMITS["email"]):
            notes.append(f"ignored the email {email[:60]!r}")
            email = ""
        if len(name) + len(company) + len(position) > LONGEST_UNCUT:
            for label, value, key in (("name", name, "name"), ("first name", first, "call_them"),
                                      ("company", company, "company"),
                                      ("position", position, "position")):
                if len(value) > LIMITS[key]:
                    notes.append(f"shortened the {label} to {LIMITS[key]} characters")
        key_url = _url_key(url)
        # Keyed by what is stored, so a shortened name still matches on the next run.
        key_name = _name_key(name[:LIMITS["name"]], company[:LIMITS["company"]])
        earlier = (seen_url.get(key_url) if key_url else None) or seen_name.get(key_name)
        if earlier is not None:
            report.rows.append(RowResult(line, name, "skipped",
                                         f"appears earlier in this file (line {earlier})"))
            continue
        if key_url:
            seen_url[key_url] = line
        seen_name[key_name] = line
        candidates.append({
            "name": name[:LIMITS["name"]],
            # LinkedIn's First Name is the given name people go by, whatever the order.
            "call_them": first[:LIMITS["call_them"]] or None,
            "title": position[:LIMITS["position"]] or None,
            "company": company[:LIMITS["company"]] or None,
            "profile_url": url or None,
            "email": email or None,
            "connected_on": connected_on,
            "reach_by": "linkedin",
            "tier": "acquaintance",
            "met_how": "Connected on LinkedIn",
            "source": "linkedin",
        })
        meta.append((line, name, notes, key_url, key_name))
    return candidates, meta


#: A stored contact's id and the fields an import compares.
Stored = dict[str, Any]
Existing = tuple[dict[str, Stored], dict[tuple[str, str], Stored]]
STORED = ("id", "name", "company", "title", "profile_url", "email", "connected_on", "call_them")


def _existing(batch: ContactImport) -> Existing:
    """Stored contacts, by profile URL and by name and company, for de-duplication."""
    by_url: dict[str, Stored] = {}
    by_name: dict[tuple[str, str], Stored] = {}
    # Plain dicts: reading a Row by attribute is several times slower, at 30,000 rows.
    for stored in map(dict, map(zip, repeat(STORED), batch.stored(STORED))):
        key = _url_key(stored["profile_url"])
        if key:
            by_url.setdefault(key, stored)
        by_name.setdefault(_name_key(stored["name"], stored["company"]), stored)
    return by_url, by_name


def _plan(
    valid: list[tuple[Meta, ContactIn]], existing: Existing, report: ImportReport,
    stamp: datetime,
) -> tuple[list[ContactIn], list[dict[str, Any]]]:
    """Which rows create a contact, which update one, which change nothing."""
    by_url, by_name = existing
    new_contacts: list[ContactIn] = []
    updates: list[dict[str, Any]] = []
    for (line, name, notes, key_url, key_name), contact in valid:
        match = (by_url.get(key_url) if key_url else None) or by_name.get(key_name)
        suffix = "; " + "; ".join(notes) if notes else ""
        if match is None:
            new_contacts.append(contact)
            report.rows.append(RowResult(line, name, "created", "new contact" + suffix, notes))
            continue
        changes = _changes(match, contact)
        if not changes:
            report.rows.append(RowResult(line, name, "skipped", "already in your contacts"))
            continue
        updates.append({"id": match["id"], **changes, "updated_at": stamp})
        what = ", ".join(FIELD_NAMES.get(k, k) for k in sorted(changes))
        report.rows.append(RowResult(line, name, "updated", f"updated {what}" + suffix, notes))
    return new_contacts, updates


def import_connections(
    store: Store,
    raw: bytes,
    *,
    where: str = "Connections.csv",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a LinkedIn export into the store (or only preview it with ``dry_run``)."""
    conn = read_connections(raw, where)
    report = ImportReport(dry_run=dry_run, header_line=conn.header_line, notes=conn.notes)
    candidates, meta = _candidates(conn, report)
    valid = _validate(candidates, meta, report)
    stamp = now()

    if dry_run:
        with store.contacts.previewing() as batch:
            _plan(valid, _existing(batch), report, stamp)
        report.rows.sort(key=lambda r: r.line)
        return report

    # De-duplicating and writing under one lock: a second import of the same file
    # waits here, then finds everyone already stored.
    with store.contacts.importing() as writer:
        new_contacts, updates = _plan(valid, _existing(writer), report, stamp)
        # One bulk dump is much faster than a model_dump per contact.
        creates: list[dict[str, Any]] = _CONTACTS.dump_python(new_contacts)
        for values in creates:
            values["created_at"] = values["updated_at"] = stamp
        work = len(creates) + len(updates)
        done = 0
        for start in range(0, len(creates), CHUNK):
            rows = creates[start:start + CHUNK]
            writer.insert(rows)
            done += len(rows)
            if progress:
                progress(done, work)
        for start in range(0, len(updates), CHUNK):
            rows = updates[start:start + CHUNK]
            writer.update(rows)
            done += len(rows)
            if progress:
                progress(done, work)
    report.rows.sort(key=lambda r: r.line)
    if creates or updates:
        store.optimize()
    return report


def import_file(store: Store, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import an export from a file on disk, reading no more than the size limit."""
    return import_connections(store, read_bounded(path), where=str(path), dry_run=dry_run)


def _validate(
    rows: list[dict[str, Any]],
    meta: list[Meta],
    report: ImportReport,
) -> list[tuple[Meta, ContactIn]]:
    """Validate all rows at once; rows with problems are reported as failed."""
    try:
        contacts = _CONTACTS.validate_python(rows, context=TIDY)
        return list(zip(meta, contacts, strict=True))
    except ValidationError as exc:
        bad: dict[int, list[str]] = {}
        for err in exc.errors(include_url=False):
            index = int(err["loc"][0])
            message, _hint = explain(err, ContactIn)
            bad.setdefault(index, []).append(f"{field_path(tuple(err['loc'][1:]))} {message}")
    for index, problems in bad.items():
        line, name = meta[index][:2]
        report.rows.append(RowResult(line, name, "failed", "; ".join(problems)))
    keep = [i for i in range(len(rows)) if i not in bad]
    contacts = _CONTACTS.validate_python([rows[i] for i in keep], context=TIDY)
    return [(meta[i], c) for i, c in zip(keep, contacts, strict=True)]


def _changes(existing: Stored, incoming: ContactIn) -> dict[str, Any]:
    """Fields the export would change: new job details, and gaps it can fill."""
    changes: dict[str, Any] = {}
    for key in ("title", "company"):
        new = getattr(incoming, key)
        if new and new != existing[key]:
            changes[key] = new
    for key in ("profile_url", "email", "connected_on", "call_them"):
        new = getattr(incoming, key)
        if new and not existing[key]:
            changes[key] = new
    return changes
