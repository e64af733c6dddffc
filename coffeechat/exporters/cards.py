"""Printable question cards: one question per card, to print, cut and hold.

Three kinds of deck: the plan for one conversation, any filtered selection from
the banks, and the meetup openers. Each can be a PDF (fpdf2, with a bundled
DejaVu Sans so every name and dash renders) or an HTML print view.

The question always fits its card: the text is wrapped at the largest size that
fits, shrinking step by step to a floor; only a pathological text goes below the
floor, and nothing is ever clipped.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from pydantic import BaseModel, ConfigDict, Field

from coffeechat.banks import Bank
from coffeechat.errors import ExportError
from coffeechat.models import Category, Question
from coffeechat.planner import make_plan
from coffeechat.settings import FONTS_DIR
from coffeechat.store import Store
from coffeechat.templating import html_environment, render

PAPER_MM: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
GRID: dict[int, tuple[int, int]] = {4: (2, 2), 6: (2, 3), 8: (2, 4)}  # columns, rows
MAX_PT: dict[int, float] = {4: 22.0, 6: 17.0, 8: 14.0}
FLOOR_PT = 9.0
ABSOLUTE_MIN_PT = 4.0
STEP_PT = 0.5
MARGIN_MM = 8.0
PAD_MM = 5.5
PT_TO_MM = 25.4 / 72
LINE_HEIGHT = 1.28
FONT = "DejaVu"
BULLET = "• "
HANG_MM = 3.0

CATEGORY_COLOURS: dict[str, tuple[int, int, int]] = {
    "opening": (46, 125, 50),
    "trends": (21, 101, 192),
    "insights": (106, 27, 154),
    "advice": (198, 40, 40),
    "resources": (0, 121, 107),
    "assignments": (230, 81, 0),
    "closing": (69, 90, 100),
}


class Card(BaseModel):
    """One card: a question and its small print."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str
    category: str
    role: str
    minutes: int | None = None
    why: str = ""
    follow_ups: list[str] = Field(default_factory=list)


class Deck(BaseModel):
    """A titled list of cards."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    label: str  # printed small at the top of every card
    cards: list[Card]


# -------------------------------------------------------------------- decks


def _card(q: Question, role_label: str) -> Card:
    return Card(id=q.id, text=q.text, category=q.category.value, role=role_label,
                minutes=q.minutes, why=q.why, follow_ups=list(q.follow_ups))


def deck_for_conversation(store: Store, bank: Bank, conversation_id: int) -> Deck:
    """The plan of one conversation, in order."""
    conversation = store.conversations.get(conversation_id)
    contact = store.contacts.get(conversation.contact_id)
    role = bank.roles.get(conversation.role or store.profile.get().target_role or "")
    role_label = role.title if role else "Any role"
    cards = []
    for qid in conversation.plan:
        q = bank.question(qid)
        if q is not None:
            cards.append(_card(q, role_label))
    if not cards and conversation.plan:
        shown = ", ".join(conversation.plan[:5]) + (", …" if len(conversation.plan) > 5 else "")
        raise ExportError(
            f"None of the questions planned for the chat with {contact.name} are in your "
            f"banks any more ({shown}). Plan the chat again on the Question plan page; "
            "its interview sheet still lists the missing ids."
        )
    if not cards:
        raise ExportError(
            f"The conversation with {contact.name} has no planned questions yet. "
            "Build a plan first (Question plan page, or `coffeechat plan`)."
        )
    return Deck(title=f"Coffee chat with {contact.name}", label=contact.name, cards=cards)


def bank_selection(bank: Bank, *, role: str | None, audience: str | None,
                   categories: Iterable[Category | str] | None) -> list[Question]:
    """The questions a bank deck holds: with no audience ("anyone"), only general ones."""
    cats = [Category(c) for c in categories] if categories else None
    questions = bank.select(role=role, audience=audience, categories=cats)
    if audience is None:
        # Leave out questions meant only for one kind of person.
        questions = [q for q in questions if q.audiences == "all"]
    return questions


def deck_from_banks(
    bank: Bank,
    *,
    role: str | None = None,
    audience: str | None = None,
    categories: Iterable[Category | str] | None = None,
    minutes: int | None = None,
    seed: int = 0,
) -> Deck:
    """Questions filtered by role, audience and category; a timed plan with ``minutes``."""
    role_obj = bank.role(role) if role else None
    audience_obj = bank.audience(audience) if audience else None
    role_label = role_obj.title if role_obj else "Any role"
    cats = [Category(c) for c in categories] if categories else None
    if minutes is not None:
        if not (role and audience):
            raise ExportError("A timed plan needs both --role and --audience.")
        plan = make_plan(bank, role, audience, minutes=minutes, focus=cats or (), seed=seed)
        questions = [q for i in plan.ids if (q := bank.question(i)) is not None]
    else:
        questions = bank_selection(bank, role=role, audience=audience, categories=cats)
    if not questions:
        raise ExportError("No questions match those filters. Try fewer filters.")
    parts = [p for p in (role_obj.title if role_obj else None,
                         audience_obj.title if audience_obj else None) if p]
    title = "Questions: " + (" · ".join(parts) if parts else "all roles")
    return Deck(title=title, label=" · ".join(parts) or "Coffee Chat",
                cards=[_card(q, role_label) for q in questions])


def meetup_deck(bank: Bank) -> Deck:
    """Small-talk openers for in-person events."""
    cards = [_card(q, "Meetup") for q in bank.select(deck="meetup")]
    if not cards:
        raise ExportError("There are no meetup openers in your banks.")
    return Deck(title="Meetup openers", label="Meetup", cards=cards)


# ------------------------------------------------------------------ layout


@dataclass(frozen=True)
class Layout:
    """Where each card sits on a page."""

    paper: str
    per_page: int
    page_w: float
    page_h: float
    cols: int
    rows: int
    card_w: float
    card_h: float

    def origin(self, slot: int, *, back: bool = False) -> tuple[float, float]:
        """Top-left corner of a slot; backs mirror columns for long-edge duplex."""
        col, row = slot % self.cols, slot // self.cols
        if back:
            col = self.cols - 1 - col
        return MARGIN_MM + col * self.card_w, MARGIN_MM + row * self.card_h


def layout_for(paper: str, per_page: int) -> Layout:
    """The grid for a paper size and a number of cards per page."""
    # Both faces offer only these choices, so anything else is a caller's mistake.
    if paper not in PAPER_MM:
        raise ValueError(f"paper must be a4 or letter (got {paper!r})")
    if per_page not in GRID:
        raise ValueError(f"per_page must be 4, 6 or 8 (got {per_page})")
    w, h = PAPER_MM[paper]
    cols, rows = GRID[per_page]
    return Layout(paper, per_page, w, h, cols, rows, (w - 2 * MARGIN_MM) / cols,
                  (h - 2 * MARGIN_MM) / rows)


class _Measure:
    """Text widths at 1 pt, cached: widths scale linearly with the font size.

    Measuring switches the PDF's font, so drawing code always sets its font right
    before it draws.
    """

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.cache: dict[tuple[str, str], float] = {}
        self.space = self.width(" ")

    def width(self, text: str, style: str = "") -> float:
        key = (style, text)
        cached = self.cache.get(key)
        if cached is None:
            self.pdf.set_font(FONT, style, 10)
            cached = self.pdf.get_string_width(text) / 10
            self.cache[key] = cached
        return cached

    def wrap(self, text: str, size: float, max_w: float, style: str = "") -> list[str]:
        """Greedy wrap at ``size`` pt; a word wider than a line is split by characters."""
        lines: list[str] = []
        line: list[str] = []
        line_w = 0.0
        space = self.width(" ", style) * size
        for word in text.split():
            w = self.width(word, style) * size
            if w > max_w:
                if line:
                    lines.append(" ".join(line))
                    line, line_w = [], 0.0
                chunk = ""
                for ch in word:
                    if self.width(chunk + ch, style) * size > max_w and chunk:
                        lines.append(chunk)
                        chunk = ""
                    chunk += ch
                line, line_w = [chunk], self.width(chunk, style) * size
                continue
            needed = w if not line else line_w + space + w
            if needed <= max_w:
                line.append(word)
                line_w = needed
            else:
                lines.append(" ".join(line))
                line, line_w = [word], w
        if line:
            lines.append(" ".join(line))
        return lines


def fit_text(measure: _Measure, text: str, box_w: float, box_h: float, start: float,
             floor: float = FLOOR_PT) -> tuple[float, list[str]]:
    """The largest size (from ``start`` down) at which the wrapped text fits the box."""
    size = start
    while True:
        lines = measure.wrap(text, size, box_w)
        if len(lines) * size * PT_TO_MM * LINE_HEIGHT <= box_h:
            return size, lines
        next_size = size - STEP_PT
        if next_size < floor:
            # Below the floor only to avoid clipping: the text must always be whole.
            if size <= ABSOLUTE_MIN_PT:
                return size, lines
            floor = ABSOLUTE_MIN_PT
        size = max(next_size, ABSOLUTE_MIN_PT)


@functools.lru_cache(maxsize=1)
def _font_paths() -> tuple[str, str]:
    regular = FONTS_DIR / "DejaVuSans.ttf"
    bold = FONTS_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise ExportError(f"The card font is missing from {FONTS_DIR}. Reinstall Coffee Chat.")
    return str(regular), str(bold)


def _new_pdf(deck: Deck, layout: Layout) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format=(layout.page_w, layout.page_h))
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(deck.title)
    pdf.set_creator("Coffee Chat")
    pdf.set_lang("en")
    return pdf


def _cut_guides(pdf: FPDF, layout: Layout) -> None:
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    left, top = MARGIN_MM, MARGIN_MM
    right = MARGIN_MM + layout.cols * layout.card_w
    bottom = MARGIN_MM + layout.rows * layout.card_h
    for c in range(layout.cols + 1):
        x = left + c * layout.card_w
        pdf.line(x, top, x, bottom)
    for r in range(layout.rows + 1):
        y = top + r * layout.card_h
        pdf.line(left, y, right, y)
    pdf.set_dash_pattern()
    # Crop marks outside the grid, so the guides survive trimming.
    pdf.set_draw_color(120, 120, 120)
    for c in range(layout.cols + 1):
        x = left + c * layout.card_w
        pdf.line(x, 1.5, x, top - 1.5)
        pdf.line(x, bottom + 1.5, x, layout.page_h - 1.5)
    for r in range(layout.rows + 1):
        y = top + r * layout.card_h
        pdf.line(1.5, y, left - 1.5, y)
        pdf.line(right + 1.5, y, layout.page_w - 1.5, y)


def _small(pdf: FPDF, x: float, y: float, text: str, size: float,
           colour: tuple[int, int, int], measure: _Measure, max_w: float,
           bold: bool = False, align_right: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    # Shorten with an ellipsis rather than run off the card.
    while text and pdf.get_string_width(text) > max_w:
        text = text[:-2].rstrip() + "…"
    if align_right:
        x = x + max_w - pdf.get_string_width(text)
    pdf.text(x, y, text)


def _front(pdf: FPDF, measure: _Measure, layout: Layout, card: Card, deck: Deck,
           x0: float, y0: float) -> None:
    inner_w = layout.card_w - 2 * PAD_MM
    colour = CATEGORY_COLOURS.get(card.category, (69, 90, 100))
    # Category band and label.
    pdf.set_fill_color(*colour)
    pdf.rect(x0 + PAD_MM, y0 + PAD_MM, 10, 1.2, style="F")
    label = card.category.upper() + (f" · {card.minutes} MIN" if card.minutes else "")
    _small(pdf, x0 + PAD_MM, y0 + PAD_MM + 5.2, label, 7.5, colour, measure, inner_w * 0.55,
           bold=True)
    _small(pdf, x0 + PAD_MM + inner_w * 0.45, y0 + PAD_MM + 5.2, deck.label, 7,
           (110, 110, 110), measure, inner_w * 0.55, align_right=True)
    # The question, centred in the space between header and footer.
    top = y0 + PAD_MM + 9
    bottom = y0 + layout.card_h - PAD_MM - 6
    box_h = bottom - top
    size, lines = fit_text(measure, card.text, inner_w, box_h, MAX_PT[layout.per_page])
    line_h = size * PT_TO_MM * LINE_HEIGHT
    block_h = len(lines) * line_h
    y = top + max(0.0, (box_h - block_h) / 2) + size * PT_TO_MM * 0.95
    widths = [measure.width(line) * size for line in lines]  # measure before setting the font
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(25, 25, 25)
    for line, w in zip(lines, widths, strict=True):
        pdf.text(x0 + PAD_MM + (inner_w - w) / 2, y, line)
        y += line_h
    # Footer: category, role and id.
    footer = f"{card.category.capitalize()} · {card.role} · {card.id}"
    _small(pdf, x0 + PAD_MM, y0 + layout.card_h - PAD_MM, footer, 6.5, (130, 130, 130),
           measure, inner_w)


def _back(pdf: FPDF, measure: _Measure, layout: Layout, card: Card, x0: float,
          y0: float) -> None:
    inner_w = layout.card_w - 2 * PAD_MM
    colour = CATEGORY_COLOURS.get(card.category, (69, 90, 100))
    paragraphs: list[tuple[str, bool]] = []
    if card.follow_ups:
        paragraphs.append(("If there's time:", True))
        paragraphs.extend((f"{BULLET}{f}", False) for f in card.follow_ups)
    if card.why:
        paragraphs.append(("Why ask:", True))
        paragraphs.append((card.why, False))
    if not paragraphs:
        paragraphs.append(("Listen for a follow-up question of your own.", False))
    top = y0 + PAD_MM + 2
    box_h = layout.card_h - 2 * PAD_MM - 8
    size = MAX_PT[layout.per_page] * 0.7
    while True:
        wrapped = [
            (measure.wrap(text.removeprefix(BULLET), size,
                          inner_w - (HANG_MM if text.startswith(BULLET) else 0),
                          "B" if head else ""), head, text.startswith(BULLET))
            for text, head in paragraphs
        ]
        count = sum(len(lines) for lines, _, _ in wrapped) + len(wrapped) * 0.35
        if count * size * PT_TO_MM * LINE_HEIGHT <= box_h or size <= ABSOLUTE_MIN_PT:
            break
        size -= STEP_PT
    line_h = size * PT_TO_MM * LINE_HEIGHT
    y = top + size * PT_TO_MM
    for lines, head, bullet in wrapped:
        pdf.set_font(FONT, "B" if head else "", size)
        pdf.set_text_color(*(colour if head else (40, 40, 40)))
        for i, line in enumerate(lines):
            if bullet and i == 0:
                pdf.text(x0 + PAD_MM, y, "•")
            pdf.text(x0 + PAD_MM + (HANG_MM if bullet else 0), y, line)
            y += line_h
        y += line_h * 0.35
    _small(pdf, x0 + PAD_MM, y0 + layout.card_h - PAD_MM, card.id, 6.5, (130, 130, 130),
           measure, inner_w)


def render_pdf(deck: Deck, *, paper: str = "a4", per_page: int = 6, back: bool = False) -> bytes:
    """The deck as a PDF: fronts, and with ``back`` a mirrored back page after each."""
    layout = layout_for(paper, per_page)
    if not deck.cards:
        raise ExportError("There are no cards to print.")
    pdf = _new_pdf(deck, layout)
    measure = _Measure(pdf)
    pages = [deck.cards[i:i + per_page] for i in range(0, len(deck.cards), per_page)]
    for page_cards in pages:
        pdf.add_page()
        _cut_guides(pdf, layout)
        for slot, card in enumerate(page_cards):
            x0, y0 = layout.origin(slot)
            _front(pdf, measure, layout, card, deck, x0, y0)
        if back:
            pdf.add_page()
            _cut_guides(pdf, layout)
            for slot, card in enumerate(page_cards):
                x0, y0 = layout.origin(slot, back=True)
                _back(pdf, measure, layout, card, x0, y0)
    return bytes(pdf.output())


# -------------------------------------------------------------------- HTML


def _size_class(text: str) -> str:
    """A rough size bucket for the HTML view; the browser wraps within the card."""
    n = len(text)
    if n <= 70:
        return "xl"
    if n <= 120:
        return "l"
    if n <= 200:
        return "m"
    if n <= 320:
        return "s"
    return "xs"


def render_html(deck: Deck, *, paper: str = "a4", per_page: int = 6,
                back: bool = False) -> str:
    """The deck as an autoescaped HTML print view with ``@page`` CSS."""
    layout = layout_for(paper, per_page)
    pages: list[Sequence[Card]] = [deck.cards[i:i + per_page]
                                   for i in range(0, len(deck.cards), per_page)]
    context = {
        "deck": deck.model_dump(),
        "pages": [[{**c.model_dump(), "size": _size_class(c.text)} for c in page]
                  for page in pages],
        "paper": "A4" if paper == "a4" else "letter",
        "page_w": layout.page_w,
        "page_h": layout.page_h,
        "cols": layout.cols,
        "rows": layout.rows,
        "card_w": round(layout.card_w, 2),
        "card_h": round(layout.card_h, 2),
        "margin": MARGIN_MM,
        "per_page": per_page,
        "back": back,
        "colours": {k: "#{:02x}{:02x}{:02x}".format(*v) for k, v in CATEGORY_COLOURS.items()},
    }
    return render(html_environment(None), "cards/cards.html.j2", context)
