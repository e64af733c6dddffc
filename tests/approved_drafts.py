"""Render every built-in outreach template for every persona, as approved text.

The personas live in ``tests/data/approved_drafts/personas.yaml``; the approved
renderings sit next to them, one file per template (``<purpose>/<channel>.txt``),
each holding that template's draft for every persona. A person reads these files;
the test only says when one would change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coffeechat.errors import MissingDetailsError
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.drafts import OutreachTemplate, list_templates, render_draft

APPROVED_DIR = Path(__file__).parent / "data" / "approved_drafts"
PERSONAS_FILE = APPROVED_DIR / "personas.yaml"
#: Set this to re-approve: the test then writes the new renderings instead of comparing.
APPROVE_ENV = "COFFEECHAT_APPROVE_DRAFTS"
APPROVE_HINT = (f"Read the new drafts. If they read well, approve them with:\n"
                f"  {APPROVE_ENV}=1 .venv/bin/pytest tests/test_approved_drafts.py\n"
                "then review and commit the changed files under tests/data/approved_drafts/.")


def personas() -> dict[str, tuple[str, DraftContext]]:
    """Each persona's name, one-line description and draft context."""
    raw: dict[str, Any] = yaml.safe_load(PERSONAS_FILE.read_text(encoding="utf-8"))
    return {name: (" ".join(p["about"].split()), DraftContext.model_validate(p["context"]))
            for name, p in raw.items()}


def builtin_templates() -> list[OutreachTemplate]:
    """The built-in templates only: a learner's own folder must not change the outputs."""
    return [t for t in list_templates(Path("/nonexistent-templates-dir")) if not t.user]


def approved_path(template: OutreachTemplate) -> Path:
    """Where a template's approved drafts are kept."""
    purpose, channel = template.meta.purpose.value, template.meta.channel.value
    return APPROVED_DIR / purpose / f"{channel}.txt"


def render_for_approval(template: OutreachTemplate,
                        people: dict[str, tuple[str, DraftContext]]) -> str:
    """One file's text: the template's draft for each persona, or what it still needs."""
    parts = [f"# {template.name}: {template.meta.title}\n"]
    for name, (_about, ctx) in people.items():
        try:
            text = render_draft(template, ctx)
        except MissingDetailsError as exc:
            parts.append(f"## {name}: not drafted, the learner is asked to add\n"
                         + "".join(f"- {m}\n" for m in exc.missing))
            continue
        parts.append(f"## {name} ({len(text.split())} words, {len(text)} characters)\n"
                     f"{text}\n")
    return "\n".join(parts)
