"""Export speed: 1,000 interview sheets, and a 1,000-card PDF.

Targets: 1,000 sheets in <= 1 s; a 1,000-card PDF in <= 3 s. Same-run baseline for
the PDF: plain fpdf2 drawing 1,000 boxes of text with the same font, no fitting.

Run: .venv/bin/python benchmarks/exports.py
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fpdf import FPDF  # noqa: E402

from benchmarks._util import ms, timed  # noqa: E402
from coffeechat.banks import builtin_bank  # noqa: E402
from coffeechat.exporters.cards import Card, Deck, render_pdf  # noqa: E402
from coffeechat.exporters.sheet import build_sheet_context, render_sheet, sheets_for  # noqa: E402
from coffeechat.models import Contact, Conversation, Note, NoteKind, Profile  # noqa: E402
from coffeechat.planner import make_plan  # noqa: E402
from coffeechat.settings import FONTS_DIR  # noqa: E402
from coffeechat.store import Store  # noqa: E402

N = 1000


def main() -> None:
    bank = builtin_bank()
    rng = random.Random(3)
    roles, audiences = list(bank.roles), list(bank.audiences)
    stamp = datetime(2026, 11, 26, 10, 0)
    profile = Profile(name="Zoë", pitch_who="I taught chemistry", pitch_what="I learn Python",
                      pitch_where="Backend developer in a year")
    records = []
    for i in range(N):
        plan = make_plan(bank, rng.choice(roles), rng.choice(audiences), minutes=30, seed=i)
        contact = Contact(id=i + 1, name=f"Nguyễn Thị Minh {i}", company="Acme | Co",
                          common_ground="We both taught", created_at=stamp, updated_at=stamp)
        conv = Conversation(id=i + 1, contact_id=i + 1, plan=plan.ids, created_at=stamp,
                            updated_at=stamp, goal="Learn about on-call")
        notes = [Note(id=j, contact_id=i + 1, conversation_id=i + 1, question_id=qid,
                      kind=NoteKind.NOTE, text=f"Note *{j}* | with --- markup", created_at=stamp)
                 for j, qid in enumerate(plan.ids[:3])]
        records.append((contact, conv, notes))

    def sheets() -> None:
        for contact, conv, notes in records:
            render_sheet(build_sheet_context(bank, profile, contact, conv, notes, []))

    sheet_time = timed(sheets)[0]
    print(f"{N} sheets from loaded records        {ms(sheet_time)}   target <= 1000 ms")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.sqlite3")
        store.profile.save(profile.model_dump(exclude={"updated_at"}))
        for contact, conv, notes in records[:N]:
            cid = store.contacts.add({"name": contact.name, "company": contact.company}).id
            new = store.conversations.add({"contact_id": cid, "plan": conv.plan})
            for note in notes:
                store.notes.add({"conversation_id": new.id, "question_id": note.question_id,
                                "text": note.text})
        ids = [c.id for c in store.conversations.list()]
        db_time = timed(lambda: list(sheets_for(store, bank, ids)))[0]
        store.dispose()
    print(f"{N} sheets from the database           {ms(db_time)}")

    questions = list(bank.questions.values())
    cards = [Card(id=q.id, text=q.text, category=q.category.value, role="Backend developer",
                  minutes=q.minutes, why=q.why, follow_ups=list(q.follow_ups))
             for q in (questions * 3)[:N]]
    deck = Deck(title="Benchmark", label="Zoë Łukasiewicz", cards=cards)
    pdf_time = timed(lambda: render_pdf(deck, per_page=8))[0]
    back_time = timed(lambda: render_pdf(deck, per_page=8, back=True))[0]

    def baseline() -> None:
        pdf = FPDF(unit="mm", format="A4")
        pdf.add_font("DejaVu", "", str(FONTS_DIR / "DejaVuSans.ttf"))
        pdf.set_auto_page_break(False)
        pdf.set_font("DejaVu", size=11)
        for i, card in enumerate(cards):
            if i % 8 == 0:
                pdf.add_page()
            x, y = 8 + (i % 2) * 97, 8 + (i % 8 // 2) * 70
            pdf.rect(x, y, 97, 70)
            pdf.set_xy(x + 5, y + 20)
            pdf.multi_cell(87, 5, card.text, align="C")
        pdf.output()

    base_time = timed(baseline)[0]
    print(f"{N}-card PDF (fronts)                  {ms(pdf_time)}   target <= 3000 ms")
    print(f"{N}-card PDF (fronts and backs)        {ms(back_time)}")
    print(f"baseline: plain fpdf2, {N} text boxes  {ms(base_time)}")
    print(f"ratio cards / baseline                 {pdf_time / base_time:8.2f}x")
    if sheet_time > 1 or pdf_time > 3:
        print("TARGET MISSED")


if __name__ == "__main__":
    main()
