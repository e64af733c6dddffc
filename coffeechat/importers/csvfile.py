"""Read a CSV file someone exported or re-saved, without trusting it.

The file is hostile input: its size and row count are capped before any real work,
its encoding is detected in a way that cannot mistake Windows-1252 for UTF-16, its
control characters are stripped, and every record keeps the file lines it came from
so that any problem can be reported with its place.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from coffeechat.errors import ImportFileError
from coffeechat.validation import clean_text

#: Largest file an import reads. LinkedIn caps connections at 30,000, which is about
#: 5 MB; the cap leaves room for re-saved files and stops a wrong file early.
MAX_BYTES = 16 * 1024 * 1024
#: Most data rows an import reads (LinkedIn's own cap is 30,000 connections).
MAX_ROWS = 50_000

#: What each delimiter is called in messages.
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}

#: Share of NUL bytes, at every other position, that UTF-16 text without a byte-order
#: mark shows (ASCII letters are "x\0" in UTF-16-LE). Windows-1252 text has none.
_UTF16_NUL_SHARE = 0.3
_SAMPLE = 4096


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, cleaned, and the encoding it was read with."""

    text: str
    encoding: str


class Record(NamedTuple):
    """One CSV record: its cells and the first and last file lines it spans."""

    line: int
    last_line: int
    cells: list[str]


def read_bounded(path: Path, where: str | None = None) -> bytes:
    """Read a file for import, refusing it (before reading it all) if it is too big."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    check_size(raw, where or str(path))
    return raw


def check_size(raw: bytes, where: str) -> None:
    """Refuse a file over :data:`MAX_BYTES`, and an empty one."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(
            f"{where} is larger than {MAX_BYTES // (1024 * 1024)} MB, the most an import "
            "reads. Nothing was imported. LinkedIn's Connections.csv is much smaller, so "
            "check that this is the right file."
        )
    if not raw.strip():
        raise ImportFileError(
            f"{where} is empty. Nothing was imported. Download your connections from "
            "LinkedIn again (Settings → Data privacy → Get a copy of your data) and choose "
            "the Connections.csv inside the download."
        )


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` if the bytes clearly are UTF-16, else None."""
    sample = raw[:_SAMPLE]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0:half * 2:2].count(0)
    odd = sample[1:half * 2:2].count(0)
    if odd >= _UTF16_NUL_SHARE * half and even == 0:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE * half and odd == 0:
        return "utf-16-be"
    return None


def decode(raw: bytes, where: str) -> Decoded:
    """The file's text, cleaned of control characters, with its encoding's name.

    UTF-16 is used only with a byte-order mark or when every other byte is NUL, so a
    Windows-1252 file of even length is never read as UTF-16 by accident.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = [("utf-16", "UTF-16")]
    elif raw.startswith(codecs.BOM_UTF8):
        tries = [("utf-8-sig", "UTF-8")]
    else:
        tries = [("utf-8", "UTF-8")]
        endian = _utf16_without_bom(raw)
        if endian:
            tries.append((endian, "UTF-16"))
        tries.append(("cp1252", "Windows-1252"))
    for codec, label in tries:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        # Line breaks stay (they separate records); NULs, escapes and bidi overrides go.
        return Decoded(clean_text(text, multiline=True), label)
    tried = ", ".join(label for _codec, label in tries)
    raise ImportFileError(
        f"{where} is not a text file we can read: we tried {tried}, and none of them "
        "fits. Nothing was imported. Download Connections.csv again from LinkedIn, or in "
        "your spreadsheet use Save As → \"CSV UTF-8\"."
    )


def line_offsets(text: str, count: int) -> list[int]:
    """Where each of the first ``count`` lines starts (text is cleaned: line feeds only)."""
    offsets = [0]
    position = 0
    while len(offsets) < count:
        position = text.find("\n", position) + 1
        if position == 0:
            break
        offsets.append(position)
    return offsets


def lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from offset ``start``, with their line feeds, one at a time.

    Unlike ``io.StringIO``, this holds no second copy of the text (StringIO keeps four
    bytes a character), so reading a file costs its text once.
    """
    find = text.find
    while True:
        end = find("\n", start) + 1
        if not end:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end]
        start = end


def records(text: str, *, first_line: int, delimiter: str, where: str,
            start: int = 0) -> Iterator[Record]:
    """Each CSV record of ``text`` from offset ``start``, numbered from ``first_line``.

    At most :data:`MAX_ROWS` of them; a file with more is refused.
    """
    reader = csv.reader(lines(text, start), delimiter=delimiter)
    count = 0
    end = first_line - 1  # the last line of the previous record
    try:
        for cells in reader:
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(
                    f"{where} has more than {MAX_ROWS:,} rows, the most an import takes. "
                    "Nothing was imported. LinkedIn exports at most 30,000 connections, so "
                    "check that this is the right file, or split it into smaller files."
                )
            start, end = end + 1, reader.line_num + first_line - 1
            yield Record(start, end, cells)
    except csv.Error as exc:
        start = end + 1
        if "field limit" in str(exc):
            # Only a quote opened and never closed makes a value this long.
            raise ImportFileError(
                f"{where}:{start}: a value that starts on this line runs on for more than "
                f"{csv.field_size_limit() // 1024} KB, which means a quote (\") there is "
                "opened and never closed. Nothing was imported. Fix the quotes on that "
                "line in a text editor, or download the file again."
            ) from None
        raise ImportFileError(
            f"{where}:{start}: this row could not be read as CSV ({exc}). Nothing was "
            "imported. Check that row in a text editor, or download the file again."
        ) from None
