"""A hosted Coffee Chat on this machine, every part real.

- a PostgreSQL database (a fresh one on COFFEECHAT_TEST_POSTGRES_URL);
- an OpenID Connect provider (oauth2-mock-server from npm, tests/hosted/oidc/), where a
  browser signs in as any e-mail and name it types;
- two app replicas (``streamlit run app.py``) sharing that database and one generated
  secrets file: the same ``[auth]`` client and cookie secret;
- HAProxy in front, reading the shipped ``deploy/haproxy.cfg``.

Fixtures for tests:
- ``hosted_site``: the running site (module scope): its URL, the replicas (to kill and
  restart), and their logs;
- ``sign_in_as``: ``sign_in_as(email, name)`` opens a new browser context (its own cookies,
  so a different person), signs in through the provider and returns its page;
- ``browser``: Debian's Chromium, as in tests/e2e.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import fresh_postgres_database, skip_or_fail
from tests.e2e.conftest import browser, free_port, launch, stop, wait_healthy
from tests.e2e.test_journey import wait_for_app

__all__ = ["browser"]  # a fixture for this folder too

ROOT = Path(__file__).resolve().parents[2]
OIDC_DIR = Path(__file__).resolve().parent / "oidc"
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
CLIENT_ID = "coffeechat"
#: Streamlit's sign-in cookie, signed with the shared cookie secret.
AUTH_COOKIE = "_streamlit_user"
#: HAProxy's stickiness cookie (deploy/haproxy.cfg): which replica a browser talks to.
REPLICA_COOKIE = "COFFEECHAT_REPLICA"


def _haproxy() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None)


@dataclass
class Replica:
    """One app process behind the load balancer; ``name`` is its HAProxy cookie value."""

    name: str
    port: int
    data: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class HostedSite:
    """The running site: the balancer's URL, the provider, the replicas and their logs."""

    url: str
    provider: str
    database_url: str
    secrets_file: Path
    replicas: dict[str, Replica] = field(default_factory=dict)

    def start(self, name: str) -> None:
        """Start (or restart) a replica and wait until it answers."""
        r = self.replicas[name]
        r.proc = launch("app.py", ROOT, r.data, port=r.port, database_url=self.database_url,
                        args=("--secrets.files", str(self.secrets_file)),
                        log_name=f"streamlit-{name}.log")
        wait_healthy(r.url, r.proc, r.data / f"streamlit-{name}.log")

    def kill(self, name: str) -> None:
        """Kill a replica the hard way, as a crash or a lost machine would."""
        proc = self.replicas[name].proc
        assert proc is not None and proc.poll() is None, f"{name} is not running"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=15)

    def logs(self) -> str:
        """Everything the replicas wrote: their console output and their log folders."""
        texts = []
        for r in self.replicas.values():
            for path in sorted(r.data.rglob("*.log")):
                texts.append(path.read_text(errors="replace"))
        return "\n".join(texts)


def replica_of(context: BrowserContext) -> str:
    """The replica HAProxy pinned this browser context to."""
    for cookie in context.cookies():
        if cookie["name"] == REPLICA_COOKIE:
            return str(cookie["value"])
    raise AssertionError(f"no {REPLICA_COOKIE} cookie: {context.cookies()}")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OpenID Connect provider on a free port; yields its issuer URL."""
    node = shutil.which("node")
    if node is None or not (OIDC_DIR / "node_modules" / "oauth2-mock-server").is_dir():
        skip_or_fail("Hosted tests need Node.js and the test provider's npm packages "
                     "(make test installs them: scripts/ensure-test-oidc.sh)")
        raise AssertionError("unreachable")  # skip_or_fail always raises
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([node, "provider.mjs", str(port)], cwd=OIDC_DIR,
                                stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    wait_healthy(issuer, proc, log_path, path="/.well-known/openid-configuration")
    try:
        yield issuer
    finally:
        stop(proc)


def write_secrets(path: Path, *, site_url: str, issuer: str) -> None:
    """The secrets file every replica reads: one OIDC client, one shared cookie secret."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{site_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8")


@pytest.fixture(scope="module")
def hosted_site(oidc_provider: str, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[HostedSite]:
    """Two replicas on one PostgreSQL behind HAProxy (deploy/haproxy.cfg)."""
    haproxy = _haproxy()
    if haproxy is None:
        skip_or_fail("Hosted tests need Debian's haproxy (make test installs it)")
        raise AssertionError("unreachable")
    root = tmp_path_factory.mktemp("hosted")
    lb_port = free_port()
    site_url = f"http://127.0.0.1:{lb_port}"
    secrets_file = root / "secrets.toml"
    write_secrets(secrets_file, site_url=site_url, issuer=oidc_provider)
    with fresh_postgres_database() as database_url:
        site = HostedSite(url=site_url, provider=oidc_provider, database_url=database_url,
                          secrets_file=secrets_file)
        for name in ("app1", "app2"):
            data = root / name
            data.mkdir()
            site.replicas[name] = Replica(name=name, port=free_port(), data=data)
        lb_log = root / "haproxy.log"
        lb: subprocess.Popen[bytes] | None = None
        try:
            for name in site.replicas:
                site.start(name)
            env = {**os.environ, "COFFEECHAT_LB_BIND": f"127.0.0.1:{lb_port}",
                   "COFFEECHAT_APP1": f"127.0.0.1:{site.replicas['app1'].port}",
                   "COFFEECHAT_APP2": f"127.0.0.1:{site.replicas['app2'].port}"}
            with lb_log.open("w") as log:
                # -db: stay in the foreground, so the test owns the process.
                lb = subprocess.Popen([haproxy, "-db", "-f", str(HAPROXY_CFG)], env=env,
                                      stdout=log, stderr=subprocess.STDOUT)
            wait_healthy(site_url, lb, lb_log)
            yield site
        finally:
            if lb is not None:
                stop(lb)
            for r in site.replicas.values():
                if r.proc is not None and r.proc.poll() is None:
                    stop(r.proc)


def sign_in(page: Page, site_url: str, email: str, name: str) -> None:
    """Sign in through the provider's form, as a learner would, and land on the app."""
    page.goto(site_url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site_url}/**")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {name}")).to_be_visible()


@pytest.fixture
def sign_in_as(browser: Any, hosted_site: HostedSite) -> Iterator[Callable[[str, str], Page]]:
    """``sign_in_as(email, name)``: a new browser context signed in as that person."""
    contexts: list[BrowserContext] = []

    def open_as(email: str, name: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 1400},
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, hosted_site.url, email, name)
        return page

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()
