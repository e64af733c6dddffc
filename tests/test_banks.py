from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.banks import builtin_bank, load_bank
from coffeechat.errors import BankError, UnknownChoiceError
from coffeechat.models import TIARA, Category
from tests.conftest import build_tree

CATALOG = """
roles:
  - id: frontend
    title: Frontend developer
    summary: Builds what people see.
    typical_day: Screens and browsers.
    skills: [HTML, CSS, JavaScript]
    talk_to: [senior-dev]
  - id: backend
    title: Backend developer
    summary: Builds services.
    typical_day: APIs and databases.
    skills: [SQL, HTTP, Python]
    talk_to: [senior-dev]
audiences:
  - id: senior-dev
    title: Senior developer
    description: Has been around.
    ask_them_about: Craft.
"""

GOOD = """
title: Test bank
questions:
  - id: t.one
    text: What changed in your field this year?
    category: trends
    minutes: 3
    why: Shows what is moving.
  - id: t.two
    text: What do you wish you had known?
    category: advice
    roles: [frontend]
    minutes: 2
    why: Saves the learner time.
"""


def problems_of(exc: pytest.ExceptionInfo[BankError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


@pytest.fixture
def builtin_dir(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "banks", {"catalog.yaml": CATALOG, "good.yaml": GOOD})


# --------------------------------------------------------------- built-in content


def test_builtin_banks_are_valid_and_large_enough() -> None:
    bank = builtin_bank()
    assert len(bank.questions) >= 300
    assert len(bank.roles) >= 12
    assert len(bank.audiences) >= 7
    assert len(bank.openers) >= 15, "a separate meetup-openers deck is required"


def test_every_role_and_audience_is_well_covered() -> None:
    bank = builtin_bank()
    for role in bank.roles:
        specific = [q for q in bank.questions.values()
                    if q.roles != "all" and role in q.roles]
        assert len(specific) >= 12, f"{role} has only {len(specific)} role-specific questions"
        cats = {q.category for q in bank.select(role=role)}
        assert set(TIARA) <= cats, f"{role} misses {set(TIARA) - cats}"
    for audience in bank.audiences:
        specific = [q for q in bank.questions.values()
                    if q.audiences != "all" and audience in q.audiences]
        assert len(specific) >= 8, f"{audience} has only {len(specific)} questions"


def test_every_role_names_real_audiences_to_talk_to() -> None:
    bank = builtin_bank()
    for role in bank.roles.values():
        assert role.talk_to and set(role.talk_to) <= set(bank.audiences)


def test_canonical_questions_are_core() -> None:
    bank = builtin_bank()
    expectations = {
        "core.path": ("path", Category.OPENING),
        "core.typical-day": ("typical", Category.INSIGHTS),
        "core.advice": ("advice", Category.ADVICE),
        "core.challenges": ("challenge", Category.INSIGHTS),
    }
    for qid, (word, category) in expectations.items():
        q = bank.questions[qid]
        assert q.core, qid
        assert word in q.text.lower(), q.text
        assert q.category == category
        assert q.roles == "all" and q.audiences == "all"
    assert {q.id for q in bank.questions.values() if q.core} == set(expectations)


def test_good_closers_are_present() -> None:
    bank = builtin_bank()
    who_else = bank.questions["core.who-else"]
    stay = bank.questions["core.stay-in-touch"]
    assert who_else.category == stay.category == Category.CLOSING
    assert "talk to" in who_else.text.lower()
    assert "touch" in stay.text.lower()


def test_question_texts_are_unique_and_end_with_a_question_mark() -> None:
    bank = builtin_bank()
    seen: dict[str, str] = {}
    for q in [*bank.questions.values(), *bank.openers.values()]:
        key = " ".join(q.text.lower().split())
        assert key not in seen, f"{q.id} repeats {seen[key]}"
        seen[key] = q.id
        assert q.text.rstrip().endswith("?"), q.id
        assert len(q.text) <= 160, q.id


def test_builtin_bank_is_cached() -> None:
    assert builtin_bank() is builtin_bank()


def test_unknown_role_lists_valid_ids() -> None:
    with pytest.raises(UnknownChoiceError) as exc:
        builtin_bank().role("astronaut")
    assert "frontend" in str(exc.value) and "astronaut" in str(exc.value)


# ----------------------------------------------------------------- validation


def test_every_problem_in_every_file_is_reported_with_its_place(
    builtin_dir: Path, tmp_path: Path
) -> None:
    user = build_tree(tmp_path / "mine", {
        "bad.yaml": """
            title: Mine
            questions:
              - id: m.one
                text: "   "
                category: trends
                minutes: 0
                why: Something.
              - id: m.two
                text: Fine question?
                category: vibes
                minutes: 2
                why: Something.
                colour: blue
              - id: m.three
                text: Who uses this?
                category: advice
                roles: [astronaut]
                audiences: [senior-dev, ceo]
                minutes: two
                why: Something.
        """,
        "broken.yaml": """
            title: Broken
            questions:
              - id: b.one
                text: [unclosed
        """,
    })
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    lines = problems_of(exc)
    bad = str(user / "bad.yaml")
    expected = [
        f"{bad}:4:11: questions[0].text: must not be empty (hint: fill in `text`)",
        f"{bad}:6:14: questions[0].minutes: must be 1-30 (got 0) "
        "(hint: use a whole number from 1 to 30)",
        f"{bad}:10:15: questions[1].category: must be one of 'opening', 'trends', 'insights', "
        "'advice', 'resources', 'assignments' or 'closing' (got 'vibes') "
        "(hint: pick one of the listed values)",
        f"{bad}:13:5: questions[1].colour: unknown key 'colour' (hint: remove it or fix the "
        "spelling; allowed keys: id, text, category, roles, audiences, minutes, min_minutes, "
        "priority, why, follow_ups, core, theme)",
        f"{bad}:19:14: questions[2].minutes: must be a whole number (got 'two') "
        "(hint: write a number like 3, without quotes)",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)
    broken = [p for p in lines if "broken.yaml" in p]
    assert len(broken) == 1 and "YAML syntax error" in broken[0]
    assert ":5:" in broken[0] or ":4:" in broken[0]


def test_unknown_role_and_audience_references_are_reported(
    builtin_dir: Path, tmp_path: Path
) -> None:
    user = build_tree(tmp_path / "mine", {"refs.yaml": """
        title: Refs
        questions:
          - id: r.one
            text: Who uses this?
            category: advice
            roles: [frontend, astronaut]
            audiences: [ceo]
            minutes: 2
            why: Something.
    """})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    lines = problems_of(exc)
    where = str(user / "refs.yaml")
    assert any(line.startswith(f"{where}:6:23: questions[0].roles[1]: unknown role 'astronaut'")
               for line in lines), lines
    assert any(line.startswith(f"{where}:7:17: questions[0].audiences[0]: unknown audience 'ceo'")
               for line in lines), lines
    assert all("hint: use one of:" in line for line in lines)


def test_duplicate_ids_in_one_file_and_across_files(builtin_dir: Path, tmp_path: Path) -> None:
    question = """
          - id: {id}
            text: Question {n}?
            category: trends
            minutes: 2
            why: Something.
    """
    one = "title: One\nquestions:\n" + question.format(id="d.same", n=1) + question.format(
        id="d.same", n=2)
    two = "title: Two\nquestions:\n" + question.format(id="d.same", n=3)
    user = build_tree(tmp_path / "mine", {"one.yaml": one, "two.yaml": two})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    dupes = [p for p in problems_of(exc) if "duplicate id 'd.same'" in p]
    assert len(dupes) == 2, dupes
    assert any("two.yaml" in d and "one.yaml:" in d for d in dupes)


def test_duplicate_ids_among_builtin_banks_are_errors(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "banks", {
        "catalog.yaml": CATALOG, "good.yaml": GOOD, "copy.yaml": GOOD,
    })
    with pytest.raises(BankError) as exc:
        load_bank(builtin_dir=root, include_user_dir=False)
    assert sum("duplicate id" in p for p in problems_of(exc)) == 2


def test_duplicate_yaml_keys_are_reported(builtin_dir: Path, tmp_path: Path) -> None:
    user = build_tree(tmp_path / "mine", {"keys.yaml": """
        title: Keys
        questions:
          - id: k.one
            text: First?
            text: Second?
            category: trends
            minutes: 2
            why: Something.
    """})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    assert any("key 'text' appears twice" in p and ":5:5:" in p for p in problems_of(exc))


def test_user_question_overrides_builtin_with_same_id(
    builtin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = build_tree(tmp_path / "mine", {"mine.yaml": """
        title: Mine
        questions:
          - id: t.one
            text: My own wording of the trends question?
            category: trends
            minutes: 4
            why: Mine.
    """})
    monkeypatch.setenv("COFFEECHAT_BANKS_DIR", str(user))
    bank = load_bank(builtin_dir=builtin_dir)
    assert bank.questions["t.one"].text == "My own wording of the trends question?"
    assert bank.questions["t.one"].minutes == 4
    assert len(bank.questions) == 2


def test_a_bad_user_bank_means_nothing_is_loaded(builtin_dir: Path, tmp_path: Path) -> None:
    user = build_tree(tmp_path / "mine", {"bad.yaml": "title: x\nquestions: nope\n"})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    assert "nothing was loaded" in exc.value.message
    assert any("questions: must be a list" in p for p in problems_of(exc))


def test_missing_field_points_at_the_question(builtin_dir: Path, tmp_path: Path) -> None:
    user = build_tree(tmp_path / "mine", {"missing.yaml": """
        title: Missing
        questions:
          - id: m.one
            text: Where is why?
            category: trends
            minutes: 2
    """})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    assert any(":3:5: questions[0].why: is required but missing (hint: add `why:` here)" in p
               for p in problems_of(exc)), problems_of(exc)


def test_empty_and_non_utf8_files(builtin_dir: Path, tmp_path: Path) -> None:
    user = build_tree(tmp_path / "mine", {"empty.yaml": "", "latin.yaml": b"title: caf\xe9\n"})
    with pytest.raises(BankError) as exc:
        load_bank([user], builtin_dir=builtin_dir, include_user_dir=False)
    lines = problems_of(exc)
    assert any("empty.yaml:1:1: the file is empty" in p for p in lines)
    assert any("latin.yaml: is not UTF-8 text" in p for p in lines)


def test_select_filters_by_role_audience_and_category(builtin_dir: Path) -> None:
    bank = load_bank(builtin_dir=builtin_dir, include_user_dir=False)
    assert [q.id for q in bank.select(role="backend")] == ["t.one"]
    assert [q.id for q in bank.select(role="frontend", categories=[Category.ADVICE])] == [
        "t.two"]


@pytest.mark.parametrize(("title", "background", "expected"), [
    ("Tech Recruiter", None, "recruiter"),
    ("Senior Frontend Engineer", None, "senior-dev"),
    ("Engineering Manager", None, "eng-manager"),
    ("Co-founder & CTO", None, "founder"),
    ("Developer Advocate", None, "advocate"),
    ("Junior Developer", None, "junior-dev"),
    ("Software Engineer", "We both did a bootcamp after teaching", "career-changer"),
    ("Software Engineer", None, "senior-dev"),
])
def test_guess_audience_from_title(title: str, background: str | None, expected: str) -> None:
    from coffeechat.banks import guess_audience

    assert guess_audience(builtin_bank(), title, background=background) == expected


def test_guess_audience_without_a_title_follows_the_role() -> None:
    from coffeechat.banks import guess_audience

    bank = builtin_bank()
    assert guess_audience(bank, None, role="devrel") == bank.roles["devrel"].talk_to[0]
