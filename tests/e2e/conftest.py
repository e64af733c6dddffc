"""Start the real app with `streamlit run` on a free port and drive Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
# Chromium's background services try to reach Google; this machine's network is closed.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch(script: str, cwd: Path, data: Path, *, port: int, database_url: str,
           args: tuple[str, ...] = (), log_name: str = "streamlit.log") -> subprocess.Popen[bytes]:
    """Start ``streamlit run script`` from cwd on a port, its output in ``data/log_name``."""
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(data), "COFFEECHAT_DATABASE_URL": database_url}
    env.pop("COFFEECHAT_BANKS_DIR", None)
    with (data / log_name).open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1", *args],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path,
                 path: str = "/_stcore/health") -> None:
    """Wait until a server answers 200 at ``path`` (by default, Streamlit's health check)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{url} did not start: " + log.read_text(errors="replace")[-4000:])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server politely, then firmly."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@contextmanager
def serve(script: str, cwd: Path, data: Path) -> Iterator[str]:
    """Run ``streamlit run script`` from cwd on a free port; yield its URL."""
    port = free_port()
    proc = launch(script, cwd, data, port=port, database_url=app_database(data))
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, data / "streamlit.log")
    try:
        yield url
    finally:
        stop(proc)


def new_page(browser: Any, *, height: int) -> Iterator[Any]:
    """A page in its own browser context, 1280 px wide, closed when the test is done."""
    context = browser.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


def app_database(data: Path) -> str:
    """The database URL an app started by `serve` uses."""
    return f"sqlite:///{data}/e2e.sqlite3"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve("app.py", ROOT, tmp_path_factory.mktemp("e2e-data")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        skip_or_fail("Browser tests need Debian's chromium at /usr/bin/chromium "
                     "(make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
