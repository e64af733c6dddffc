"""Progress for a long import, shown only once it has taken a second.

A learner importing 30,000 connections should see that something is happening; one
importing ten should not see a bar flash past. The CLI and the import page both pass
an import's ``progress(done, total)`` through :class:`Progress`, each with its own way
of showing it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: An import that has run this long (seconds) starts showing its progress.
DELAY_S = 1.0


def progress_label(done: int, total: int, *, dry_run: bool = False) -> str:
    """``Adding your connections… 12,000 of 30,000`` (or ``Reading`` for a preview)."""
    verb = "Reading" if dry_run else "Adding"
    return f"{verb} your connections… {done:,} of {total:,}"


class Progress:
    """Passes progress on to ``show`` once the work has run for :data:`DELAY_S`.

    After that, at most once every ``every`` seconds, and always the last step, so what
    is shown ends at the total.
    """

    def __init__(self, show: Callable[[int, int], None], *, every: float = 0.1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._show = show
        self._every = every
        self._clock = clock
        self._start = clock()
        self._last: float | None = None

    @property
    def shown(self) -> bool:
        """Whether anything has been shown."""
        return self._last is not None

    def __call__(self, done: int, total: int) -> None:
        """Show this step, if the work has run long enough and the last step is not recent."""
        at = self._clock()
        if at - self._start < DELAY_S:
            return
        if done < total and self._last is not None and at - self._last < self._every:
            return
        self._last = at
        self._show(done, total)
