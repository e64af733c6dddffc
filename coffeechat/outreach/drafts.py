"""Find the outreach templates and render drafts from them.

Templates live in ``prompts/outreach/<purpose>/<channel>.j2`` with YAML front
matter. A file of the same name in the learner's templates folder overrides the
built-in one; a new file there adds a template.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from coffeechat.errors import MissingDetailsError, TemplateFileError, UnknownChoiceError
from coffeechat.models import Strict
from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.context import SETTABLE, DraftContext, field_for, missing_message
from coffeechat.settings import BUILTIN_PROMPTS_DIR, user_templates_dir
from coffeechat.templating import (
    read_template_file,
    render,
    split_front_matter,
    text_environment,
)

OUTREACH = "outreach"


class TemplateMeta(Strict):
    """The front matter of an outreach template."""

    channel: Channel
    purpose: Purpose
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1, max_length=400)
    requires: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class OutreachTemplate:
    """A template file and what its front matter says about it."""

    name: str  # the Jinja name, e.g. "outreach/thank_you/email.j2"
    path: Path
    meta: TemplateMeta
    user: bool


def _read_meta(path: Path) -> TemplateMeta:
    source = read_template_file(path)
    meta, _body = split_front_matter(source, str(path))
    if not meta:
        raise TemplateFileError(
            f"{path}:1: the template has no front matter. Start it with --- lines holding "
            "channel, purpose, title, description and requires."
        )
    try:
        return TemplateMeta.model_validate(meta)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise TemplateFileError(f"{path}:1: the front matter has problems: {details}.") from None


@dataclass(frozen=True)
class BrokenTemplate:
    """A learner's template file that cannot be used, and why."""

    path: Path
    problem: TemplateFileError

    def slot(self) -> tuple[str, str] | None:
        """The (channel, purpose) its place ``outreach/<purpose>/<channel>.j2`` claims."""
        if self.path.parent.parent.name != OUTREACH:
            return None
        return self.path.stem, self.path.parent.name


@dataclass(frozen=True)
class TemplateSet:
    """The usable templates, and the broken files that were left out."""

    templates: tuple[OutreachTemplate, ...]
    broken: tuple[BrokenTemplate, ...]


def _signature(folders: list[Path]) -> tuple[tuple[str, float, int], ...]:
    out = []
    for folder in folders:
        for path in sorted((folder / OUTREACH).rglob("*.j2")):
            try:
                stat = path.stat()
            except OSError:  # a dangling link: reported when the file is read
                out.append((str(path), 0.0, -1))
                continue
            out.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(out)


def template_set(user_dir: Path | None = None) -> TemplateSet:
    """Every outreach template, the learner's overriding built-in ones, and broken files.

    A broken file never hides the others. Parsed once and reused until a file changes.
    """
    folder = user_dir if user_dir is not None else user_templates_dir()
    sources = [(BUILTIN_PROMPTS_DIR, False)]
    if folder is not None and folder.is_dir():
        sources.append((folder, True))
    return _load_templates(tuple(sources), _signature([root for root, _ in sources]))


def list_templates(user_dir: Path | None = None) -> list[OutreachTemplate]:
    """Every usable outreach template, the learner's overriding built-in ones."""
    return list(template_set(user_dir).templates)


def template_problems(user_dir: Path | None = None) -> list[TemplateFileError]:
    """What is wrong with each of the learner's template files that cannot be used."""
    return [b.problem for b in template_set(user_dir).broken]


@functools.lru_cache(maxsize=8)
def _load_templates(sources: tuple[tuple[Path, bool], ...],
                    signature: tuple[tuple[str, float, int], ...]) -> TemplateSet:
    found: dict[tuple[Channel, Purpose], OutreachTemplate] = {}
    broken: list[BrokenTemplate] = []
    for root, is_user in sources:
        base = root / OUTREACH
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.j2")):
            try:
                meta = _read_meta(path)
            except TemplateFileError as exc:
                broken.append(BrokenTemplate(path, exc))
                continue
            name = path.relative_to(root).as_posix()
            found[(meta.channel, meta.purpose)] = OutreachTemplate(name, path, meta, is_user)
    order = {p: i for i, p in enumerate(Purpose)}
    corder = {c: i for i, c in enumerate(Channel)}
    return TemplateSet(
        tuple(sorted(found.values(),
                     key=lambda t: (order[t.meta.purpose], corder[t.meta.channel]))),
        tuple(broken))


def find_template(channel: str, purpose: str, user_dir: Path | None = None) -> OutreachTemplate:
    """The template for a channel and purpose, or a clear error naming what exists.

    If the learner's own file for this channel and purpose is broken, its problem is
    raised rather than quietly using the built-in one they meant to replace.
    """
    try:
        ch, pu = Channel(channel), Purpose(purpose)
    except ValueError:
        if channel not in {c.value for c in Channel}:
            raise UnknownChoiceError("channel", channel, [c.value for c in Channel]) from None
        raise UnknownChoiceError("purpose", purpose, [p.value for p in Purpose]) from None
    found = template_set(user_dir)
    for bad in found.broken:
        if bad.slot() == (ch.value, pu.value):
            raise TemplateFileError(bad.problem.message, bad.problem.problems)
    for t in found.templates:
        if t.meta.channel == ch and t.meta.purpose == pu:
            return t
    options = sorted(t.meta.channel.value for t in found.templates if t.meta.purpose == pu)
    raise UnknownChoiceError(f"channel for {purpose}", channel, options)


def details_to_ask(template: OutreachTemplate) -> list[str]:
    """The details the learner types for this template (the rest come from records).

    An interview request always asks for the topic: stating the interest narrowly is
    one of the five points of a good first request.
    """
    return [f for f in SETTABLE if f in template.meta.requires
            or (f == "topic" and template.meta.purpose == Purpose.INTERVIEW_REQUEST)]


def missing_fields(template: OutreachTemplate, ctx: DraftContext) -> list[str]:
    """Where to fill in every required value that is empty, as field paths."""
    out: list[str] = []
    for path in template.meta.requires:
        value = ctx.value(path)
        if value is None or (isinstance(value, str) and not value.strip()):
            where = field_for(path)
            if where not in out:
                out.append(where)
    return out


_BLANK_LINES = re.compile(r"\n{3,}")


def render_draft(template: OutreachTemplate, ctx: DraftContext,
                 user_dir: Path | None = None) -> str:
    """Render a draft, or raise MissingDetailsError listing what the learner should add."""
    missing = missing_fields(template, ctx)
    if missing:
        raise MissingDetailsError(missing, [missing_message(f, ctx) for f in missing])
    folder = user_dir if user_dir is not None else user_templates_dir()
    env = text_environment(folder if template.user else None)
    text = render(env, template.name, ctx.for_template())
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))
