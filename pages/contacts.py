from typing import TypedDict

import streamlit as st

from coffeechat.errors import NotFoundError
from coffeechat.models import Contact
from coffeechat.outreach.service import default_draft_choice
from wizard import state
from wizard.contact_form import TIER_LABELS, contact_form
from wizard.ui import (
    back_link,
    flash,
    folded,
    guard,
    page_fragment,
    query_int,
    redraw_whole_page,
    safe,
)


class Filters(TypedDict):
    """The list's filters, as Contacts.count and Contacts.list take them."""

    search: str | None
    tier: str | None
    tag: str | None
    archived: bool


# Ten a page: a page of 25 cards was the slowest thing to send and draw in the app,
# and ten is about what a phone shows in two screens. Search finds the rest.
PER_PAGE = 10
store = state.store()

st.title("Contacts")
st.markdown("The people you'd like to learn from, and what you have in common with them.")

# A deep link (?contact=ID) opens that person for editing.
focus_id = query_int("contact")
if focus_id is not None:
    try:
        focus: Contact | None = store.contacts.get(focus_id)
    except NotFoundError:
        st.warning("That contact doesn't exist any more.")
        focus = None
    if focus is not None:
        with st.container(border=True):
            st.header(safe(focus.name) + (" · archived" if focus.archived else ""))
            if contact_form(store, f"edit_{focus.id}", focus):
                st.rerun()
            links = st.container(horizontal=True, vertical_alignment="center")
            links.page_link(
                "pages/plan.py",
                label="Plan a chat",
                icon=":material/checklist:",
                query_params={"contact": str(focus.id)},
            )
            links.page_link(
                "pages/outreach.py",
                label="Write a message",
                icon=":material/mail:",
                query_params={"contact": str(focus.id)},
            )
            if links.button("Close", key="close_focus"):
                st.query_params.pop("contact", None)
                st.rerun()
            # Tracked, so the warning and the confirmation are only sent once it is opened.
            danger = st.expander("Delete for good", on_change="rerun",
                                 key=f"delete_open_{focus.id}")
            if danger.open:
                with danger:
                    st.markdown(
                        "This removes the contact **and** their conversations, notes and "
                        "follow-ups. Archiving is usually better: it hides them and "
                        "keeps the history."
                    )
                    sure = st.checkbox(
                        f"Yes, delete {safe(focus.name)} for good", key=f"sure_{focus.id}"
                    )
                    if st.button("Delete", disabled=not sure, key=f"delete_{focus.id}"):
                        with guard("deleting the contact"):
                            store.contacts.delete_permanently(focus.id)
                            st.query_params.pop("contact", None)
                            flash(f"Deleted {focus.name}")
                            st.rerun()

back_link()  # to the draft that sent the learner here for common ground

# After an add, the way forward: a first message to that person (until one has gone).
if (added_id := st.session_state.get("just_added")) is not None:
    try:
        added: Contact | None = store.contacts.get(added_id)
    except NotFoundError:
        added = None
    if added is None or store.messages.list_sent(contact_id=added.id, limit=1):
        st.session_state.pop("just_added", None)
    else:
        opening = default_draft_choice(added, None, store.profile.get(), [])
        with st.container(border=True):
            st.markdown(
                f":material/check_circle: **{safe(added.name)}** is in your contacts. "
                "A short first note is the next step: no plan needed yet."
            )
            st.page_link(
                "pages/outreach.py",
                label=f"Write a first message to {added.first_name}",
                icon=":material/mail:",
                query_params={"contact": str(added.id), "purpose": opening.purpose.value},
            )

# Drawn only once opened: the form (thirteen inputs) used to be sent folded with every
# visit. Once drawn it stays drawn for the visit, so folding it never drops typed text.
with folded(
    ":material/person_add: Add a contact",
    "add_contact_open",
    start_open=store.contacts.count(archived=None) == 0
    or bool(st.session_state.get("add_contact_generation")),
) as draw_add:
    if draw_add and (new_contact := contact_form(store, "add_contact")):
        st.session_state["just_added"] = new_contact.id
        st.rerun()

# A fragment: searching, filtering, paging and archiving rerun the list only, not the
# contact being edited or the form above it (opening a contact redraws everything).
@page_fragment
def contact_list() -> None:
    # Undo for the last archive.
    if undo := st.session_state.get("last_archived"):
        col1, col2 = st.columns([4, 1], vertical_alignment="center")
        col1.info(f"Archived {safe(undo[1])}.")
        if col2.button("Undo", key="undo_archive"):
            with guard("restoring the contact"):
                store.contacts.archive(undo[0], archived=False)
                st.session_state.pop("last_archived")
                flash(f"Restored {undo[1]}")
                st.rerun()

    # One wrapping row (the search takes what the other two leave), not four columns.
    filters_row = st.container(horizontal=True)
    search = filters_row.text_input(
        "Search", placeholder="Name, company, title or common ground"
    )
    tier = filters_row.selectbox(
        "Closeness",
        ["", *TIER_LABELS],
        format_func=lambda t: "Anyone" if not t else t.capitalize(),
        width=180,
    )
    tag = filters_row.text_input("Tag", width=180)
    archived = st.toggle("Show archived contacts")

    filters: Filters = {
        "search": search or None,
        "tier": tier or None,
        "tag": tag.strip() or None,
        "archived": archived,
    }
    total = store.contacts.count(**filters)
    if total == 0:
        if any((search, tier, tag)):
            st.info("Nobody matches those filters.")
        elif archived:
            st.info("No archived contacts.")
        else:
            st.info(
                "No contacts yet. Add the first person above, or import your LinkedIn connections."
            )
            st.page_link(
                "pages/import_linkedin.py", label="Import from LinkedIn",
                icon=":material/upload_file:",
            )
        return

    pages = max(1, -(-total // PER_PAGE))
    page_no = st.pagination(pages, key="contacts_page") if pages > 1 else 1
    people = store.contacts.list(**filters, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE)
    last = store.contacts.last_interactions([p.id for p in people])
    st.caption(f"{total} contact{'s' if total != 1 else ''}")

    def open_contact(contact_id: int) -> None:
        st.query_params["contact"] = str(contact_id)
        redraw_whole_page()  # the contact opens at the top, outside this part

    def archive(contact_id: int, name: str, value: bool) -> None:
        with guard("archiving"):
            store.contacts.archive(contact_id, archived=value)
            if value:
                st.session_state["last_archived"] = (contact_id, name)
            else:
                st.session_state.pop("last_archived", None)
                st.toast(f"Restored {name}", icon=":material/check_circle:")

    for person in people:
        # One row that wraps on a phone (the buttons go under the text): four elements
        # a card, where columns, a caption and a nested row made nine.
        card = st.container(border=True, horizontal=True, vertical_alignment="center")
        where = " at ".join(safe(x) for x in (person.title, person.company) if x)
        lines = [f"**{safe(person.name)}**" + (f" · {where}" if where else "")]
        if person.common_ground:
            lines.append(f":material/handshake: {safe(person.common_ground)}")
        meta = [person.tier.value.capitalize()]
        if person.tags:
            meta.append(", ".join(safe(t) for t in person.tags))
        if person.id in last:
            meta.append(f"last in touch {last[person.id]:%d %b %Y}")
        lines.append(f":small[:gray[{' · '.join(meta)}]]")
        card.markdown("  \n".join(lines), width="stretch")
        # A button (not a link to this same page) so the id really lands in the address
        # and the edit panel stays open while you save.
        card.button(
            "Open",
            key=f"open_{person.id}",
            icon=":material/edit:",
            on_click=open_contact,
            args=(person.id,),
        )
        if person.archived:
            card.button(
                "Restore",
                key=f"restore_{person.id}",
                on_click=archive,
                args=(person.id, person.name, False),
            )
        else:
            card.button(
                "Archive",
                key=f"archive_{person.id}",
                on_click=archive,
                args=(person.id, person.name, True),
            )


contact_list()
