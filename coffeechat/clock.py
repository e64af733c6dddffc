"""The current time, in one place.

Coffee Chat is local-first, so times are the learner's local wall-clock time,
to the second.
"""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """The current local time, to the second."""
    return datetime.now().replace(microsecond=0)
