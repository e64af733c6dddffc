"""Generated bad files against the LinkedIn importer, on both databases.

Whatever the bytes, an import ends in a clear ImportFileError that changed nothing,
or in a report that accounts for every row and matches what was stored. Sizes stay
small here; the size and row limits that bound time and memory are checked
explicitly below, never by timing.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from coffeechat.errors import CoffeeChatError, ImportFileError
from coffeechat.importers import csvfile
from coffeechat.importers.linkedin import import_connections
from coffeechat.store import Store
from coffeechat.store.tables import ContactRow

HEADERS = [
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
    ["First Name", "Last Name", "Company", "Position"],  # not an export
    ["name", "email"],
]
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

cell_text = st.lists(
    st.sampled_from(list("abcXYZ éŁ🦄 ,;\"'\t\n\r\x00\x1b\x07\u202e/-:.0123456789")
                    + ["Feb", "https://", "@", "Inc."]),
    max_size=12,
).map("".join)
dates = st.sampled_from(["15 Mar 2024", "7-Feb-22", "2/7/2022", "25/12/2022", "12/25/2022",
                         "2022-02-07", "31 Feb 2022", "sometime", ""])


@st.composite
def connection_files(draw: Any) -> bytes:
    """A CSV that is sometimes an export, sometimes nearly one, sometimes neither."""
    header = draw(st.sampled_from(HEADERS))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(
        st.sampled_from(["\n", "\r\n", "\r"])))
    for line in draw(st.lists(cell_text, max_size=3)):  # a preamble
        out.write(line.replace("\n", " ").replace("\r", " ") + "\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 12))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, 0, -1, 1, 2, -len(header)]))
        row = draw(st.lists(cell_text, min_size=max(width, 0), max_size=max(width, 0)))
        if row and "Connected On" in header and len(row) == len(header):
            row[-1] = draw(dates)
        if draw(st.booleans()):
            writer.writerow(row)
        else:  # written by hand, as a careless spreadsheet macro would: no quoting
            out.write(delimiter.join(row) + "\n")
    text = out.getvalue()
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(['"', "", "\x00", "\n\n"])) + text[cut:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    raw = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        raw += draw(st.binary(max_size=40))
    return raw


def snapshot(store: Store) -> list[tuple[Any, ...]]:
    # Every stored column but search_key, which is derived and joins fields with newlines.
    table = ContactRow.__table__
    columns = [c for c in table.columns if c.name != "search_key"]
    with store._db.reading() as s:
        return [tuple(r) for r in s.execute(select(*columns).order_by(ContactRow.id))]


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=connection_files(), dry_run=st.booleans())
def test_generated_files_end_in_a_clear_error_or_a_true_report(
    store: Store, raw: bytes, dry_run: bool
) -> None:
    before = snapshot(store)
    try:
        report = import_connections(store, raw, where="fuzz.csv", dry_run=dry_run)
    except CoffeeChatError as exc:
        event("refused")
        assert isinstance(exc, ImportFileError)
        assert "fuzz.csv" in str(exc) and "Nothing was imported" in str(exc)
        assert snapshot(store) == before
        return
    event(f"imported, {'some' if report.created else 'no'} new, "
          f"{'some' if report.failed else 'no'} failed")
    after = snapshot(store)
    lines = [r.line for r in report.rows]
    assert len(lines) == len(set(lines)), "a row is reported twice"
    assert all(line > report.header_line for line in lines)
    assert all(r.outcome in {"created", "updated", "skipped", "failed"} for r in report.rows)
    assert all(r.reason for r in report.rows)
    if dry_run:
        assert after == before
    else:
        assert len(after) - len(before) == report.created
    for row in after:
        for value in row:
            if isinstance(value, str):
                assert not UNWANTED.search(value), value
                assert "\n" not in value and "\t" not in value
    # The text report is short whatever the file: one line per listed row at most.
    assert len(report.text_lines()) <= len(report.rows) + len(report.notes) + 6


def test_an_unclosed_quote_over_a_large_file_stops_with_its_line(store: Store) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    raw = (header + '\nDana,"Park,,,Acme,Dev,1 Jan 2020\n' + "x" * 200_000).encode()
    with pytest.raises(ImportFileError, match=r"fuzz.csv:2: .*never closed"):
        import_connections(store, raw, where="fuzz.csv")
    assert store.contacts.count() == 0


def test_the_limits_bound_what_an_import_reads() -> None:
    # Bytes: a file at the limit is decoded (so 16 MB bounds the text held in memory).
    csvfile.check_size(b"x" * csvfile.MAX_BYTES, "ok.csv")
    with pytest.raises(ImportFileError):
        csvfile.check_size(b"x" * (csvfile.MAX_BYTES + 1), "big.csv")
    # Rows: the reader stops at the limit instead of reading on.
    text = "a\n" * (csvfile.MAX_ROWS + 5)
    seen = 0
    with pytest.raises(ImportFileError, match="more than"):
        for _ in csvfile.records(text, first_line=1, delimiter=",", where="rows.csv"):
            seen += 1
    assert seen == csvfile.MAX_ROWS
    # Cells: csv's field limit bounds one value, whatever the quoting.
    assert csv.field_size_limit() <= 1024 * 1024
