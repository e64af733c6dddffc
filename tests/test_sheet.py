"""The interview sheet, checked with a real CommonMark parser (markdown-it-py)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from coffeechat.banks import builtin_bank
from coffeechat.exporters.sheet import sheet_for
from coffeechat.planner import make_plan
from coffeechat.store import Store

NASTY_NAME = "*Bob* [x](y) # hi"
NASTY_NOTE = "first line\n---\n| a | b |\n# not a heading\n- not a list"


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def headings(tokens: list[Token], level: str) -> list[str]:
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == level:
            out.append(tokens[i + 1].content)
    return out


def question_items(tokens: list[Token]) -> list[str]:
    """Top-level list items between the Questions heading and the next h2."""
    items: list[str] = []
    inside = False
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            inside = tokens[i + 1].content == "Questions"
        if not inside:
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open" and depth == 1:
            items.append(tokens[i + 2].content.splitlines()[0])
    return items


def setup(store: Store) -> tuple[int, list[str]]:
    bank = builtin_bank()
    store.profile.save({"name": "Zoë", "pitch_who": "I taught chemistry for six years",
                        "pitch_what": "I'm learning Python", "target_role": "backend"})
    contact = store.contacts.add({"name": NASTY_NAME, "company": "Acme | Co",
                                 "title": "Staff engineer", "met_at": "PyLadies",
                                 "common_ground": "We both taught ---"})
    plan = make_plan(bank, "backend", "senior-dev", minutes=30, seed=2)
    conv = store.conversations.add({"contact_id": contact.id, "plan": plan.ids,
                                   "goal": "Learn how on-call works", "role": "backend",
                                   "why_them": "She moved from teaching to backend"})
    return conv.id, plan.ids


def test_sheet_before_the_chat(sqlite_store: Store) -> None:
    conv_id, ids = setup(sqlite_store)
    bank = builtin_bank()
    markdown = sheet_for(sqlite_store, bank, conv_id)
    tokens = parse(markdown)
    assert headings(tokens, "h1") == [f"Coffee chat with {NASTY_NAME}".replace("*", "\\*")
                                      .replace("[", "\\[").replace("]", "\\]")
                                      .replace("#", "\\#")]
    assert headings(tokens, "h2") == ["Who they are", "Why this person",
                                      "Your goal and your pitch", "Questions",
                                      "Promised intros and resources", "Follow-ups"]
    sections = headings(tokens, "h3")
    assert sections[0] == "Opening" and sections[-1] == "Closing"
    items = question_items(tokens)
    assert len(items) == len(ids)
    expected = [bank.questions[i].text for i in ids]
    assert [item.split(" *(")[0].removeprefix("[ ] ") for item in items] == [
        t.replace("-", "\\-") if t.startswith("-") else t for t in expected]
    # The name renders literally: no emphasis or link tokens came from it.
    inline = [t for t in tokens if t.type == "inline"]
    h1 = inline[0]
    assert [c.type for c in h1.children or []] == ["text"] * len(h1.children or [])
    assert "Zoë" not in markdown  # the learner's name is not needed on the sheet
    assert "I taught chemistry for six years." in markdown


def test_sheet_after_the_chat_carries_notes_and_follow_ups(sqlite_store: Store) -> None:
    conv_id, ids = setup(sqlite_store)
    sqlite_store.notes.add({"conversation_id": conv_id, "question_id": ids[0],
                           "text": NASTY_NOTE})
    sqlite_store.notes.add({"conversation_id": conv_id, "kind": "intro",
                           "text": "Will introduce me to Sam | platform team"})
    sqlite_store.notes.add({"conversation_id": conv_id, "kind": "resource",
                           "text": "The Missing Semester"})
    sqlite_store.conversations.set_status(conv_id, "held")
    markdown = sheet_for(sqlite_store, builtin_bank(), conv_id)
    tokens = parse(markdown)
    # Structure intact despite the nasty note: same headings, same number of items.
    assert headings(tokens, "h2") == ["Who they are", "Why this person",
                                      "Your goal and your pitch", "Questions",
                                      "Promised intros and resources", "Follow-ups"]
    items = question_items(tokens)
    assert len(items) == len(ids)
    assert items[0].startswith("[x] ")
    assert all(item.startswith("[ ] ") for item in items[1:])
    assert not any(t.type == "hr" for t in tokens)
    text = "".join(t.content for t in tokens if t.type == "inline")
    assert "first line --- \\| a \\| b \\| \\# not a heading - not a list" in text
    # The follow-ups table has one row: the thank-you, due the next day.
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) == 1
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 2  # header + thank-you
    assert "Thank-you:" in markdown
    assert "**Intro:** Will introduce me to Sam \\| platform team" in markdown


def test_sheet_survives_a_question_that_left_the_banks(sqlite_store: Store) -> None:
    contact = sqlite_store.contacts.add({"name": "Sam"})
    conv = sqlite_store.conversations.add({"contact_id": contact.id,
                                          "plan": ["core.path", "gone.question"]})
    markdown = sheet_for(sqlite_store, builtin_bank(), conv.id)
    assert "no longer in your banks" in markdown
    assert len(question_items(parse(markdown))) == 2
