"""The plan page's settings (role, person, minutes, a leaning): folded once there is a plan,
kept once opened, saved on change (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from coffeechat.banks import builtin_bank
from coffeechat.planner import make_plan
from coffeechat.store import Store
from tests.test_app import by_label, ok
from tests.test_plan_page_themes import open_plan


def test_the_settings_are_folded_and_saved_once_opened(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan(builtin_bank(), "backend", "senior-dev", minutes=20).ids
    at, conv_id = open_plan(db_url, monkeypatch, plan)
    # Chosen when the chat was created: not drawn (nor sent) until asked for.
    assert not at.number_input and not at.button_group
    at.session_state[f"plan_settings_{conv_id}"] = True
    at.run()
    ok(at)
    by_label(at.number_input, "Minutes").set_value(30).run()
    ok(at)
    assert any(" of 30 minutes planned" in str(p.proto.text) for p in at.get("progress"))
    at.button_group(key=f"focus_{conv_id}").set_value(["trends"]).run()

    # Folded again, the leaning is still there for the next shuffle.
    at.session_state[f"plan_settings_{conv_id}"] = False
    at.run()
    ok(at)
    assert at.button_group(key=f"focus_{conv_id}").value == ["trends"]
    by_label(at.button, "Shuffle for different questions").click().run()
    ok(at)
    store = Store(db_url)
    try:
        conversation = store.conversations.get(conv_id)
    finally:
        store.dispose()
    assert conversation.budget_minutes == 30
    assert conversation.plan != plan
    bank = builtin_bank()
    trends = [q for q in conversation.plan if bank.questions[q].category.value == "trends"]
    assert len(trends) >= 2, "the shuffle leaned towards trends"
