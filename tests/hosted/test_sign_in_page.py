"""Hosted mode in AppTest: the sign-in page, the signed-in sidebar, and local mode unchanged.

The browser tests (test_hosted_browser.py) check the same through a real provider and a
load balancer; these check the switch itself, cheaply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
    "client_id": "coffeechat",
    "client_secret": "test-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def _db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", f"sqlite:///{tmp_path}/app.sqlite3")
    monkeypatch.chdir(ROOT)


def run(secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    if user:
        at.user.update(user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_local_mode_has_no_sign_in() -> None:
    at = run()
    assert "Sign in" not in [b.label for b in at.button]
    assert "Sign out" not in [b.label for b in at.sidebar.button]
    assert any("Your data stays on this computer" in c.value for c in at.sidebar.caption)


def test_hosted_visitor_sees_only_the_sign_in_page() -> None:
    at = run({"auth": AUTH})
    assert [t.value for t in at.title] == ["☕ Welcome to Coffee Chat"]
    assert [b.label for b in at.button] == ["Sign in"]
    text = "\n".join(m.value for m in at.markdown)
    assert "informational interviews" in text and "e-mail address" in text
    # Nothing of the app itself: no journey checklist, no page content.
    assert not at.sidebar.markdown and not at.sidebar.button


def test_hosted_signed_in_learner_gets_the_app_and_a_sign_out() -> None:
    user = {"is_logged_in": True, "iss": "https://id.example.org", "sub": "abc-123",
            "email": "ada@example.org", "name": "Ada Lovelace"}
    at = run({"auth": AUTH}, user)
    assert "Sign in" not in [b.label for b in at.button]
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    captions = [c.value for c in at.sidebar.caption]
    assert "Signed in as **Ada Lovelace**" in captions
    assert not any("stays on this computer" in c for c in captions)


def test_a_login_without_subject_is_not_signed_in() -> None:
    at = run({"auth": AUTH}, {"is_logged_in": True, "email": "ada@example.org"})
    assert [b.label for b in at.button] == ["Sign in"]
