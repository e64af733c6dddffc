"""`streamlit ARGS...`, with the duration of every script run appended to a log file.

Used by benchmarks/browser.py only: the app itself is started exactly as `make run`
starts it (``streamlit run app.py``); this wrapper times ScriptRunner._run_script, which
covers one click's whole server-side run (st.rerun included, since Streamlit loops
inside it), and writes one JSON line per run: {"end": epoch seconds, "ms": duration,
"fragment": bool}.

With BENCHMARK_PROFILE_DIR set, each run is also profiled with cProfile into that
folder (run-0001.prof, ...), to see where a slow page spends its time.

Run: python benchmarks/_timed_streamlit.py LOG run app.py --server.port ...
"""

from __future__ import annotations

import cProfile
import itertools
import json
import os
import sys
import threading
import time
from typing import Any


def main() -> None:
    """Patch the script runner with a timer, then hand over to Streamlit's own CLI."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    log_path = sys.argv[1]
    lock = threading.Lock()
    original = script_runner.ScriptRunner._run_script
    profiles = os.environ.get("BENCHMARK_PROFILE_DIR")
    numbers = itertools.count(1)

    def timed(self: Any, rerun_data: Any) -> None:
        profile = cProfile.Profile() if profiles else None
        start = time.perf_counter()
        try:
            if profile is not None:
                profile.runcall(original, self, rerun_data)
            else:
                original(self, rerun_data)
        finally:
            if profile is not None:
                profile.dump_stats(os.path.join(profiles, f"run-{next(numbers):04d}.prof"))
            line = json.dumps({"end": time.time(),
                               "ms": (time.perf_counter() - start) * 1000,
                               "fragment": bool(rerun_data.fragment_id_queue)})
            with lock, open(log_path, "a", encoding="utf-8") as log:
                log.write(line + "\n")

    script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]
    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
