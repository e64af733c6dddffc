"""Messages: ``templates``, ``draft``, ``coach`` and ``pitch``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli._base import (
    CONTACT_ID,
    CONVERSATION_ID,
    echo_json,
    json_option,
    main,
    with_store,
)
from coffeechat.outreach.channels import Channel, Purpose

if TYPE_CHECKING:
    from coffeechat.outreach.coach import CoachReport
    from coffeechat.store import Store

#: The coach reviews messages; a file far larger than any message is a mistake.
COACH_LIMIT_BYTES = 1_000_000


CHANNEL_CHOICE = click.Choice([c.value for c in Channel])
PURPOSE_CHOICE = click.Choice([p.value for p in Purpose])


def _parse_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--set")
        out[key.strip()] = value
    return out


def _print_report(report: CoachReport) -> None:
    limit = f" of {report.limit}" if report.limit else ""
    click.echo(f"Score {report.score}/100 · {report.words} words · "
               f"{report.characters}{limit} characters")
    if not report.findings:
        click.echo("Looks good: nothing to fix.")
    for f in report.findings:
        click.echo(f"  [{f.severity}] {f.rule}: {f.message}")
        click.echo(f"      Try: {f.suggestion}")


@main.command("templates")
@json_option()
def templates(as_json: bool) -> None:
    """List the message templates: channel, purpose, title and the details each needs."""
    from coffeechat.outreach.drafts import list_templates, template_problems

    found = list_templates()
    for problem in template_problems():  # the others still work, so list them anyway
        click.echo(f"Warning: {problem}", err=True)
    if as_json:
        echo_json([{"channel": t.meta.channel.value, "purpose": t.meta.purpose.value,
                    "title": t.meta.title, "description": t.meta.description,
                    "requires": t.meta.requires, "user": t.user} for t in found])
        return
    for t in found:
        needs = ", ".join(t.meta.requires) or "nothing"
        click.echo(f"{t.meta.purpose.value:<20} {t.meta.channel.value:<20} {t.meta.title}"
                   f"  (needs: {needs})")


@main.command("draft")
@click.option("--channel", required=True, type=CHANNEL_CHOICE)
@click.option("--purpose", required=True, type=PURPOSE_CHOICE)
@click.option("--contact", "contact_id", type=CONTACT_ID, help="Contact id to write to.")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID,
              help="Conversation id (adds its notes and time budget).")
@click.option("--set", "pairs", multiple=True, metavar="KEY=VALUE",
              help="Fill in a detail, e.g. --set topic='how you moved into QA'.")
@json_option()
@with_store
def draft(store: Store, channel: str, purpose: str, contact_id: int | None,
          conversation_id: int | None, pairs: tuple[str, ...], as_json: bool) -> None:
    """Write a draft message from a template, with the coach's findings."""
    from coffeechat.outreach.service import draft_for

    result = draft_for(store, channel, purpose, contact_id=contact_id,
                       conversation_id=conversation_id, extra=_parse_pairs(pairs))
    if as_json:
        echo_json({"text": result.text, **result.report.as_dict()})
        return
    click.echo(result.text)
    click.echo("")
    _print_report(result.report)


def _read_message(file: Any) -> str:
    """The message text: UTF-8 (a BOM is fine), and no larger than any real message."""
    raw = file.read(COACH_LIMIT_BYTES + 1)
    given = str(getattr(file, "name", "-"))
    name = "standard input" if given in ("-", "<stdin>") else given
    if len(raw) > COACH_LIMIT_BYTES:
        raise click.BadParameter(
            f"{name} is over {COACH_LIMIT_BYTES // 1_000_000} MB; the coach reviews one "
            "message at a time.", param_hint="FILE")
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"{name} is not UTF-8 text (byte {raw[exc.start]:#04x} at position "
            f"{exc.start}). Save it as UTF-8 (\"Unicode\" in most editors) and try again.",
            param_hint="FILE") from None


@main.command("coach")
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--channel", required=True, type=CHANNEL_CHOICE)
@click.option("--purpose", required=True, type=PURPOSE_CHOICE)
@click.option("--name", "first_name", help="The recipient's first name, for the greeting check.")
@json_option()
def coach_cmd(file: Any, channel: str, purpose: str, first_name: str | None,
              as_json: bool) -> None:
    """Review any message text (a file, or - for standard input). Always exits 0."""
    from coffeechat.outreach.coach import coach
    from coffeechat.outreach.context import DraftContext

    ctx = DraftContext.model_validate({"contact": {"first_name": first_name}})
    report = coach(_read_message(file), channel, purpose, ctx)
    if as_json:
        echo_json(report.as_dict())
    else:
        _print_report(report)


@main.command("pitch")
@json_option()
@with_store
def pitch(store: Store, as_json: bool) -> None:
    """Show your 30-second pitch with its word count and speaking time."""
    from coffeechat.pitch import build_pitch

    result = build_pitch(store.profile.get())
    if as_json:
        echo_json({"text": result.text, "words": result.words,
                   "seconds": [result.seconds_low, result.seconds_high],
                   "hints": result.hints})
        return
    if result.text:
        click.echo(result.text)
        click.echo(f"\n{result.words} words, {result.timing} to say.")
    for hint in result.hints:
        click.echo(f"- {hint}")
