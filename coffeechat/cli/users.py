"""The accounts of a hosted Coffee Chat: ``users list``, ``users export``, ``users delete``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat.cli._base import (
    _clip,
    echo_json,
    json_option,
    main,
    output_option,
    with_directory,
)

if TYPE_CHECKING:
    from coffeechat.store import Store


@main.group()
def users() -> None:
    """See, export and erase the accounts of a hosted Coffee Chat."""


@users.command("list")
@json_option(help_text="Print a JSON list.")
@with_directory
def users_list(store: Store, as_json: bool) -> None:
    """Every account with its record counts and last sign-in."""
    summaries = store.accounts.summaries()
    if as_json:
        echo_json([{
            "id": s.account.id, "email": s.account.email, "issuer": s.account.issuer,
            "created_at": s.account.created_at, "last_sign_in_at": s.account.last_sign_in_at,
            "counts": s.counts,
        } for s in summaries])
        return
    click.echo(f"{'id':>6}  {'account':<32} {'contacts':>8} {'chats':>6} {'notes':>6} "
               f"{'follow-ups':>10}  last sign-in")
    for s in summaries:
        last = (s.account.last_sign_in_at.isoformat(sep=" ", timespec="minutes")
                if s.account.last_sign_in_at else "never")
        click.echo(f"{s.account.id:>6}  {_clip(s.account.label, 32):<32} "
                   f"{s.counts['contacts']:>8} {s.counts['conversations']:>6} "
                   f"{s.counts['notes']:>6} {s.counts['followups']:>10}  {last}")


@users.command("export")
@click.argument("email")
@output_option(required=True)
@with_directory
def users_export(store: Store, email: str, output: Path) -> None:
    """Write one account's records to a backup file (the `coffeechat backup` format)."""
    from coffeechat.store.backup import write_backup

    account = store.accounts.by_email(email)
    counts = write_backup(store.for_account(account.id), output)
    click.echo(f"Exported {sum(counts.values())} records of account {account.id} to {output}.")


@users.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_directory
def users_delete(store: Store, email: str, yes: bool) -> None:
    """Erase an account and every record it holds, all or nothing."""
    account = store.accounts.by_email(email)
    if not yes:
        click.confirm(f"Erase account {account.id} ({account.label}) and all its records? "
                      "This cannot be undone.", abort=True)
    erased = store.accounts.delete(account.id)
    kept = " (the local account itself stays, empty)" if account.is_local else ""
    click.echo(f"Erased account {account.id}: {sum(erased.values())} records{kept}.")
