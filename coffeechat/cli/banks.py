"""``coffeechat banks``, ``roles`` and ``plan``: the question banks and a plan from them."""

from __future__ import annotations

from pathlib import Path

import click

from coffeechat import banks as banks_mod
from coffeechat.cli._base import CATEGORY_CHOICE, echo_json, json_option, main
from coffeechat.errors import CoffeeChatError
from coffeechat.models import Category, a_or_an


@main.group()
def banks() -> None:
    """Check and count the question banks."""


@banks.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def banks_check(paths: tuple[Path, ...]) -> None:
    """Validate the built-in banks plus the given files or folders.

    Every problem is printed as PATH:LINE:COLUMN: FIELD: MESSAGE (hint: ...).
    Exits 0 when everything is valid and 1 otherwise.
    """
    try:
        bank = banks_mod.load_bank(list(paths))
    except CoffeeChatError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        click.echo(exc.message, err=True)
        raise SystemExit(1) from None
    stats = bank.stats()
    click.echo(
        f"All good: {stats['questions']} questions and {stats['meetup_openers']} meetup "
        f"openers in {len(bank.files)} files, {stats['roles']} roles, "
        f"{stats['audiences']} audiences."
    )


@banks.command("stats")
@json_option("Print a JSON object.")
def banks_stats(as_json: bool) -> None:
    """Count questions by category, role and audience."""
    stats = banks_mod.current_bank().stats()
    if as_json:
        echo_json(stats)
        return
    click.echo(f"{stats['questions']} questions, {stats['meetup_openers']} meetup openers")
    for title, key in (("By category", "by_category"), ("By role", "by_role"),
                       ("By audience", "by_audience")):
        click.echo(f"\n{title}:")
        for name, count in stats[key].items():
            click.echo(f"  {name:<16} {count:>4}")


@main.command("roles")
@json_option("Print a JSON list.")
def roles(as_json: bool) -> None:
    """List the target roles you can prepare for."""
    bank = banks_mod.current_bank()
    if as_json:
        echo_json([r.model_dump() for r in bank.catalog.roles])
        return
    for r in bank.catalog.roles:
        click.echo(f"{r.id:<16} {r.title}: {r.summary}")



@main.command("plan")
@click.option("--role", required=True, help="Target role id (see `coffeechat roles`).")
@click.option("--audience", required=True, help="Who you will talk to (an audience id).")
@click.option("--minutes", default=20, show_default=True, type=click.IntRange(1, 240),
              help="Time budget for the chat.")
@click.option("--focus", multiple=True, type=CATEGORY_CHOICE,
              help="Lean towards this category; repeat for more.")
@click.option("--exclude", multiple=True, metavar="ID",
              help="Never include this question (already asked); repeatable.")
@click.option("--include", multiple=True, metavar="ID",
              help="Always include this question; repeatable.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Change it for a different, still reproducible, selection.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
def plan(role: str, audience: str, minutes: int, focus: tuple[str, ...],
         exclude: tuple[str, ...], include: tuple[str, ...], seed: int, fmt: str) -> None:
    """Propose questions for one chat that fit the time you have."""
    from coffeechat.planner import make_plan

    bank = banks_mod.current_bank()
    result = make_plan(bank, role, audience, minutes=minutes, focus=focus, exclude=exclude,
                       include=include, seed=seed)
    if fmt == "json":
        echo_json({
            "role": result.role,
            "audience": result.audience,
            "total_minutes": result.total_minutes,
            "budget_minutes": result.budget_minutes,
            "seed": result.seed,
            "items": [
                {"id": i.id, "text": i.text, "category": i.category.value,
                 "theme": i.theme.value if i.theme else None,
                 "minutes": i.minutes, "reason": i.reason}
                for i in result.items
            ],
        })
        return
    role_title = bank.roles[role].title
    audience_title = bank.audiences[audience].title
    click.echo(f"# Plan: {role_title}, talking to {a_or_an(audience_title.lower())}\n")
    click.echo(f"{result.total_minutes} of {result.budget_minutes} minutes planned.\n")
    current: Category | None = None
    for item in result.items:
        if item.category != current:
            current = item.category
            click.echo(f"\n## {current.label}\n")
        click.echo(f"- [ ] {item.text} ({item.minutes} min)")
        click.echo(f"  - {item.reason}")
