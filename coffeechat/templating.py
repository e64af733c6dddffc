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
- A learner's template is hostile input: its file size, render time and output are
  bounded (:data:`USER_LIMITS`, :mod:`coffeechat.sandbox`), and whatever goes wrong
  comes back as one :class:`TemplateFileError` naming the file and line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from coffeechat.errors import TemplateFileError
from coffeechat.safe_yaml import parse_yaml
from coffeechat.sandbox import BoundedSandbox, Budget, LimitExceeded, RenderLimits, current_budget
from coffeechat.settings import BUILTIN_PROMPTS_DIR

#: A learner's template renders within 2 seconds to at most 100,000 characters.
USER_LIMITS = RenderLimits(seconds=2.0, output_chars=100_000)
#: The built-in templates are ours, but a deck of every card is long: looser, still bounded.
BUILTIN_LIMITS = RenderLimits(seconds=30.0, output_chars=10_000_000)
#: Largest template file read.
MAX_TEMPLATE_BYTES = 100_000

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


def split_front_matter(source: str, where: str = "") -> tuple[dict[str, Any], str]:
    """Return the front matter as a dict and the body with front matter blanked out.

    The front matter is read like a question bank (no aliases, bounded depth), and a
    problem in it names ``where`` and the line in the template file.
    """
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, source
    meta, _places, problems = parse_yaml(match.group(1), where)
    if problems:
        first = problems[0]
        # The YAML starts on the file's second line, after the opening ---.
        raise TemplateFileError(str(dataclasses.replace(
            first, message=f"the front matter: {first.message}",
            line=first.line + 1 if first.line is not None else 2)))
    if not isinstance(meta, dict):
        raise TemplateFileError(
            f"{where}:2: the front matter must be a mapping of keys to values."
            if where else "The front matter must be a mapping of keys to values.")
    blank = "\n" * match.group(0).count("\n")
    return meta, blank + source[match.end():]


def read_template_file(path: Path) -> str:
    """A template's text, refusing files over :data:`MAX_TEMPLATE_BYTES` or not UTF-8."""
    try:
        if not path.is_file():
            raise TemplateFileError(f"{path}: is not a regular file. Keep only templates "
                                  "(.j2 files) in your templates folder.")
        with path.open("rb") as handle:
            raw = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateFileError(f"{path}: cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateFileError(
            f"{path}: the template is larger than the limit of {MAX_TEMPLATE_BYTES:,} bytes. "
            "A message template needs only a few hundred words.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateFileError(
            f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start}). "
            "Save the file as UTF-8.") from None


class FrontMatterLoader(FileSystemLoader):
    """A bounded file loader that hides front matter from Jinja but keeps line numbers."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Load a template's source without its front matter."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file():
                break
        else:
            raise TemplateNotFound(template)
        source = read_template_file(path)
        try:
            _meta, body = split_front_matter(source, str(path))
        except TemplateFileError as exc:
            raise TemplateSyntaxError(exc.message, 1, template, str(path)) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return body, str(path), uptodate


def _loader(user_dir: Path | None) -> BaseLoader:
    loaders: list[BaseLoader] = []
    if user_dir is not None and user_dir.is_dir():
        loaders.append(FrontMatterLoader(str(user_dir)))
    loaders.append(FrontMatterLoader(str(BUILTIN_PROMPTS_DIR)))
    return ChoiceLoader(loaders)


_FILTERS = {"md": md_escape, "md_block": md_block, "sentence": sentence, "clause": clause}


def _limits(user_dir: Path | None) -> RenderLimits:
    # Only an environment that can load the learner's files runs their code.
    return USER_LIMITS if user_dir is not None else BUILTIN_LIMITS


@functools.lru_cache(maxsize=8)
def text_environment(user_dir: Path | None = None) -> BoundedSandbox:
    """Sandboxed, strict, non-escaping: for messages, Markdown and plain text."""
    return BoundedSandbox(
        _limits(user_dir),
        filters=_FILTERS,
        loader=_loader(user_dir),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.lru_cache(maxsize=8)
def html_environment(user_dir: Path | None = None) -> BoundedSandbox:
    """Sandboxed, strict and autoescaping: for HTML."""
    return BoundedSandbox(
        _limits(user_dir),
        filters=_FILTERS,
        loader=_loader(user_dir),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_SYNTAX_HINT = ("Fix the template syntax (check that every {{ has a }} and every {% if %} "
                "has an {% endif %}).")


def render(env: BoundedSandbox, name: str, context: dict[str, Any]) -> str:
    """Render a template within its limits, or raise a TemplateFileError naming file and line.

    Whatever a template does wrong (a typo, an unsafe attribute, a loop without end,
    a gigantic text, a macro calling itself) becomes one message; nothing else escapes.
    """
    try:
        template = env.get_template(name)
    except TemplateNotFound:
        raise TemplateFileError(f"There is no template called {name!r}.") from None
    except TemplateSyntaxError as exc:
        raise TemplateFileError(
            f"{exc.filename or name}:{exc.lineno}: {exc.message}. {_SYNTAX_HINT}") from None
    except (RecursionError, MemoryError, SyntaxError) as exc:
        # Python's own compiler gives up on expressions nested thousands deep.
        raise TemplateFileError(
            f"{_filename(env, name)}: the template is nested too deeply to read "
            f"({type(exc).__name__}). Use fewer brackets inside one another.") from None
    filename = template.filename or name
    budget = Budget(env.limits)
    token = current_budget.set(budget)
    try:
        return _stream(template, context, env.limits)
    except TemplateFileError:
        raise  # an {% include %}d file that cannot be read names itself
    except LimitExceeded as exc:
        raise TemplateFileError(f"{_where(filename, exc)}: {exc.message} (hint: {exc.hint})."
                              ) from None
    except RecursionError as exc:
        raise TemplateFileError(
            f"{_where(filename, exc)}: a macro or an include calls itself without end. "
            "Give the repetition a way to stop, or write the text out.") from None
    except SecurityError as exc:
        raise TemplateFileError(
            f"{_where(filename, exc)}: the template tried something unsafe "
            f"({exc}). Templates may only use the values they are given."
        ) from None
    except UndefinedError as exc:
        raise TemplateFileError(
            f"{_where(filename, exc)}: {exc.message}. Check the spelling of "
            "the variable, or use one that this template receives."
        ) from None
    except TemplateError as exc:
        raise TemplateFileError(f"{_where(filename, exc)}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - anything a template's own code raised
        # e.g. OverflowError from range(10**9), ZeroDivisionError, TypeError from 'a' - 1.
        raise TemplateFileError(
            f"{_where(filename, exc)}: the template stopped with an error: "
            f"{type(exc).__name__}: {exc}. Check the expression on that line."
        ) from None
    finally:
        current_budget.reset(token)


def _stream(template: Template, context: dict[str, Any], limits: RenderLimits) -> str:
    """Collect the output as it is made, stopping at the size limit."""
    budget = current_budget.get()
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limits.output_chars:
            raise LimitExceeded(
                f"the message would be longer than {limits.output_chars:,} characters",
                "a message needs far less text; look for a loop that repeats too much")
        if budget is not None:
            budget.tick()
        parts.append(chunk)
    return "".join(parts)


def _filename(env: BoundedSandbox, name: str) -> str:
    """The file a template name loads from, for messages about templates that never compiled."""
    try:
        return env.loader.get_source(env, name)[1] or name if env.loader else name
    except Exception:  # noqa: BLE001 - only for the message; the name will do
        return name


def _where(filename: str, exc: BaseException) -> str:
    """``file:line`` for an error raised while rendering, from the traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{filename}:{line}" if line else filename
