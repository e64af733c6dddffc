"""The Plan, Export and Outreach pages survive hostile banks and templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_tree
from tests.test_app import app, db, ok, populate  # noqa: F401 - db is a fixture
from tests.test_hostile_banks import alias_bomb
from tests.test_hostile_templates import FRONT


@pytest.mark.parametrize("page", ["pages/plan.py", "pages/export.py"])
def test_pages_fall_back_to_builtin_questions_on_hostile_banks(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str  # noqa: F811
) -> None:
    folder = build_tree(tmp_path / "banks", {"bomb.yaml": alias_bomb(),
                                             "loop.yaml": "title: L\nquestions: &q [*q]\n"})
    monkeypatch.setenv("COFFEECHAT_BANKS_DIR", str(folder))
    ids = populate(db)
    at = app(page, {"contact": str(ids["contact"]), "conversation": str(ids["conversation"])})
    ok(at)
    warning = " ".join(str(w.value) for w in at.sidebar.warning)
    assert "only the built-in questions are in use" in warning
    assert "bomb.yaml:2:10" in warning and "loop.yaml:2:16" in warning


def test_outreach_page_names_a_broken_template_and_still_drafts(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    folder = build_tree(tmp_path / "templates", {
        "outreach/first_contact/x_dm.j2": "---\nchannel: &c [x_dm, *c]\n---\nHi\n",
        "outreach/thank_you/email.j2": FRONT + "{{ 'a' * 10**9 }}\n",
    })
    monkeypatch.setenv("COFFEECHAT_TEMPLATES_DIR", str(folder))
    ids = populate(db)
    query = {"contact": str(ids["contact"]), "conversation": str(ids["conversation"])}
    at = app("pages/outreach.py", {**query, "purpose": "first_contact"})
    ok(at)
    warnings = " ".join(str(w.value) for w in at.warning)
    assert "x\\_dm.j2:2:20: the front matter: YAML aliases" in warnings, warnings
    assert "Dana" in at.text_area[0].value, "another channel still drafts"
    channel = f"channel_{ids['contact']}_first_contact"
    at.selectbox(key=channel).set_value("x_dm").run()
    ok(at)
    assert "x\\_dm.j2:2:20" in " ".join(str(e.value) for e in at.error)
    at = app("pages/outreach.py", {**query, "purpose": "thank_you"})
    at.selectbox(key=f"channel_{ids['contact']}_thank_you").set_value("email").run()
    ok(at)
    errors = " ".join(str(e.value) for e in at.error)
    assert "email.j2:7: the repeated text would be longer" in errors, errors
