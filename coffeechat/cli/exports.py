"""``coffeechat export``: interview sheets, cards, calendar, spreadsheets, everything."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat import banks as banks_mod
from coffeechat.cli._base import (
    CATEGORY_CHOICE,
    CONVERSATION_ID,
    main,
    output_option,
    with_store,
)

if TYPE_CHECKING:
    from coffeechat.store import Store


@main.group("export")
def export_group() -> None:
    """Interview sheets, question cards, calendar reminders, spreadsheets, everything."""


def _write(data: bytes | str, output: Path | None, what: str) -> None:
    from coffeechat.files import write_file

    if output is None:
        if isinstance(data, bytes):
            raise click.UsageError(f"The {what} is a binary file: give -o FILE.")
        click.echo(data, nl=False)
        return
    write_file(output, data)
    click.echo(f"Wrote {what} to {output}", err=True)


@export_group.command("sheet")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID, required=True)
@output_option()
@with_store
def export_sheet(store: Store, conversation_id: int, output: Path | None) -> None:
    """Write the Markdown interview sheet for a conversation (stdout without -o)."""
    from coffeechat.exporters.sheet import sheet_for

    _write(sheet_for(store, banks_mod.current_bank(), conversation_id), output,
           "interview sheet")


@export_group.command("cards")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID,
              help="Cards for this plan.")
@click.option("--role", help="Cards for a role (with --audience).")
@click.option("--audience", help="Cards for an audience.")
@click.option("--category", "categories", multiple=True, type=CATEGORY_CHOICE,
              help="Only these categories; repeatable.")
@click.option("--minutes", type=click.IntRange(1, 240),
              help="With --role and --audience: a timed plan instead of every match.")
@click.option("--deck", type=click.Choice(["meetup"]), help="The meetup-openers deck.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--per-page", type=click.Choice(["4", "6", "8"]), default="6", show_default=True)
@click.option("--back", is_flag=True, help="Add back sides with follow-up probes (duplex).")
@click.option("--html", "as_html", is_flag=True, help="An HTML print view instead of a PDF.")
@output_option(required=True)
@with_store
def export_cards(store: Store, conversation_id: int | None, role: str | None,
                 audience: str | None, categories: tuple[str, ...], minutes: int | None,
                 deck: str | None, paper: str, per_page: str, back: bool, as_html: bool,
                 output: Path) -> None:
    """Printable question cards: for a conversation, a selection, or the meetup deck."""
    from coffeechat.exporters import cards

    bank = banks_mod.current_bank()
    chosen = sum(x is not None for x in (conversation_id, deck)) + bool(role or audience)
    if chosen != 1:
        raise click.UsageError(
            "Choose one deck: --conversation ID, --role/--audience, or --deck meetup.")
    if conversation_id is not None:
        the_deck = cards.deck_for_conversation(store, bank, conversation_id)
    elif deck == "meetup":
        the_deck = cards.meetup_deck(bank)
    else:
        the_deck = cards.deck_from_banks(bank, role=role, audience=audience,
                                         categories=categories or None, minutes=minutes)
    if as_html:
        _write(cards.render_html(the_deck, paper=paper, per_page=int(per_page), back=back),
               output, f"{len(the_deck.cards)} cards (HTML)")
    else:
        _write(cards.render_pdf(the_deck, paper=paper, per_page=int(per_page), back=back),
               output, f"{len(the_deck.cards)} cards (PDF)")


@export_group.command("ics")
@output_option(required=True)
@with_store
def export_ics(store: Store, output: Path) -> None:
    """Write follow-up reminders as an .ics file for your calendar."""
    from coffeechat.exporters.calendar import calendar_for

    _write(calendar_for(store), output, "calendar")


@export_group.command("csv")
@click.option("--table", type=click.Choice(["contacts", "conversations", "followups"]),
              required=True)
@output_option(required=True)
@with_store
def export_csv(store: Store, table: str, output: Path) -> None:
    """Write contacts, conversations or follow-ups as a spreadsheet-safe CSV."""
    from coffeechat.exporters.spreadsheets import csv_for

    _write(csv_for(store, table), output, f"{table} CSV")


@export_group.command("all")
@output_option(required=True, help_text="The .zip file to write.")
@with_store
def export_all_cmd(store: Store, output: Path) -> None:
    """Export everything as one zip: sheets, cards, CSVs, calendar and a backup."""
    from coffeechat.exporters.bundle import export_all

    _write(export_all(store, banks_mod.current_bank()), output, "everything")
