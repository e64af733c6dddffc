"""The one place Jinja environments are built.

- Everything is sandboxed (users can edit templates) with ``StrictUndefined``, so a
  misspelt variable is an error rather than a silent blank.
- Plain text and Markdown use a non-escaping environment with an explicit ``md``
  filter; HTML uses an autoescaping one.
- The learner's own templates folder comes first in a loader chain, so a file there
  overrides the built-in file with the same name.
- Templates may start with YAML front matter between ``---`` lines. The loader
  blanks it out (keeping the line count), so Jinja's line numbers still match the
  file the learner is editing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from coffeechat.errors import TemplateProblem
from coffeechat.settings import BUILTIN_PROMPTS_DIR

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)

# Characters that start emphasis, code, links, HTML, tables, headings or entities
# anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|#~&])")
# Characters that only matter at the start of a line: lists, quotes, setext underlines.
_MD_LINE_START = re.compile(r"^([-+=>])|^(\d+)([.)])")


def md_escape(value: object) -> str:
    """Escape text so it shows literally in Markdown and cannot break the structure.

    Newlines are folded into spaces, so a note cannot start a heading, a list, a
    table row or a thematic break (``---``) of its own. Only characters that could
    mean something are escaped, so the raw sheet stays readable in a text editor.
    """
    if value is None:
        return ""
    text = _MD_INLINE.sub(r"\\\1", " ".join(str(value).split()))
    return _MD_LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def md_block(value: object) -> str:
    """Escape multi-line text for Markdown, keeping line breaks as hard breaks."""
    if value is None:
        return ""
    lines = [md_escape(line) for line in str(value).splitlines() if line.strip()]
    return "  \n".join(lines)


def sentence(value: object) -> str:
    """Text as one sentence: first letter capitalised, ending with punctuation."""
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    if text[-1] not in ".!?…":
        text += "."
    return text[:1].upper() + text[1:]


def clause(value: object) -> str:
    """Text to sit inside a sentence: no trailing full stop."""
    return " ".join(str(value or "").split()).rstrip(".")


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """Return the front matter as a dict and the body with front matter blanked out."""
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, source
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"The front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise TemplateProblem("The front matter must be a mapping of keys to values.")
    blank = "\n" * match.group(0).count("\n")
    return meta, blank + source[match.end():]


class FrontMatterLoader(FileSystemLoader):
    """A file loader that hides front matter from Jinja but keeps line numbers."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Load a template's source without its front matter."""
        source, filename, uptodate = super().get_source(environment, template)
        try:
            _meta, body = split_front_matter(source)
        except TemplateProblem as exc:
            raise TemplateSyntaxError(exc.message, 1, template, filename) from None
        return body, filename, uptodate


def _loader(user_dir: Path | None) -> BaseLoader:
    loaders: list[BaseLoader] = []
    if user_dir is not None and user_dir.is_dir():
        loaders.append(FrontMatterLoader(str(user_dir)))
    loaders.append(FrontMatterLoader(str(BUILTIN_PROMPTS_DIR)))
    return ChoiceLoader(loaders)


def _common(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters["md"] = md_escape
    env.filters["md_block"] = md_block
    env.filters["sentence"] = sentence
    env.filters["clause"] = clause
    return env


@functools.lru_cache(maxsize=8)
def text_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """Sandboxed, strict, non-escaping: for messages, Markdown and plain text."""
    env = SandboxedEnvironment(
        loader=_loader(user_dir),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return _common(env)


@functools.lru_cache(maxsize=8)
def html_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """Sandboxed, strict and autoescaping: for HTML."""
    env = SandboxedEnvironment(
        loader=_loader(user_dir),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return _common(env)


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render a template, turning every Jinja failure into a TemplateProblem with a place."""
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise TemplateProblem(f"There is no template called {name!r}.") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"{exc.filename or name}:{exc.lineno}: {exc.message}. Fix the template syntax "
            "(check that every {{ has a }} and every {% if %} has an {% endif %})."
        ) from None
    try:
        return template.render(context)
    except SecurityError as exc:
        raise TemplateProblem(
            f"{_where(template.filename or name, exc)}: the template tried something unsafe "
            f"({exc}). Templates may only use the values they are given."
        ) from None
    except UndefinedError as exc:
        raise TemplateProblem(
            f"{_where(template.filename or name, exc)}: {exc.message}. Check the spelling of "
            "the variable, or use one that this template receives."
        ) from None
    except TemplateError as exc:
        raise TemplateProblem(f"{_where(template.filename or name, exc)}: {exc}") from None


def _where(filename: str, exc: BaseException) -> str:
    """``file:line`` for an error raised while rendering, from the traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{filename}:{line}" if line else filename
