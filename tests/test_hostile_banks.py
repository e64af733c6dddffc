"""Hostile question banks are refused quickly, in bounded memory, with a place and a hint.

Memory is checked with tracemalloc (peak of Python allocations while loading); time is
never asserted: a refused bomb shows up as the exception, not as a slow test.
"""

from __future__ import annotations

import os
import re
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.banks import (
    MAX_BANK_BYTES,
    MAX_BANK_FILES,
    MAX_PROBLEMS_PER_FILE,
    MAX_USER_QUESTIONS,
    Bank,
    builtin_bank,
    load_bank,
)
from coffeechat.cli import main
from coffeechat.errors import BankError
from coffeechat.safe_yaml import MAX_DEPTH, MAX_NODES, parse_yaml
from tests.conftest import build_tree
from tests.test_banks import CATALOG

T = TypeVar("T")

#: Loading any of these files must stay under this many bytes of Python allocations.
MEMORY_BOUND = 60_000_000

QUESTION = """  - id: mine.q{i}
    text: What surprised you most in your first year, number {i}?
    category: advice
    minutes: 2
    why: Learners rarely hear it.
"""


def bank_text(count: int) -> str:
    return "title: Mine\nquestions:\n" + "".join(QUESTION.format(i=i) for i in range(count))


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": nine aliases of nine aliases of ... a short list."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"title: Bomb\nquestions: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def peak_memory(action: Callable[[], T]) -> tuple[T | BaseException, int]:
    """Run ``action``; return its result (or the exception it raised) and peak bytes."""
    tracemalloc.start()
    try:
        try:
            result: T | BaseException = action()
        except Exception as exc:  # noqa: BLE001 - returned for the caller to check
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny stand-in for the built-in banks, so each load measures the user's file."""
    return build_tree(tmp_path_factory.mktemp("builtins"), {"catalog.yaml": CATALOG})


def load(path: Path, builtins: Path) -> Bank:
    return load_bank([path], builtin_dir=builtins, include_user_dir=False)


def refused(path: Path, builtins: Path) -> tuple[list[str], int]:
    """Load ``path`` as a user bank; it must be refused. Returns problems and peak memory."""
    result, peak = peak_memory(lambda: load(path, builtins))
    assert isinstance(result, BankError), f"expected a BankError, got {result!r}"
    assert "nothing was loaded" in result.message
    return [str(p) for p in result.problems], peak


PLACE = re.compile(r"^(?P<where>[^:]+):(?P<line>\d+):(?P<col>\d+): .+ \(hint: .+\)$")


def assert_placed(problem: str, path: Path) -> re.Match[str]:
    match = PLACE.match(problem)
    assert match, f"not in path:line:col: message (hint: ...) form: {problem}"
    assert match["where"] == str(path)
    return match


# ----------------------------------------------------------------- one per attack


def test_alias_bomb_is_refused_at_the_first_alias(tmp_path: Path, mini: Path) -> None:
    path = build_tree(tmp_path, {"bomb.yaml": alias_bomb()}) / "bomb.yaml"
    [problem], peak = refused(path, mini)
    match = assert_placed(problem, path)
    assert (match["line"], match["col"]) == ("2", "10")
    assert "aliases (*a0) are not allowed" in problem
    assert peak < MEMORY_BOUND


def test_recursive_alias_is_refused(tmp_path: Path, mini: Path) -> None:
    path = build_tree(tmp_path, {"loop.yaml": "title: Loop\nquestions: &q [*q]\n"}) / "loop.yaml"
    [problem], _peak = refused(path, mini)
    assert_placed(problem, path)
    assert "(*q)" in problem


def test_an_anchor_without_alias_is_harmless(tmp_path: Path, mini: Path) -> None:
    text = bank_text(1).replace("title: Mine", "title: &t Mine")
    path = build_tree(tmp_path, {"mine.yaml": text}) / "mine.yaml"
    assert "mine.q0" in load(path, mini).questions


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_without_crashing(tmp_path: Path, opening: str, mini: Path) -> None:
    # libyaml's C composer recursed once per level: 100,000 levels crashed the process.
    closing = {"[": "]", "{a: ": "}", "- ": ""}[opening]
    depth = 100_000
    if opening == "- ":
        body = "\n" + "- " * 3_000 + "1\n"  # block lists, one inside the other
    else:
        body = opening * depth + "1" + closing * depth
    path = build_tree(tmp_path, {"deep.yaml": b"title: Deep\nquestions: " + body.encode()})
    [problem], peak = refused(path / "deep.yaml", mini)
    assert_placed(problem, path / "deep.yaml")
    assert f"nested more than {MAX_DEPTH} levels" in problem
    assert peak < MEMORY_BOUND


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path, mini: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # 50 MB, written sparsely: the loader must not read it
        handle.truncate(50 * MAX_BANK_BYTES)
    [problem], peak = refused(path, mini)
    assert problem == (f"{path}: the file is 50.0 MB, over the limit of 1.0 MB "
                       "(hint: split it into several smaller banks)")
    assert peak < 10_000_000  # the built-in banks; reading the file would take 50 MB


def test_a_device_or_a_pipe_is_not_read(tmp_path: Path, mini: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [problem], _ = refused(fifo, mini)  # reading it would block for ever
    assert "is not a regular file" in problem


def test_too_many_values_are_refused(tmp_path: Path, mini: Path) -> None:
    path = build_tree(tmp_path, {
        "wide.yaml": "title: Wide\nquestions: [" + "1," * (MAX_NODES + 10) + "1]\n"})
    [problem], peak = refused(path / "wide.yaml", mini)
    assert f"more than {MAX_NODES:,} values" in problem
    assert peak < MEMORY_BOUND


def test_a_huge_base60_number_is_refused(tmp_path: Path, mini: Path) -> None:
    # YAML 1.1 reads 1:2:3 as a base-60 integer, built in quadratic time.
    path = build_tree(tmp_path, {"n.yaml": "title: N\nquestions: []\nx: " + "1:" * 200_000 + "1\n"})
    [problem], _ = refused(path / "n.yaml", mini)
    assert_placed(problem, path / "n.yaml")
    assert "this number is 400,001 characters long" in problem


def test_more_than_one_document_is_refused(tmp_path: Path, mini: Path) -> None:
    path = build_tree(tmp_path, {"two.yaml": bank_text(1) + "---\n" + bank_text(1)})
    [problem], _ = refused(path / "two.yaml", mini)
    assert_placed(problem, path / "two.yaml")
    assert "more than one YAML document" in problem


def test_too_many_questions_in_all_are_refused(tmp_path: Path, mini: Path) -> None:
    half = MAX_USER_QUESTIONS // 2 + 1
    folder = build_tree(tmp_path, {
        "a.yaml": bank_text(half), "b.yaml": bank_text(half).replace("mine.q", "mine.r")})
    problems, _ = refused(folder, mini)
    assert any(p.startswith(f"{folder / 'b.yaml'}:2:1: questions: your own banks hold more "
                            f"than {MAX_USER_QUESTIONS:,} questions") for p in problems), problems


def test_too_many_files_are_refused(tmp_path: Path, mini: Path) -> None:
    folder = build_tree(tmp_path, {f"b{i:03}.yaml": bank_text(0)
                                   for i in range(MAX_BANK_FILES + 1)})
    [problem], _ = refused(folder, mini)
    assert f"more than {MAX_BANK_FILES} bank files" in problem


def test_problems_are_capped_per_file(tmp_path: Path, mini: Path) -> None:
    text = bank_text(200).replace("minutes: 2", "minutes: 0")
    path = build_tree(tmp_path, {"bad.yaml": text}) / "bad.yaml"
    problems, _ = refused(path, mini)
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1].startswith(f"{path}: ... and 150 more problems in this file")


def test_the_builtin_banks_still_load_with_their_places() -> None:
    bank = builtin_bank()
    core = next(f for f in bank.files if f.where.endswith("core.yaml"))
    assert core.smap.find(("questions", 0, "id")) is not None


# ------------------------------------------------------------------ property test

FRAGMENTS = st.sampled_from([
    "title: Mine\n", "questions:\n", QUESTION.format(i=1), QUESTION.format(i=2),
    "  - &a {id: x}\n", "  - *a\n", "x: *nope\n", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1",
    "{a: {b: {c: {d: {e: {f: {g: {h: 1}}}}}}}}\n", "? [a, b]\n: c\n", "<<: {a: 1}\n",
    "    minutes: 1:2:3:4:5:6\n", "    minutes: 99999999999999999999999999999\n",
    "    text: !!binary aGVsbG8=\n", "    text: !!python/object:os.system x\n",
    "\t- tab\n", "---\n", "...\n", "%YAML 1.1\n", "    category: 2024-02-30\n",
    "title: Mine\n", ": :\n", "'unclosed\n", "\"\\x\"\n", "- ]\n", "\x00\n", "\ufeff",
])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS | st.text(max_size=40), max_size=25), st.integers(0, 40))
def test_any_bank_text_loads_correctly_or_is_refused_with_a_placed_problem(
    tmp_path_factory: pytest.TempPathFactory, mini: Path, parts: list[str],
    depth: int,
) -> None:
    text = "".join(parts) + "[" * depth
    path = tmp_path_factory.mktemp("fuzz") / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    result, peak = peak_memory(lambda: load(path, mini))
    assert peak < MEMORY_BOUND
    if isinstance(result, BankError):
        # A clear error: every problem names this file (or the limits), nothing loaded.
        assert result.problems
        for problem in result.problems:
            assert problem.where == str(path) and problem.message, problem
    else:
        assert not isinstance(result, BaseException), repr(result)
        # A correct result: this file, with all its questions.
        [mine] = result.files
        assert mine.user
        for q in mine.bank.questions:
            assert result.question(q.id) == q


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_plain_yaml_parses_to_what_pyyaml_dumps(value: object) -> None:
    """The event-by-event composer builds the same data as PyYAML's own for plain YAML."""
    text = yaml.safe_dump({"v": value}, allow_unicode=True)
    data, _smap, problems = parse_yaml(text, "x.yaml")
    assert problems == []
    assert data == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# ------------------------------------------------------------ the command line


@pytest.fixture
def bomb_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = build_tree(tmp_path / "banks", {"bomb.yaml": alias_bomb(),
                                             "loop.yaml": "title: L\nquestions: &q [*q]\n"})
    monkeypatch.setenv("COFFEECHAT_BANKS_DIR", str(folder))
    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield folder


@pytest.mark.parametrize("args", [
    ["banks", "check"],
    ["roles"],
    ["plan", "--role", "backend", "--audience", "senior-dev"],
    ["export", "sheet", "--conversation", "1"],
])
def test_cli_commands_refuse_hostile_banks_with_a_message(bomb_folder: Path,
                                                          args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, (RecursionError, MemoryError)), result.exception
    assert "Traceback" not in result.output
    assert f"{bomb_folder / 'bomb.yaml'}:2:10: YAML aliases (*a0) are not allowed here" in (
        result.output)
    assert f"{bomb_folder / 'loop.yaml'}:2:16: YAML aliases (*q) are not allowed here" in (
        result.output)
