"""The people in the store: ``contacts``, ``due``, ``import``, ``backup`` and ``restore``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli._base import (
    CONTACT_ID,
    OutputFile,
    contact_options,
    echo_json,
    json_option,
    main,
    with_store,
)
from coffeechat.fields import typed_contact_values

if TYPE_CHECKING:
    from coffeechat.store import Store


@main.group()
def contacts() -> None:
    """List, add and archive the people in your network."""


@contacts.command("list")
@click.option("--search", help="Match name, company, title or common ground.")
@click.option("--tier", type=click.Choice(["close", "regular", "acquaintance"]))
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--archived", is_flag=True, help="Show archived contacts instead.")
@json_option("Print a JSON list.")
@with_store
def contacts_list(store: Store, search: str | None, tier: str | None, tag: str | None,
                  archived: bool, as_json: bool) -> None:
    """List contacts, by name."""
    people = store.contacts.list(search=search, tier=tier, tag=tag, archived=archived)
    if as_json:
        echo_json([p.model_dump(mode="json") for p in people])
        return
    if not people:
        click.echo("No contacts yet. Add one with `coffeechat contacts add --name ...`.")
        return
    for p in people:
        where = " at ".join(x for x in (p.title, p.company) if x)
        click.echo(f"{p.id:>5}  {p.name}" + (f" ({where})" if where else ""))


@contacts.command("add")
@contact_options
@json_option()
@with_store
def contacts_add(store: Store, as_json: bool, **fields: Any) -> None:
    """Add a contact."""
    contact = store.contacts.add(typed_contact_values(fields))
    if as_json:
        echo_json(contact.model_dump(mode="json"))
    else:
        click.echo(f"Added {contact.name} (id {contact.id}).")


@contacts.command("archive")
@click.argument("contact_id", type=CONTACT_ID)
@click.option("--undo", is_flag=True, help="Restore an archived contact.")
@with_store
def contacts_archive(store: Store, contact_id: int, undo: bool) -> None:
    """Archive a contact (nothing is deleted), or restore it with --undo."""
    contact = store.contacts.archive(contact_id, archived=not undo)
    click.echo(f"{'Restored' if undo else 'Archived'} {contact.name}.")


@contacts.command("delete")
@click.argument("contact_id", type=CONTACT_ID)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_store
def contacts_delete(store: Store, contact_id: int, yes: bool) -> None:
    """Delete a contact for good, with their conversations, notes and follow-ups."""
    contact = store.contacts.get(contact_id)
    if not yes and not click.confirm(
            f"Delete {contact.name} and everything about them for good?"):
        click.echo("Nothing was deleted.")
        return
    store.contacts.delete_permanently(contact_id)
    click.echo(f"Deleted {contact.name}.")


@main.command("due")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365),
              help="Also show what is due in the next N days.")
@json_option()
@with_store
def due(store: Store, days: int, as_json: bool) -> None:
    """List follow-ups that are overdue, due today, or coming up."""
    agenda = store.followups.agenda(days_ahead=days)
    if as_json:
        echo_json({
            section: [
                {**v.followup.model_dump(mode="json"), "contact_name": v.contact_name}
                for v in getattr(agenda, section)
            ]
            for section in ("overdue", "today", "week")
        })
        return
    if not (agenda.overdue or agenda.today or agenda.week):
        click.echo("Nothing due. Enjoy the quiet, or reach out to someone new.")
        return
    for title, items in (("Overdue", agenda.overdue), ("Today", agenda.today),
                         (f"Next {days} days", agenda.week)):
        if items:
            click.echo(f"{title}:")
            for v in items:
                f = v.followup
                click.echo(f"  #{f.id} {f.due_on.isoformat()}  {v.contact_name}: {f.text}")


@main.group("import")
def import_group() -> None:
    """Bring contacts in from elsewhere."""


@import_group.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@json_option("Print the per-row report as JSON.")
@with_store
def import_linkedin(store: Store, file: Path, dry_run: bool, as_json: bool) -> None:
    """Import LinkedIn's Connections.csv export."""
    from coffeechat.importers.linkedin import import_file

    # The JSON is for programs: no progress there, not even on stderr.
    progress = None if as_json else _progress_line(dry_run)
    report = import_file(store, file, dry_run=dry_run, progress=progress)
    if as_json:
        echo_json(report.as_dict())
        return
    for line in report.text_lines(more=" (add --json to see every row)"):
        click.echo(line)
    if (message := report.nothing_to_import()) is not None:
        click.echo(message)


def _progress_line(dry_run: bool) -> Callable[[int, int], None]:
    """An import's progress on stderr, once it has taken a second.

    On a terminal one line counts up in place; elsewhere (a log file) a line every few
    seconds.
    """
    from coffeechat.importers.progress import Progress, progress_label

    live = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        label = progress_label(done, total, dry_run=dry_run)
        if live:
            click.echo(f"\r{label}", err=True, nl=done >= total)
        else:
            click.echo(label, err=True)

    return Progress(show, every=0.1 if live else 5.0)


@main.command("backup")
@click.argument("file", type=OutputFile())
@with_store
def backup(store: Store, file: Path) -> None:
    """Write every table to one versioned JSON file."""
    from coffeechat.store.backup import write_backup

    counts = write_backup(store, file)
    click.echo(f"Backed up {sum(counts.values())} records to {file}: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()))


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_store
def restore(store: Store, file: Path) -> None:
    """Load a backup into an empty account (refuses otherwise; changes nothing on error).

    With --user EMAIL it goes into that account (say, a learner's backup from their
    laptop, restored into their hosted account); without it, into the local account.
    """
    from coffeechat.store.backup import restore_file

    counts = restore_file(store, file)
    click.echo(f"Restored {sum(counts.values())} records: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()))
