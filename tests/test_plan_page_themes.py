"""The plan page says which canonical questions the plan covers (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coffeechat.banks import builtin_bank
from coffeechat.planner import make_plan, trim_to_budget
from coffeechat.store import Store
from tests.test_app import ROOT, by_label, ok


def open_plan(db_url: str, monkeypatch: pytest.MonkeyPatch, plan: list[str],
              minutes: int = 20) -> tuple[AppTest, int]:
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", db_url)
    monkeypatch.chdir(ROOT)
    store = Store(db_url)
    try:
        store.profile.save({"name": "Zoë", "target_role": "backend"})
        dana = store.contacts.add({"name": "Dana Park"})
        conv = store.conversations.add({"contact_id": dana.id, "plan": plan, "role": "backend",
                                       "audience": "senior-dev", "budget_minutes": minutes})
    finally:
        store.dispose()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/plan.py")
    at.query_params.update({"contact": str(dana.id), "conversation": str(conv.id)})
    at.run()
    ok(at)
    return at, conv.id


def captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_a_proposed_plan_covers_every_key_question(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan(builtin_bank(), "backend", "senior-dev", minutes=20)
    at, _ = open_plan(db_url, monkeypatch, plan.ids)
    line = next(c for c in captions(at).splitlines() if c.startswith("Key questions:"))
    for label in ("How they got here", "A typical day", "Their advice for you",
                  "The hard parts", "Who else to talk to"):
        assert f"✓ {label}" in line
    assert "missing" not in line and not at.info
    # The minutes shown are the ones the plan gives, and they fit.
    assert any("20 of 20 minutes planned" in str(p.proto.text) for p in at.get("progress"))
    assert not at.warning


def test_a_missing_key_question_is_named_and_can_be_added_back(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = builtin_bank()
    plan = make_plan(bank, "backend", "senior-dev", minutes=20).ids
    without = [qid for qid in plan if bank.questions[qid].theme != "typical-day"]
    at, conv_id = open_plan(db_url, monkeypatch, without)
    assert "○ A typical day (missing)" in captions(at)
    notes = [str(i.value) for i in at.info]
    assert any(n.startswith("No question yet on a typical day.") for n in notes), notes
    by_label(at.button, "Add this question").click().run()
    ok(at)
    store = Store(db_url)
    try:
        saved = store.conversations.get(conv_id).plan
    finally:
        store.dispose()
    assert len(saved) == len(without) + 1
    assert any(bank.questions[qid].theme == "typical-day" for qid in saved)
    assert "✓ A typical day" in captions(at)


def test_trim_on_the_page_keeps_the_key_questions(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = builtin_bank()
    long_plan = make_plan(bank, "backend", "senior-dev", minutes=45).ids
    at, conv_id = open_plan(db_url, monkeypatch, long_plan, minutes=20)
    by_label(at.button, "Trim to fit 20 minutes").click().run()
    ok(at)
    store = Store(db_url)
    try:
        saved = store.conversations.get(conv_id).plan
    finally:
        store.dispose()
    assert saved == trim_to_budget(bank, long_plan, 20)
    assert "missing" not in captions(at)
