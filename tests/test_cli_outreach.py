from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coffeechat.cli import main


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output


def test_templates_list_every_channel_and_purpose() -> None:
    code, out = run("templates", "--json")
    assert code == 0
    templates = json.loads(out)
    assert {t["channel"] for t in templates} >= {"linkedin_note", "email", "discord_dm",
                                                 "x_dm", "in_person_followup",
                                                 "linkedin_message"}
    assert all({"channel", "purpose", "title", "requires"} <= set(t) for t in templates)


def test_coach_json_shape_and_exit_codes(tmp_path: Path) -> None:
    message = tmp_path / "draft.txt"
    message.write_text("Dear Sir/Madam, are you hiring? Please be my mentor. I attached my CV.",
                       encoding="utf-8")
    code, out = run("coach", str(message), "--channel", "email", "--purpose", "first_contact",
                    "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"score", "findings"}
    rules = {f["rule"] for f in report["findings"]}
    assert {"job-ask", "mentor-ask", "attachment", "generic", "no-subject"} <= rules
    assert all(set(f) == {"rule", "severity", "message", "span", "spans", "suggestion"}
               for f in report["findings"])
    code, out = run("coach", "-", "--channel", "linkedin_note", "--purpose", "first_contact",
                    "--name", "Dana", input="Hi Dana, we both taught. Loved your talk on CI!")
    assert code == 0 and "Score" in out
    code, _ = run("coach", "-", "--channel", "fax", "--purpose", "first_contact", input="x")
    assert code == 2


def test_draft_lists_missing_details_then_renders(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/d.sqlite3"
    assert run("contacts", "add", "--name", "Dana Park", "--db", db)[0] == 0
    code, out = run("draft", "--channel", "email", "--purpose", "interview_request",
                    "--contact", "1", "--db", db)
    assert code == 1
    assert "Add what you have in common with Dana to draft this." in out
    assert "Traceback" not in out
    code, out = run("draft", "--channel", "email", "--purpose", "interview_request",
                    "--contact", "1", "--db", db, "--set",
                    "common_ground=We both went from teaching into tech",
                    "--set", "topic=how you chose backend work", "--json")
    assert code == 1  # still no name on the profile to sign with
    assert "Add your name" in out
    from coffeechat.store import Store

    store = Store(db)
    store.profile.save({"name": "Zoë"})
    store.dispose()
    code, out = run("draft", "--channel", "email", "--purpose", "interview_request",
                    "--contact", "1", "--db", db, "--set",
                    "common_ground=We both went from teaching into tech",
                    "--set", "topic=how you chose backend work", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["text"].startswith("Subject:") and data["score"] == 100
    code, out = run("draft", "--channel", "email", "--purpose", "interview_request",
                    "--db", db, "--set", "nonsense=1")
    assert code == 1 and "is not a detail drafts use" in out


def test_pitch_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/p.sqlite3"
    code, out = run("pitch", "--db", db, "--json")
    assert code == 0
    assert json.loads(out)["hints"] == ["Add who you are.", "Add what you do.",
                                        "Add where you want to be in 12 months."]
