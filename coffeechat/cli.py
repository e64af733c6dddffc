"""The ``coffeechat`` command line: a thin face over the same functions the pages call.

Domain errors become a short message on stderr and an exit code: 1 for problems in
the user's data, 2 for a bad argument (an unknown role, say). No traceback is shown
for anything a user can cause.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coffeechat import banks as banks_mod
from coffeechat.errors import CoffeeChatError, UnknownChoiceError
from coffeechat.models import Category

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn domain errors into a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UnknownChoiceError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except CoffeeChatError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def echo_json(value: Any) -> None:
    """Print JSON the same way everywhere: indented, UTF-8, keys in order."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coffeechat")
def main() -> None:
    """Coffee Chat: prepare informational interviews and keep in touch afterwards."""


# ----------------------------------------------------------------------- banks


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
        sys.exit(1)
    stats = bank.stats()
    click.echo(
        f"All good: {stats['questions']} questions and {stats['meetup_openers']} meetup "
        f"openers in {len(bank.files)} files, {stats['roles']} roles, "
        f"{stats['audiences']} audiences."
    )


@banks.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@handle_errors
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
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@handle_errors
def roles(as_json: bool) -> None:
    """List the target roles you can prepare for."""
    bank = banks_mod.current_bank()
    if as_json:
        echo_json([r.model_dump() for r in bank.catalog.roles])
        return
    for r in bank.catalog.roles:
        click.echo(f"{r.id:<16} {r.title}: {r.summary}")


CATEGORY_CHOICE = click.Choice([c.value for c in Category])


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
@handle_errors
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
                 "minutes": i.minutes, "reason": i.reason}
                for i in result.items
            ],
        })
        return
    role_title = bank.roles[role].title
    audience_title = bank.audiences[audience].title
    click.echo(f"# Plan: {role_title}, talking to a {audience_title.lower()}\n")
    click.echo(f"{result.total_minutes} of {result.budget_minutes} minutes planned.\n")
    current: Category | None = None
    for item in result.items:
        if item.category != current:
            current = item.category
            click.echo(f"\n## {current.label}\n")
        click.echo(f"- [ ] {item.text} ({item.minutes} min)")
        click.echo(f"  - {item.reason}")


if __name__ == "__main__":  # pragma: no cover
    main()
