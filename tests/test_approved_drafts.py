"""The built-in templates' drafts for every persona match the approved, human-read text.

A change to a template, to the draft context or to how details are shaped shows up
here as a diff, so someone reads the new wording before it ships. To approve a change,
run with ``COFFEECHAT_APPROVE_DRAFTS=1`` (see :data:`tests.approved_drafts.APPROVE_HINT`).
"""

from __future__ import annotations

import difflib
import os

import pytest

from tests.approved_drafts import (
    APPROVE_ENV,
    APPROVE_HINT,
    APPROVED_DIR,
    approved_path,
    builtin_templates,
    personas,
    render_for_approval,
)

TEMPLATES = builtin_templates()
PEOPLE = personas()


def test_there_are_enough_personas_to_read() -> None:
    assert len(PEOPLE) >= 5
    names = [ctx.me.name or "" for _about, ctx in PEOPLE.values()]
    names += [ctx.contact.name or "" for _about, ctx in PEOPLE.values()]
    assert any(not name.isascii() for name in names), "no name with diacritics"


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_drafts_match_the_approved_text(template: object) -> None:
    path = approved_path(template)  # type: ignore[arg-type]
    new = render_for_approval(template, PEOPLE)  # type: ignore[arg-type]
    if os.environ.get(APPROVE_ENV):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"No approved drafts for {path.relative_to(APPROVED_DIR)} yet.\n"
                    f"{new}\n{APPROVE_HINT}")
    old = path.read_text(encoding="utf-8")
    if old != new:
        diff = "".join(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"approved/{path.relative_to(APPROVED_DIR)}", tofile="rendered now"))
        pytest.fail(f"The drafts changed; review them before they ship.\n{diff}\n{APPROVE_HINT}")


def test_no_approved_file_is_left_without_its_template() -> None:
    expected = {approved_path(t) for t in TEMPLATES}
    stale = sorted(p for p in APPROVED_DIR.rglob("*.txt") if p not in expected)
    assert not stale, f"Approved drafts for templates that no longer exist: {stale}"
