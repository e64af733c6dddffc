"""The theme and min_minutes fields of question banks, and the themes plans rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.banks import builtin_bank, load_bank
from coffeechat.errors import BankError
from coffeechat.models import Theme
from tests.conftest import build_tree
from tests.test_banks import CATALOG

# A miniature of the built-in banks: every theme, for every role and audience.
THEMED = """
title: Core
questions:
  - id: c.path
    text: What path did you take?
    theme: path
    category: opening
    minutes: 4
    min_minutes: 3
    why: A route in.
  - id: c.day
    text: What is a typical day like?
    theme: typical-day
    category: insights
    minutes: 4
    why: The job, tried on.
  - id: c.advice
    text: What advice would you give me?
    theme: advice
    category: advice
    minutes: 4
    why: Advice.
  - id: c.hard
    text: What is hard about your role?
    theme: challenges
    category: insights
    minutes: 4
    why: The hard parts.
  - id: c.who
    text: Who else should I talk to?
    theme: who-else
    category: closing
    minutes: 2
    why: The next chat.
"""


def problems(exc: pytest.ExceptionInfo[BankError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


@pytest.fixture
def builtin_dir(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "banks", {"catalog.yaml": CATALOG, "core.yaml": THEMED})


def check(builtin_dir: Path, tmp_path: Path, text: str) -> list[str]:
    user = build_tree(tmp_path / "mine", {"mine.yaml": text})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    return problems(exc)


def test_an_unknown_theme_lists_the_allowed_ones_at_its_line(
    builtin_dir: Path, tmp_path: Path
) -> None:
    lines = check(builtin_dir, tmp_path, """
        title: Mine
        questions:
          - id: m.day
            text: What does an on-call week look like?
            theme: typical_day
            category: insights
            minutes: 3
            why: The real rhythm of the job.
    """)
    assert lines == [
        f"{tmp_path / 'mine' / 'mine.yaml'}:5:12: questions[0].theme: must be one of 'path', "
        "'typical-day', 'advice', 'challenges' or 'who-else' (got 'typical_day') "
        "(hint: pick one of the listed values)"
    ]


def test_min_minutes_and_who_else_are_checked_at_their_own_line(
    builtin_dir: Path, tmp_path: Path
) -> None:
    lines = check(builtin_dir, tmp_path, """
        title: Mine
        questions:
          - id: m.who
            text: Who else could I ask?
            theme: who-else
            category: trends
            minutes: 3
            min_minutes: 4
            why: The next chat.
    """)
    where = tmp_path / "mine" / "mine.yaml"
    assert f"{where}:5:12: questions[0].theme: a who-else question closes the chat, so its " \
        "category must be closing (got trends) (hint: fix the value)" in lines
    assert f"{where}:8:18: questions[0].min_minutes: must not be more than minutes (3) " \
        "(got 4) (hint: fix the value)" in lines
    assert len(lines) == 2


def test_a_replacement_that_drops_a_theme_is_refused_with_the_fix(
    builtin_dir: Path, tmp_path: Path
) -> None:
    lines = check(builtin_dir, tmp_path, """
        title: Mine
        questions:
          - id: c.day
            text: What does a normal week look like for you?
            category: insights
            minutes: 3
            why: My wording.
          - id: c.hard
            text: What is hard about frontend work?
            theme: challenges
            category: insights
            roles: [frontend]
            minutes: 3
            why: Narrowed to one role.
    """)
    where = tmp_path / "mine" / "mine.yaml"
    assert lines == [
        f"{where}:3:9: questions[0].id: replaces c.day, which carries the theme "
        "'typical-day', so plans for backend × senior-dev and frontend × senior-dev would "
        "have no typical-day question (hint: keep `theme: typical-day` and the roles and "
        "audiences of the built-in question, or give yours a new id so the built-in one "
        "stays)",
        f"{where}:12:12: questions[1].roles: replaces c.hard, which carries the theme "
        "'challenges', so plans for backend × senior-dev would have no challenges question "
        "(hint: keep `theme: challenges` and the roles and audiences of the built-in "
        "question, or give yours a new id so the built-in one stays)",
    ]


def test_replacing_a_themed_question_with_the_theme_kept_is_fine(
    builtin_dir: Path, tmp_path: Path
) -> None:
    user = build_tree(tmp_path / "mine", {"mine.yaml": """
        title: Mine
        questions:
          - id: c.day
            text: What does a normal week look like for you?
            theme: typical-day
            category: insights
            minutes: 3
            why: My wording.
          - id: m.extra-day
            text: What does an on-call week look like for a backend developer?
            theme: typical-day
            category: insights
            roles: [backend]
            minutes: 5
            min_minutes: 3
            why: A tailored one.
    """})
    bank = load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    assert bank.questions["c.day"].theme == Theme.TYPICAL_DAY
    assert {q.id for q in bank.themed(Theme.TYPICAL_DAY, "backend", "senior-dev")} == {
        "c.day", "m.extra-day"}
    assert [q.id for q in bank.themed(Theme.TYPICAL_DAY, "frontend", "senior-dev")] == [
        "c.day"]
    assert bank.questions["m.extra-day"].shortest == 3


def test_the_builtin_banks_carry_every_theme_for_every_role_and_audience() -> None:
    bank = builtin_bank()
    missing = [f"{theme.value}: {role} × {audience}"
               for theme in Theme for role in bank.roles for audience in bank.audiences
               if not bank.themed(theme, role, audience)]
    assert not missing, missing[:10]
    # Every plan of 15 minutes must fit the four canonical questions, shortened.
    for role in bank.roles:
        for audience in bank.audiences:
            quickest = sum(min(q.shortest for q in bank.themed(t, role, audience))
                           for t in (Theme.PATH, Theme.TYPICAL_DAY, Theme.ADVICE,
                                     Theme.CHALLENGES))
            assert quickest <= 15, (role, audience, quickest)
