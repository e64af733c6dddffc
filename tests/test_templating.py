"""The sandbox holds, user templates override built-ins, and errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.errors import MissingDetailsError, TemplateFileError
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.drafts import (
    find_template,
    list_templates,
    render_draft,
    template_problems,
)
from coffeechat.templating import md_escape, render, text_environment
from tests.conftest import build_tree

FRONT = """---
channel: linkedin_message
purpose: first_contact
title: Mine
description: My own.
requires: [contact.first_name]
---
"""

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ contact.__class__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ contact.first_name.format.__globals__ }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
]

CTX = DraftContext.model_validate({"contact": {"first_name": "Dana", "name": "Dana Park"}})


@pytest.mark.parametrize("attack", ESCAPES)
def test_sandbox_escape_attempts_are_refused_with_file_and_line(tmp_path: Path,
                                                                 attack: str) -> None:
    folder = build_tree(tmp_path, {
        "outreach/first_contact/linkedin_message.j2": FRONT + "Hi {{ contact.first_name }},\n"
        + attack + "\n",
    })
    template = find_template("linkedin_message", "first_contact", user_dir=folder)
    assert template.user
    with pytest.raises(TemplateFileError) as exc:
        render_draft(template, CTX, user_dir=folder)
    message = str(exc.value)
    assert "linkedin_message.j2:9" in message, message
    assert "uid=" not in message


def test_syntax_errors_name_the_file_and_line(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/first_contact/linkedin_message.j2": FRONT + "Hi {{ contact.first_name }}\n"
        "{% if contact.company %}\nno end\n",
    })
    template = find_template("linkedin_message", "first_contact", user_dir=folder)
    with pytest.raises(TemplateFileError) as exc:
        render_draft(template, CTX, user_dir=folder)
    assert "linkedin_message.j2:" in str(exc.value)
    assert "endif" in str(exc.value)


def test_misspelt_variable_is_a_clear_error(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/first_contact/linkedin_message.j2": FRONT + "Hi {{ contact.frist_name }}\n",
    })
    template = find_template("linkedin_message", "first_contact", user_dir=folder)
    with pytest.raises(TemplateFileError, match="linkedin_message.j2:8"):
        render_draft(template, CTX, user_dir=folder)


def test_broken_front_matter_is_reported_and_blocks_only_its_own_slot(tmp_path: Path) -> None:
    folder = build_tree(tmp_path, {
        "outreach/first_contact/x_dm.j2": "---\nchannel: [x_dm\n---\nHi\n",
    })
    # The built-in x_dm template is still listed, so the slot stays selectable ...
    assert len(list_templates(folder)) == len(list_templates(None))
    [problem] = template_problems(folder)
    assert "x_dm.j2:" in str(problem) and "front matter" in str(problem)
    # ... but drafting in it reports the learner's broken file, not the built-in text.
    with pytest.raises(TemplateFileError, match="x_dm.j2:"):
        find_template("x_dm", "first_contact", user_dir=folder)
    folder2 = build_tree(tmp_path / "b", {
        "outreach/first_contact/x_dm.j2": "---\nchannel: fax\npurpose: first_contact\n"
        "title: t\ndescription: d\n---\nHi\n",
    })
    [problem] = template_problems(folder2)
    assert "x_dm.j2:1" in str(problem) and "channel" in str(problem)


def test_user_template_overrides_the_builtin_one(tmp_path: Path) -> None:
    builtin = find_template("email", "interview_request")
    folder = build_tree(tmp_path, {
        builtin.name: builtin.path.read_text(encoding="utf-8").replace(
            "Hi {{ contact.first_name }},", "Hello {{ contact.first_name }}!"),
    })
    mine = find_template("email", "interview_request", user_dir=folder)
    assert mine.user
    ctx = CTX.model_copy(update={"common_ground": "We both teach", "topic": "how you started",
                                 "me": CTX.me.model_copy(update={"name": "Zoë"})})
    assert "Hello Dana!" in render_draft(mine, ctx, user_dir=folder)
    assert len(list_templates(folder)) == len(list_templates(None))


def test_missing_details_are_listed_in_plain_words() -> None:
    template = find_template("email", "interview_request")
    with pytest.raises(MissingDetailsError) as exc:
        render_draft(template, CTX)
    assert "Add what you have in common with Dana to draft this." in exc.value.missing
    assert "Add your name to your profile so you can sign the message." in exc.value.missing


def test_markdown_escape_neutralises_structure() -> None:
    env = text_environment(None)
    out = env.from_string("# {{ name | md }}\n- {{ note | md }}").render(
        name="*Bob* [x](y) # hi", note="a\n---\n| b |")
    assert out == "# \\*Bob\\* \\[x\\](y) \\# hi\n- a --- \\| b \\|"
    assert md_escape("- starts a list") == "\\- starts a list"
    assert md_escape("1. numbered") == "1\\. numbered"
    assert md_escape("> quoted & <b>bold</b>") == "\\> quoted \\& \\<b\\>bold\\</b\\>"
    assert md_escape("Plain text, with commas. And (brackets)!") == (
        "Plain text, with commas. And (brackets)!")
    assert md_escape(None) == ""


def test_unknown_template_name() -> None:
    with pytest.raises(TemplateFileError, match="no template"):
        render(text_environment(None), "nope.j2", {})
