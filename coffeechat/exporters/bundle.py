"""Export everything: one zip with sheets, cards, spreadsheets, calendar and a backup.

The learner's network is theirs; this is the one-click way to take all of it away.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime

from coffeechat.banks import Bank
from coffeechat.clock import now
from coffeechat.exporters.calendar import calendar_for
from coffeechat.exporters.cards import deck_for_conversation, render_pdf
from coffeechat.exporters.sheet import sheets_for
from coffeechat.exporters.spreadsheets import TABLES, csv_for
from coffeechat.models import slugify
from coffeechat.store import Store
from coffeechat.store.backup import backup_document

README = """Coffee Chat export, made {when}.

sheets/     one Markdown interview sheet per conversation
cards/      printable question cards (PDF) for every planned conversation
csv/        contacts, conversations and follow-ups, for any spreadsheet
calendar/   follow-up reminders: import coffeechat.ics into your calendar
backup/     everything, as one JSON file. Restore it on the Export page of a fresh
            Coffee Chat, or with `coffeechat restore backup/coffeechat-backup.json`
"""
NO_CARDS = """
No cards for {stems}: every question planned for {them} has left your question banks
since. Each sheet lists the missing question ids; plan those chats again for new cards.
"""


def export_all(store: Store, bank: Bank, *, paper: str = "a4", per_page: int = 6,
               progress: Callable[[float, str], None] | None = None) -> bytes:
    """Build the whole export as zip bytes."""
    buffer = io.BytesIO()
    conversations = store.conversations.list()
    names = store.contacts.names([c.contact_id for c in conversations])
    steps = len(conversations) * 2 + len(TABLES) + 2
    done = 0

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(1.0, done / steps), label)

    stamp: datetime = now()
    without_cards: list[str] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        ordered = sorted(conversations, key=lambda c: c.id)
        sheets = dict(sheets_for(store, bank, [c.id for c in ordered]))
        for conv in ordered:
            stem = f"{conv.id:04d}-{slugify(names.get(conv.contact_id, 'contact'))}"
            zf.writestr(f"sheets/{stem}.md", sheets[conv.id])
            tick("sheets")
            # A plan whose questions all left the banks has no cards, but its sheet
            # (which names the missing ids) and everything else still go in the zip.
            if any(bank.question(qid) is not None for qid in conv.plan):
                deck = deck_for_conversation(store, bank, conv.id)
                zf.writestr(f"cards/{stem}.pdf", render_pdf(deck, paper=paper,
                                                            per_page=per_page))
            elif conv.plan:
                without_cards.append(stem)
            tick("cards")
        for table in TABLES:
            zf.writestr(f"csv/{table}.csv", csv_for(store, table))
            tick("spreadsheets")
        zf.writestr("calendar/coffeechat.ics", calendar_for(store))
        tick("calendar")
        zf.writestr("backup/coffeechat-backup.json",
                    json.dumps(backup_document(store), ensure_ascii=False, indent=1))
        tick("backup")
        readme = README.format(when=stamp.strftime("%d %B %Y, %H:%M"))
        if without_cards:
            readme += NO_CARDS.format(
                stems=", ".join(without_cards),
                them="that chat" if len(without_cards) == 1 else "those chats")
        zf.writestr("README.txt", readme)
    return buffer.getvalue()
