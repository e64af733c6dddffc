"""Import LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Real exports vary: some start with a ``Notes:`` preamble, older ones have no ``URL``
column, and they come with or without a byte-order mark, with CRLF line endings,
quoted commas, blank rows and empty emails. The header row is found by scanning for
it, never by skipping a fixed number of lines.

Every row gets an outcome (created, updated, skipped or failed) and a reason. A file
that is not a LinkedIn export is refused before anything is written, and the writes
happen in one transaction, so an import is all or nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Table, select, update

from coffeechat.clock import now
from coffeechat.errors import ImportFileError
from coffeechat.models import ContactIn, looks_like_email
from coffeechat.store.bulk import bulk_insert
from coffeechat.store.repository import Store
from coffeechat.store.tables import ContactRow, refresh_search_keys
from coffeechat.textfold import contact_search_key
from coffeechat.validation import explain, field_path

FIELD_NAMES = {"title": "job title", "company": "company", "profile_url": "profile address",
               "email": "email", "connected_on": "connection date",
               "call_them": "first name"}
CONTACTS_TABLE: Table = ContactRow.__table__  # type: ignore[assignment]
REQUIRED = ("First Name", "Last Name", "Company", "Position", "Connected On")
OPTIONAL = ("URL", "Email Address")
HEADER_SCAN_LINES = 60
CHUNK = 2000

_CONTACTS = TypeAdapter(list[ContactIn])
#: Rows built here are already trimmed, with None for blanks and no tags.
TIDY = {"tidy": False}

#: Which outcome a row had, and why.
Outcome = str
#: Per candidate row: file line, name, notes, profile-URL key, name-and-company key.
Meta = tuple[int, str, str, str | None, tuple[str, str]]


@dataclass(slots=True)
class RowResult:
    """What happened to one row of the file."""

    line: int
    name: str
    outcome: Outcome  # created | updated | skipped | failed
    reason: str


@dataclass
class ImportReport:
    """The outcome of an import, row by row."""

    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False
    header_line: int = 0

    def count(self, outcome: Outcome) -> int:
        """How many rows had this outcome."""
        return sum(1 for r in self.rows if r.outcome == outcome)

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
            f"{verb}: {self.created} new, {self.updated} updated, {self.skipped} skipped, "
            f"{self.failed} failed."
        )

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, for JSON output and tables."""
        return {
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
            "rows": [dataclasses.asdict(r) for r in self.rows],
        }


def _decode(raw: bytes, where: str) -> str:
    for encoding in ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{where} is not a text file we can read (it is not UTF-8). Nothing was imported. "
            "Download Connections.csv again from LinkedIn and choose that file."
        ) from None


def _find_header(text: str, where: str) -> tuple[int, list[str]]:
    """The 0-based line index of the header row and its column names."""
    lines = text.split("\n", HEADER_SCAN_LINES)[:HEADER_SCAN_LINES]
    for index, line in enumerate(lines):
        if "First Name" not in line:
            continue
        cells = [c.strip() for c in next(csv.reader([line.rstrip("\r")]), [])]
        if all(col in cells for col in REQUIRED):
            return index, cells
    raise ImportFileError(
        f"{where} does not look like LinkedIn's Connections.csv: no header row with "
        f"{', '.join(REQUIRED)} was found in its first {HEADER_SCAN_LINES} lines. "
        "Nothing was imported. In LinkedIn, go to Settings → Data privacy → Get a copy of "
        "your data, pick Connections, and choose the Connections.csv inside the download."
    )


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


@functools.lru_cache(maxsize=8192)
def _parse_date(value: str) -> date:
    """Parse ``15 Mar 2024`` (LinkedIn's format) and a few near variants.

    Written out by hand because ``strptime`` is slow enough to matter at 30,000 rows,
    and cached because an export repeats the same dates many times.
    """
    parts = value.replace(",", " ").split()
    if len(parts) == 3:
        day, month, year = parts
        if not day.isdigit():  # "Mar 15 2024"
            month, day = day, month
        number = _MONTHS.get(month[:3].lower())
        if number and day.isdigit() and year.isdigit():
            return date(int(year), number, int(day))
    return date.fromisoformat(value)


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    return url.strip().lower().rstrip("/").replace("http://", "https://")


def _squash(text: str) -> str:
    text = text.casefold()
    return " ".join(text.split()) if "  " in text or "\t" in text else text


def _name_key(name: str, company: str | None) -> tuple[str, str]:
    return (_squash(name), _squash(company or ""))


def read_connections(raw: bytes, where: str = "Connections.csv") -> tuple[int, pd.DataFrame]:
    """Parse the file into a frame of strings; returns the header's 1-based line too."""
    text = _decode(raw, where)
    if "\r" in text and "\n" not in text:  # old Mac line endings; pandas handles CRLF itself
        text = text.replace("\r", "\n")
    header_index, _cells = _find_header(text, where)
    offset = 0
    for _ in range(header_index):
        offset = text.index("\n", offset) + 1
    body = text[offset:]
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise ImportFileError(
            f"{where} could not be read as CSV ({exc}). Nothing was imported. "
            "Download Connections.csv again from LinkedIn."
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return header_index + 1, frame


def import_connections(
    store: Store,
    raw: bytes,
    *,
    where: str = "Connections.csv",
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a LinkedIn export into the store (or only preview it with ``dry_run``)."""
    header_line, frame = read_connections(raw, where)
    report = ImportReport(dry_run=dry_run, header_line=header_line)
    empty = [""] * len(frame)
    columns = [
        frame[c].str.strip().tolist() if c in frame.columns else empty
        for c in ("First Name", "Last Name", "Company", "Position", "URL", "Email Address",
                  "Connected On")
    ]

    # Existing contacts, for de-duplication: by profile URL, else by name and company.
    by_url: dict[str, dict[str, Any]] = {}
    by_name: dict[tuple[str, str], dict[str, Any]] = {}
    with store.reading() as s:
        for row in s.execute(select(
            ContactRow.id, ContactRow.name, ContactRow.company, ContactRow.title,
            ContactRow.profile_url, ContactRow.email, ContactRow.connected_on,
            ContactRow.call_them,
        )):
            existing = row._asdict()
            key = _url_key(existing["profile_url"])
            if key:
                by_url.setdefault(key, existing)
            by_name.setdefault(_name_key(existing["name"], existing["company"]), existing)

    candidates: list[dict[str, Any]] = []
    candidate_meta: list[Meta] = []
    seen_url: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}

    for i, (first, last, company, position, url, email, connected) in enumerate(
        zip(*columns, strict=True)
    ):
        line = header_line + 1 + i
        if not (first or last or company or position or url or email or connected):
            continue  # a blank row
        name = " ".join(p for p in (first, last) if p)
        if not name:
            report.rows.append(RowResult(line, "", "failed",
                                         "no first or last name; add one or delete the row"))
            continue
        notes: list[str] = []
        connected_on: date | None = None
        if connected:
            try:
                connected_on = _parse_date(connected)
            except ValueError:
                notes.append(f"ignored the date {connected!r} (expected like 15 Mar 2024)")
        if url and not url.lower().startswith(("http://", "https://")):
            notes.append(f"ignored the profile address {url!r}")
            url = ""
        if email and not looks_like_email(email):
            notes.append(f"ignored the email {email!r}")
            email = ""
        for label, value, limit in (("name", name, 120), ("company", company, 200),
                                    ("position", position, 200)):
            if len(value) > limit:
                notes.append(f"shortened the {label} to {limit} characters")
        key_url = _url_key(url)
        key_name = _name_key(name, company)
        earlier = (seen_url.get(key_url) if key_url else None) or seen_name.get(key_name)
        if earlier is not None:
            report.rows.append(RowResult(line, name, "skipped",
                                         f"appears earlier in this file (line {earlier})"))
            continue
        if key_url:
            seen_url[key_url] = line
        seen_name[key_name] = line
        candidates.append({
            "name": name[:120],
            # LinkedIn's First Name is the given name people go by, whatever the order.
            "call_them": first[:60] or None,
            "title": position[:200] or None,
            "company": company[:200] or None,
            "profile_url": url[:200] or None,
            "email": email[:200] or None,
            "connected_on": connected_on,
            "channel": "linkedin",
            "tier": "acquaintance",
            "met_how": "Connected on LinkedIn",
            "source": "linkedin",
        })
        candidate_meta.append((line, name, "; ".join(notes), key_url, key_name))

    valid_rows = _validate(candidates, candidate_meta, report)

    new_contacts: list[ContactIn] = []
    updates: list[dict[str, Any]] = []
    stamp = now()
    for (line, name, note, key_url, key_name), contact in valid_rows:
        match = (by_url.get(key_url) if key_url else None) or by_name.get(key_name)
        suffix = f"; {note}" if note else ""
        if match is None:
            new_contacts.append(contact)
            report.rows.append(RowResult(line, name, "created", "new contact" + suffix))
            continue
        changes = _changes(match, contact)
        if not changes:
            report.rows.append(RowResult(line, name, "skipped",
                                         "already in your contacts" + suffix))
            continue
        updates.append({"id": match["id"], **changes, "updated_at": stamp})
        what = ", ".join(FIELD_NAMES.get(k, k) for k in sorted(changes))
        report.rows.append(RowResult(line, name, "updated", f"updated {what}" + suffix))

    report.rows.sort(key=lambda r: r.line)
    if dry_run or not (new_contacts or updates):
        return report

    # One bulk dump is much faster than a model_dump per contact.
    creates: list[dict[str, Any]] = _CONTACTS.dump_python(new_contacts)
    for values in creates:
        values["created_at"] = values["updated_at"] = stamp
        values["search_key"] = contact_search_key(values)

    work = len(creates) + len(updates)
    done = 0
    with store.transaction() as s:
        for start in range(0, len(creates), CHUNK):
            batch = creates[start:start + CHUNK]
            bulk_insert(s, CONTACTS_TABLE, batch)
            done += len(batch)
            if progress:
                progress(done, work)
        for start in range(0, len(updates), CHUNK):
            batch = updates[start:start + CHUNK]
            s.execute(update(ContactRow), batch)
            refresh_search_keys(s, [row["id"] for row in batch])
            done += len(batch)
            if progress:
                progress(done, work)
    store.optimize()
    return report


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


def _changes(existing: dict[str, Any], incoming: ContactIn) -> dict[str, Any]:
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
