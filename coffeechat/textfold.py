"""Fold text for searching, so "zoe" finds Zoë and "lukasiewicz" finds Łukasiewicz.

Databases disagree on case and accents: SQLite's ``lower()`` only knows ASCII, and
PostgreSQL's depends on the server's collation. So the folding happens here, in
Python, once per contact when it is written (into ``contacts.search_key``), and once
per query; both databases then compare plain folded strings and agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

#: Contact fields that the contact search looks in, in this order.
SEARCHED_FIELDS: tuple[str, ...] = ("name", "company", "title", "common_ground")

# Letters that are not a base letter plus a combining mark, so NFKD leaves them
# alone. Keys are lower case: folding casefolds first.
_OWN_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t",
    "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ŋ": "n", "ĸ": "k", "ſ": "s",
    "ɨ": "i", "ƀ": "b", "ƶ": "z", "ɇ": "e",
})


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ``text``, drop accents and squeeze runs of white space to one space."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_OWN_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Compatibility forms can decompose to capitals ("㎒" is "MHz"), so fold again.
    return " ".join(bare.casefold().split())


def contact_search_key(values: Mapping[Any, Any]) -> str:
    """The folded text a contact search matches against.

    Fields are joined with newlines; a folded search term never holds one, so a term
    cannot match across two fields.
    """
    # Companies and titles repeat across an import, hence the cache on fold.
    return "\n".join(fold(str(values.get(name) or "")) for name in SEARCHED_FIELDS)
