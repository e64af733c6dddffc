from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coffeechat.cli import main
from tests.conftest import build_tree


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_banks_check_passes_on_builtin_banks() -> None:
    code, out = run("banks", "check")
    assert code == 0, out
    assert out.startswith("All good:")


def test_banks_check_fails_with_one_line_per_problem(tmp_path: Path) -> None:
    user = build_tree(tmp_path, {"mine.yaml": """
        title: Mine
        questions:
          - id: core.path
            text: Duplicate of a built-in id is an override, fine?
            category: opening
            minutes: 2
            why: Fine.
          - id: mine.bad
            text: Bad?
            category: opening
            minutes: 99
            why: Fine.
            extra: nope
    """})
    code, out = run("banks", "check", str(user))
    assert code == 1
    lines = [line for line in out.splitlines() if line.strip()]
    where = str(user / "mine.yaml")
    assert f"{where}:11:14: questions[1].minutes: must be 1-30 (got 99)" in out
    assert f"{where}:13:5: questions[1].extra: unknown key 'extra'" in out
    assert len([line for line in lines if line.startswith(where)]) == 2
    assert "Traceback" not in out


def test_banks_stats_json_shape() -> None:
    code, out = run("banks", "stats", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("questions", "roles", "audiences", "by_category", "by_role", "by_audience"):
        assert key in data
    assert data["questions"] >= 300
    assert sum(data["by_category"].values()) == data["questions"]
    assert set(data["by_category"]) == {"opening", "trends", "insights", "advice", "resources",
                                        "assignments", "closing"}


def test_roles_lists_every_role() -> None:
    code, out = run("roles", "--json")
    assert code == 0
    roles = json.loads(out)
    assert len(roles) >= 12
    assert {"id", "title", "summary", "typical_day", "skills", "talk_to"} <= set(roles[0])
    code, text = run("roles")
    assert "frontend" in text


def test_plan_json_shape_and_budget() -> None:
    code, out = run("plan", "--role", "backend", "--audience", "senior-dev", "--minutes", "25",
                    "--seed", "4", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["budget_minutes"] == 25
    assert data["total_minutes"] == sum(i["minutes"] for i in data["items"]) <= 25
    assert set(data["items"][0]) == {"id", "text", "category", "theme", "minutes", "reason"}
    themes = [i["theme"] for i in data["items"]]
    assert {"path", "typical-day", "advice", "challenges", "who-else"} <= set(themes)
    assert themes[-1] == "who-else" and themes.count(None) >= 1


def test_plan_markdown_groups_by_section() -> None:
    code, out = run("plan", "--role", "frontend", "--audience", "recruiter",
                    "--focus", "advice", "--exclude", "core.path")
    assert code == 0
    assert "## Opening" in out and "## Closing" in out
    assert "- [ ] " in out
    assert "What path did you take" not in out


def test_unknown_role_or_audience_exits_2_with_valid_ids() -> None:
    code, out = run("plan", "--role", "astronaut", "--audience", "senior-dev")
    assert code == 2
    assert "Unknown role 'astronaut'" in out and "frontend" in out
    code, out = run("plan", "--role", "frontend", "--audience", "ceo")
    assert code == 2
    assert "senior-dev" in out


def test_plan_include_that_cannot_fit_exits_1() -> None:
    code, out = run("plan", "--role", "frontend", "--audience", "senior-dev", "--minutes", "1",
                    "--include", "core.path", "--include", "core.advice")
    assert code == 1
    assert "budget is 1" in out
