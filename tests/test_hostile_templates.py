"""Hostile user templates end in a TemplateFileError naming the file, in bounded memory.

Each attack ran for minutes, raised a raw Python error or asked for gigabytes before
the sandbox was bounded. Memory is checked with tracemalloc; time is never asserted
(the two-second clock shows up as the message it produces, not as a slow test).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import StrictUndefined

from coffeechat.cli import main
from coffeechat.errors import TemplateFileError
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.drafts import (
    find_template,
    list_templates,
    render_draft,
    template_problems,
)
from coffeechat.sandbox import BoundedSandbox, RenderLimits
from coffeechat.templating import (
    MAX_TEMPLATE_BYTES,
    USER_LIMITS,
    FrontMatterLoader,
    render,
    text_environment,
)
from tests.conftest import build_tree

MEMORY_BOUND = 50_000_000
BIG = "{% set s = 'a' * 90000 %}"

#: name, template body, words the message must contain.
ATTACKS = [
    ("repeat", "{{ 'a' * 10**9 }}", "repeated text would be longer than 100,000"),
    ("power", "{{ 10**100000 }}", "too large a number"),
    ("square", "{% set ns = namespace(n=10**100) %}{% for i in range(30) %}"
     "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}", "too large a number"),
    ("nested_loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
     "{% endfor %}", "took longer than 2 seconds"),
    ("loops_over_text", "{% set s = 'ab' * 50000 %}{% for a in s %}{% for b in s %}"
     "{% endfor %}{% endfor %}", "took longer than 2 seconds"),
    ("range", "{{ range(10**9)|list }}", "range() may count at most 100,000 numbers"),
    ("recursive_macro", "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}", "calls itself"),
    # Either message (the recursion limit or, on a busy machine, the clock) says why.
    ("self_include", "{% include 'outreach/thank_you/email.j2' %}", "calls itself"),
    ("join", "{{ range(100000)|join('x' * 50000) }}", "longer than 100,000"),
    ("str_join", "{{ ('x' * 50000).join(range(100000)|map('string')) }}", "longer than 100,000"),
    ("format_width", "{{ '{:>1000000000}'.format(1) }}", "format width is larger"),
    ("format_nested", "{{ '{:{w}}'.format('a', w=1000000000) }}", "format width is larger"),
    ("percent_filter", "{{ '%1000000000s'|format('a') }}", "format width is larger"),
    ("percent_star", "{{ '%*s' % (1000000000, 'a') }}", "format width is larger"),
    ("center", "{{ 'a'|center(1000000000) }}", "|center would be longer"),
    ("rjust", "{{ 'a'.rjust(1000000000) }}", "rjust() would be longer"),
    ("replace", BIG + "{{ s.replace('a', s) }}", "replace() would be longer"),
    ("replace_filter", BIG + "{{ s|replace('a', s) }}", "|replace would be longer"),
    ("translate", BIG + "{{ s.translate({97: s}) }}", "translate() would be longer"),
    ("doubling", "{% set ns = namespace(s='a') %}{% for i in range(60) %}"
     "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "joined text (~) would be longer"),
    ("doubling_plus", "{% set ns = namespace(s='a') %}{% for i in range(60) %}"
     "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}", "joined text (+) would be longer"),
    ("set_block", BIG + "{% set b %}{% for i in range(50) %}{{ s }}{% endfor %}{% endset %}"
     "{{ b }}", "block of text would be longer"),
    ("macro_buffer", BIG + "{% macro m() %}{% for i in range(50) %}{{ s }}{% endfor %}"
     "{% endmacro %}{{ m() }}", "block of text would be longer"),
    ("many_references", BIG + "{{ range(1)|batch(100000, s)|list }}", "batch would be longer"),
    ("printed_list", BIG + "{{ [s] * 1 + [s, s] }}", "longer than 100,000"),
    ("string_filter", BIG + "{{ ([s, s])|string }}", "input of |string would be longer"),
    ("map_filter", "{{ range(10000)|map('center', 99000)|list|length }}",
     "built more than 2,000,000 characters"),
    ("wordwrap", "{{ ('a ' * 40000)|wordwrap(1, wrapstring='x' * 1000) }}",
     "|wordwrap would be longer"),
    ("indent", "{{ ('a\n' * 40000)|indent(100000) }}", "|indent would be longer"),
    ("output", "{% for i in range(100000) %}xxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}",
     "message would be longer than 100,000"),
    ("divide", "{{ 1 / 0 }}", "ZeroDivisionError"),
    ("append", "{% set l = [] %}{{ l.append(1) }}", "unsafe"),
    ("lipsum", "{{ lipsum(100000) }}", "'lipsum' is undefined"),
    ("nested_brackets", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nested too deeply"),
]

FRONT = """---
channel: email
purpose: thank_you
title: Mine
description: My own thank-you.
---
"""


def peak_memory(action: object) -> tuple[object, int]:
    tracemalloc.start()
    try:
        try:
            result = action()  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - returned for the caller to check
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


CTX = DraftContext.model_validate({"contact": {"first_name": "Dana", "name": "Dana Park"}})


@pytest.mark.parametrize(("name", "body", "words"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_each_attack_becomes_a_message_naming_the_file(tmp_path: Path, name: str, body: str,
                                                       words: str) -> None:
    folder = build_tree(tmp_path, {"outreach/thank_you/email.j2": FRONT + body + "\n"})
    template = find_template("email", "thank_you", user_dir=folder)
    result, peak = peak_memory(lambda: render_draft(template, CTX, user_dir=folder))
    assert isinstance(result, TemplateFileError), f"{name}: {result!r}"[:300]
    message = str(result)
    assert message.startswith(str(folder / "outreach/thank_you/email.j2")), message
    assert words in message, message
    assert "Traceback" not in message
    assert peak < MEMORY_BOUND, f"{name}: {peak:,} bytes"


def test_the_line_of_the_problem_is_given(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/thank_you/email.j2": FRONT + "Hi {{ contact.first_name }},\n\n"
        "{{ 'a' * 10**9 }}\n"})
    template = find_template("email", "thank_you", user_dir=folder)
    with pytest.raises(TemplateFileError, match=r"email\.j2:9: the repeated text"):
        render_draft(template, CTX, user_dir=folder)


def test_ordinary_templates_still_work_under_the_limits(tmp_path: Path) -> None:
    body = ("Hi {{ contact.first_name }}, {{ '%-5s|'|format('ab') }}{{ [1, 2]|join(',') }} "
            "{{ 'x' ~ 1 }} {{ '{:>4}'.format('y') }} {{ 'a'.center(5) }}|"
            "{% for i in range(3) %}{{ loop.index }}{% endfor %} {{ 2 ** 10 }} "
            "{{ ('-' * 3) + '>' }} {{ 'a,b'.split(',')|join(';') }}\n")
    folder = build_tree(tmp_path, {"outreach/thank_you/email.j2": FRONT + body})
    template = find_template("email", "thank_you", user_dir=folder)
    assert render_draft(template, CTX, user_dir=folder) == (
        "Hi Dana, ab   |1,2 x1    y   a  |123 1024 ---> a;b")


def test_a_template_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/thank_you/email.j2": FRONT + "x" * MAX_TEMPLATE_BYTES})
    [problem] = template_problems(folder)
    assert f"larger than the limit of {MAX_TEMPLATE_BYTES:,} bytes" in str(problem)


def test_an_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' + (str(i - 1) if i > 1 else '')] * 9)}]\n"
        for i in range(1, 9))
    folder = build_tree(tmp_path, {"outreach/thank_you/email.j2": "---\n" + bomb + "---\nHi\n"})
    problems, peak = peak_memory(lambda: template_problems(folder))
    assert isinstance(problems, list)
    [problem] = problems
    assert f"{folder / 'outreach/thank_you/email.j2'}:3:" in str(problem)
    assert "aliases (*a) are not allowed" in str(problem)
    assert peak < MEMORY_BOUND


def test_one_broken_template_does_not_block_the_others(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/thank_you/email.j2": "---\nchannel: [email\n---\nHi\n",
        "outreach/first_contact/x_dm.j2": "---\nchannel: x_dm\n---\n{{ oops\n",
        "outreach/keep_in_touch/email.j2": FRONT.replace("thank_you", "keep_in_touch")
        + "{{ 'a' * 10**9 }}\n",
    })
    assert len(template_problems(folder)) == 2  # both front matters
    assert len(list_templates(folder)) == len(list_templates(None))
    # A built-in template in another slot still drafts.
    ok = find_template("linkedin_message", "thank_you", user_dir=folder)
    ctx = CTX.model_copy(update={"takeaway": "test first", "me": CTX.me.model_copy(
        update={"name": "Zoë", "first_name": "Zoë"})})
    assert "Dana" in render_draft(ok, ctx, user_dir=folder)
    # Each broken one reports only its own problem.
    with pytest.raises(TemplateFileError,
                       match=r"thank_you/email\.j2:3:1: the front matter: YAML syntax error"):
        find_template("email", "thank_you", user_dir=folder)
    with pytest.raises(TemplateFileError, match=r"first_contact/x_dm\.j2:1"):
        find_template("x_dm", "first_contact", user_dir=folder)
    bad = find_template("email", "keep_in_touch", user_dir=folder)
    with pytest.raises(TemplateFileError, match=r"keep_in_touch/email\.j2:7"):
        render_draft(bad, ctx, user_dir=folder)


def test_builtin_environment_keeps_looser_limits() -> None:
    assert text_environment(None).limits.output_chars > USER_LIMITS.output_chars
    assert text_environment(Path("/nonexistent")).limits == USER_LIMITS


# ------------------------------------------------------------------ property test

PIECES = st.sampled_from([
    "{{ name }}", "{{ name * 3 }}", "{{ 'ab' * 70000 }}", "{{ 10 ** 5000 }}", "{{ 2 ** 8 }}",
    "{% for i in range(400) %}", "{% for c in name %}", "{% endfor %}", "{% if name %}",
    "{% endif %}", "{{ name|center(900000) }}", "{{ name|replace('a', name * 99) }}",
    "{{ range(5)|join(name) }}", "{{ '%5s'|format(name) }}", "{{ '{:>99999999}'.format(1) }}",
    "{% macro m(x) %}{{ m(x) }}{% endmacro %}{{ m(1) }}", "{{ 1 / 0 }}", "{{ nope }}",
    "{{ name.__class__ }}", "{% set ns = namespace(s='ab') %}",
    "{% set ns.s = ns.s ~ ns.s ~ ns.s %}", "{{ ns.s|length }}", "{{ ", " }}", "{%", "%}",
    "{% set b %}", "{% endset %}{{ b }}", "{{ range(10**6) }}", "{{ [name] * 9999 }}",
    "{{ name|wordwrap(1, wrapstring=name) }}", "{{ name.ljust(10**7) }}", "text ", "\n",
])

#: Small limits keep each example quick; the checks are the same at any size.
SMALL = RenderLimits(seconds=0.3, output_chars=5_000)


@pytest.fixture(scope="module")
def small_env(tmp_path_factory: pytest.TempPathFactory) -> BoundedSandbox:
    return BoundedSandbox(SMALL, loader=FrontMatterLoader(str(tmp_path_factory.mktemp("t"))),
                          undefined=StrictUndefined)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES | st.text(max_size=10), max_size=14))
def test_any_template_renders_within_its_limits_or_is_a_template_problem(
    small_env: BoundedSandbox, pieces: list[str]
) -> None:
    source = "".join(pieces)
    folder = Path(small_env.loader.searchpath[0])  # type: ignore[union-attr]
    (folder / "t.j2").write_text(source, encoding="utf-8")
    small_env.cache.clear()  # type: ignore[union-attr]
    result, peak = peak_memory(lambda: render(small_env, "t.j2", {"name": "Dana"}))
    assert peak < MEMORY_BOUND
    if isinstance(result, TemplateFileError):
        assert str(result).startswith(str(folder / "t.j2")) or "t.j2" in str(result)
    else:
        assert isinstance(result, str), repr(result)
        assert len(result) <= SMALL.output_chars


# ------------------------------------------------------------ the command line


@pytest.fixture
def hostile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = build_tree(tmp_path / "templates", {
        "outreach/thank_you/email.j2": FRONT + "{{ 'a' * 10**9 }}\n",
        "outreach/keep_in_touch/email.j2": FRONT.replace("thank_you", "keep_in_touch")
        + "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}\n",
        "outreach/first_contact/x_dm.j2": "---\nchannel: &c [x_dm, *c]\n---\nHi\n",
    })
    monkeypatch.setenv("COFFEECHAT_TEMPLATES_DIR", str(folder))
    monkeypatch.setenv("COFFEECHAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield folder


def test_cli_templates_lists_the_good_ones_and_names_the_broken_one(hostile_dir: Path) -> None:
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "thank_you" in result.output and "linkedin_message" in result.output
    assert (f"Warning: {hostile_dir / 'outreach/first_contact/x_dm.j2'}:2:20: the front "
            "matter: YAML aliases (*c) are not allowed here") in result.output


@pytest.mark.parametrize(("channel", "purpose", "expected"), [
    ("email", "thank_you", "thank_you/email.j2:7: the repeated text would be longer"),
    ("email", "keep_in_touch", "keep_in_touch/email.j2:7: "),
    ("x_dm", "first_contact", "first_contact/x_dm.j2:2:20: the front matter: YAML aliases"),
])
def test_cli_draft_shows_the_message_and_exits_1(hostile_dir: Path, channel: str, purpose: str,
                                                 expected: str) -> None:
    result = CliRunner().invoke(main, ["draft", "--channel", channel, "--purpose", purpose])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"Error: {hostile_dir}/outreach/{expected}" in result.output
