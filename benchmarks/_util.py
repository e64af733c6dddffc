"""Small timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Run ``fn`` ``repeat`` times; return each run's seconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for printing."""
    return f"{seconds * 1000:8.2f} ms"


def median(values: list[float]) -> float:
    """The median of a list of timings."""
    return statistics.median(values)
