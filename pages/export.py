import json
from collections.abc import Callable
from datetime import date
from functools import partial

import streamlit as st

from coffeechat.exporters import calendar, cards, spreadsheets
from coffeechat.exporters.bundle import export_all
from coffeechat.exporters.sheet import sheet_for
from coffeechat.models import Category, slugify
from coffeechat.store.backup import backup_document, parse_backup, restore
from wizard import auth, state
from wizard.pickers import contact_picker, conversation_picker
from wizard.ui import flash, folded, guard, page_fragment, safe

store = state.store()
bank = state.bank()
st.title("Export")
st.markdown(
    "Take your preparation with you, and keep a copy of everything. Files are made "
    "when you click, from what is kept " + auth.where_data_lives() + "."
)

# Downloading should not rerun the page: a rerun while a second download starts can
# lose the file that was being prepared.
download = partial(st.download_button, on_click="ignore")

PAPERS = {"a4": "A4", "letter": "US Letter"}
PER_PAGE = [4, 6, 8]
#: What the cards print with while "Paper and layout" has not been opened.
DEFAULT_LAYOUT = ("a4", 6, False)
CSV_LABELS = {"contacts": "Contacts", "conversations": "Conversations", "followups": "Follow-ups"}


def cards_file(render: Callable[..., bytes | str], make: Callable[[], cards.Deck],
               paper: str, per_page: int, back: bool) -> bytes | str:
    """A deck's file, the deck made only now: on a click, not on every visit."""
    return render(make(), paper=paper, per_page=per_page, back=back)


# Downloads are made on click, after the whole page has run, so every callback gets
# its options bound now (functools.partial), never read from a later variable.
def layout_options(key: str) -> tuple[str, int, bool]:
    # Folded: most people print on the defaults, and two rows of these choices were a
    # sixth of what this page sent. One wrapping row, not columns, once opened.
    with folded("Paper and layout", f"{key}_layout_open") as draw:
        if not draw:
            return DEFAULT_LAYOUT
        row = st.container(horizontal=True, vertical_alignment="bottom")
        paper = row.selectbox("Paper", list(PAPERS),
                              index=list(PAPERS).index(DEFAULT_LAYOUT[0]),
                              format_func=PAPERS.__getitem__, key=f"{key}_paper")
        per_page = row.selectbox("Cards per page", PER_PAGE,
                                 index=PER_PAGE.index(DEFAULT_LAYOUT[1]), key=f"{key}_per")
        back = row.checkbox(
            "Print backs (follow-up probes)",
            key=f"{key}_back",
            help="For double-sided printing, flipped on the long edge.",
        )
    return paper, int(per_page), back


st.header("For one conversation")
contact = contact_picker("export")
conversation = conversation_picker("export", contact, allow_new=False) if contact else None
if conversation is not None and contact is not None:
    stem = f"coffee-chat-{slugify(contact.name)}"
    with guard("preparing the sheet"):
        # Made when clicked or opened, like the cards: the whole sheet used to be written
        # and sent with every visit to this page.
        download(
            "Download the interview sheet (Markdown)",
            partial(sheet_for, store, bank, conversation.id),
            file_name=f"{stem}.md",
            mime="text/markdown",
            icon=":material/description:",
        )
        preview = st.expander("Preview the sheet", on_change="rerun", key="export_sheet_open")
        if preview.open:
            preview.markdown(sheet_for(store, bank, conversation.id))
    # Counted from the plan; the deck itself is made when a download is clicked.
    planned = sum(bank.question(qid) is not None for qid in conversation.plan)
    if planned:
        paper, per_page, back = layout_options("conv")
        deck = partial(cards.deck_for_conversation, store, bank, conversation.id)
        download(
            f"Download {planned} question cards (PDF)",
            partial(cards_file, cards.render_pdf, deck, paper, per_page, back),
            file_name=f"{stem}-cards.pdf",
            mime="application/pdf",
            icon=":material/style:",
        )
        download(
            "Download the cards as a web page (print from your browser)",
            partial(cards_file, cards.render_html, deck, paper, per_page, back),
            file_name=f"{stem}-cards.html",
            mime="text/html",
        )
    elif conversation.plan:
        st.info(
            "None of the questions planned for this chat are in your question banks any "
            "more. Plan it again on the Question plan page to print it as cards."
        )
    else:
        st.info("Plan some questions first to print them as cards.")

# A fragment: choosing which cards reruns this section only, not the sheet, the
# conversation's cards or the sidebar above it.
@page_fragment
def bank_cards() -> None:
    st.header("Cards from the question banks")
    kind = st.radio(
        "Which cards?",
        ["selection", "meetup"],
        horizontal=True,
        format_func=lambda k: (
            "Questions for a role" if k == "selection" else "Meetup openers (small talk for events)"
        ),
    )
    if kind == "meetup":
        deck_maker = lambda: cards.meetup_deck(bank)  # noqa: E731
        count = len(bank.openers)
        name = "meetup-openers"
    else:
        row = st.container(horizontal=True)
        profile = store.profile.get()
        roles = list(bank.roles)
        role = row.selectbox(
            "Role",
            roles,
            index=roles.index(profile.target_role) if profile.target_role in bank.roles else 0,
            format_func=lambda r: bank.roles[r].title,
        )
        audience = row.selectbox(
            "Talking to",
            ["", *bank.audiences],
            format_func=lambda a: "Anyone" if not a else bank.audiences[a].title,
        )
        cats = st.pills(
            "Kinds of question",
            [c.value for c in Category],
            selection_mode="multi",
            format_func=lambda v: Category(v).label,
        )
        deck_maker = lambda: cards.deck_from_banks(  # noqa: E731
            bank, role=role, audience=audience or None, categories=cats or None
        )
        # Counting is cheap; the cards themselves are only made when you click.
        count = len(cards.bank_selection(
            bank, role=role, audience=audience or None, categories=cats or None))
        name = f"questions-{role}"
    paper, per_page, back = layout_options("bank")
    if count:
        download(
            f"Download {count} cards (PDF)",
            partial(cards_file, cards.render_pdf, deck_maker, paper, per_page, back),
            file_name=f"{name}.pdf",
            mime="application/pdf",
            icon=":material/style:",
        )
    else:
        st.info("No questions match those choices. Try fewer kinds of question.")


bank_cards()

st.header("Calendar and spreadsheets")
download(
    "Follow-up reminders for your calendar (.ics)",
    lambda: calendar.calendar_for(store),
    file_name="coffeechat-followups.ics",
    mime="text/calendar",
    icon=":material/event:",
    help="Import it into Google Calendar, Outlook or Apple Calendar. Importing "
    "again updates the same events.",
)
spreadsheet_row = st.container(horizontal=True)
for table in spreadsheets.TABLES:
    spreadsheet_row.download_button(
        f"{CSV_LABELS[table]} (CSV)",
        partial(spreadsheets.csv_for, store, table),
        file_name=f"coffeechat-{table}.csv",
        mime="text/csv",
        on_click="ignore",
    )

hosted = auth.hosted_mode()
st.header("Download all my data" if hosted else "Everything")
st.markdown(
    "One zip with every sheet, the cards for every planned conversation, the "
    "spreadsheets, the calendar and a full backup."
    + (" It holds everything you keep here, and nobody else's." if hosted else "")
)
if st.button("Prepare the export", icon=":material/inventory_2:"):
    bar = st.progress(0.0, text="Starting…")

    def show_progress(fraction: float, label: str) -> None:
        bar.progress(fraction, text=f"Adding {label}…")

    with guard("exporting everything"):
        st.session_state["export_zip"] = export_all(store, bank, progress=show_progress)
        bar.progress(1.0, text="Ready")
if "export_zip" in st.session_state:
    download(
        "Download everything (.zip)",
        st.session_state["export_zip"],
        file_name=f"coffeechat-export-{date.today():%Y-%m-%d}.zip",
        mime="application/zip",
        type="primary",
        icon=":material/download:",
    )

st.header("Backup and restore")
download(
    "Download a backup (.json)",
    lambda: json.dumps(backup_document(store), ensure_ascii=False, indent=1),
    file_name=f"coffeechat-backup-{date.today():%Y-%m-%d}.json",
    mime="application/json",
    icon=":material/save:",
)
if not store.is_empty():
    # Restoring never merges into or overwrites what is here, so say so before they try.
    st.info(
        "**Restore from a backup.** "
        "Restoring only goes into an empty Coffee Chat, so nothing you have now can be "
        "overwritten. To restore, start Coffee Chat with a new, empty data folder, for "
        "example `COFFEECHAT_DATA_DIR=~/coffeechat-restored make run`, then come back here."
    )
else:
    st.markdown("**Restore from a backup**")
    upload = st.file_uploader(
        "Choose a backup file (.json)",
        type=["json"],
        help="A file from “Download a backup” above, or from `coffeechat backup`.",
    )
    if upload is not None and st.button("Restore this backup", type="primary"):
        with guard("restoring the backup"):
            counts = restore(store, parse_backup(upload.getvalue(), where=upload.name))
            flash(f"Restored {sum(counts.values())} records. Welcome back.")
            st.rerun()
st.caption(f"Your data lives in `{safe(state.database_label())}`.")

if hosted:
    st.header("Delete my account")
    st.markdown(
        "This erases your account and everything in it: contacts, conversations, notes, "
        "follow-ups and messages. It can't be undone, so download your data first if you "
        "might want it later."
    )
    with st.expander("Delete my account…", icon=":material/delete_forever:"):
        typed = st.text_input('Type "delete" to confirm', key="erase_confirm")
        if st.button("Delete my account and everything in it", type="primary",
                     disabled=typed.strip().lower() != "delete", key="erase_account"):
            with guard("deleting your account"):
                state.erase_account()
                st.logout()
