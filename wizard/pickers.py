"""Choosing a contact and a conversation, kept in the URL.

The choice is written to the query string (``?contact=3&conversation=7``), so a
reload, a bookmark or a link from another page opens the same person and chat.
Only a short list of matches is sent to the browser, so pickers stay fast with
tens of thousands of contacts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import streamlit as st

from coffeechat.errors import NotFoundError
from coffeechat.models import Contact, Conversation
from wizard import state
from wizard.ui import query_int, safe

MATCHES = 50
NEW = -1


def _where(c: Contact) -> str:
    return " at ".join(x for x in (c.title, c.company) if x)


def _labels(contacts: list[Contact]) -> dict[int, str]:
    # Names only, so a phone's narrow box never cuts one mid-word; where two people
    # share a name, their company and id tell them apart.
    seen = Counter(c.name for c in contacts)
    return {
        c.id: c.name if seen[c.name] == 1
        else " · ".join(x for x in (c.name, c.company, f"#{c.id}") if x)
        for c in contacts
    }


def contact_picker(key: str, label: str = "Who is it for?") -> Contact | None:
    """A search box and a short list of matching contacts; returns the chosen one."""
    s = state.store()
    wanted = query_int("contact")
    conv_id = query_int("conversation")
    if wanted is None and conv_id is not None:
        try:
            wanted = s.conversations.get(conv_id).contact_id
        except NotFoundError:
            st.warning("That conversation no longer exists; pick a contact below.")
    # Kept until the data changes: every page with a picker asked for these on every click.
    total = state.remembered("picker_total", lambda: s.contacts.count())
    if total == 0:
        st.info(
            "You haven't added anyone yet. Start on the **Contacts** page: one person "
            "whose work interests you is enough."
        )
        st.page_link("pages/contacts.py", label="Add a contact", icon=":material/add:")
        return None
    search = ""
    if total > 8:
        search = st.text_input(
            "Find a contact", key=f"{key}_search", placeholder="Type part of a name or company"
        )
    if search:
        matches = s.contacts.list(search=search or None, limit=MATCHES)
    else:  # the list a picker opens with; searches are not kept
        matches = state.remembered("picker_first", lambda: s.contacts.list(limit=MATCHES))
    by_id = {c.id: c for c in matches}
    if wanted is not None and wanted not in by_id:
        try:
            linked = s.contacts.get(wanted)
            by_id = {linked.id: linked, **by_id}
        except NotFoundError:
            st.warning("That contact no longer exists; pick someone else below.")
            wanted = None
    if not by_id:
        st.info("No contacts match that search.")
        return None
    ids = list(by_id)
    labels = _labels(list(by_id.values()))
    choice = _choose(f"{key}_contact", label, ids, wanted, labels.__getitem__,
                     url={"contact": None, "conversation": None}, url_key="contact")
    chosen = by_id.get(choice) if choice is not None else None
    notes = []  # one caption, not two: every element costs each page that has a picker
    if chosen is not None and _where(chosen):
        # The details wrap here instead of being cut off inside the box.
        notes.append(safe(_where(chosen)))
    if len(matches) == MATCHES and not search:
        notes.append(f"Showing the first {MATCHES} of {total} contacts. Search to find others.")
    if notes:
        st.caption("  \n".join(notes))
    return chosen


def _choose(
    name: str,
    label: str,
    options: list[int],
    wanted: int | None,
    describe: Callable[[int], str],
    *,
    url: dict[str, str | None],
    url_key: str,
) -> int | None:
    """A selectbox of ids that follows the address (``?contact=3``) and writes it back.

    The starting choice is given as the widget's own ``index`` (never by writing the
    session value first), so a browser that draws the box again from its defaults shows
    the same choice as the server: wizard/forms.py says why. A new id in the address
    (another page's link) starts a fresh box (its key's revision moves on) rather than
    writing over the old one.
    """
    state = st.session_state
    followed = f"{name}_from_url"
    revision = f"{name}_revision"
    if wanted is not None and state.get(followed) != wanted:
        state[followed] = wanted
        state[revision] = state.get(revision, 0) + 1
    widget = f"{name}_r{state.get(revision, 0)}"
    start = wanted if wanted in options else state.get(followed)
    index = options.index(start) if start in options else 0

    def remember() -> None:
        value = state.get(widget)
        if not isinstance(value, int) or value == state.get(followed):
            return  # unchanged (a redraw after a page switch): the address stays as it is
        state[followed] = value
        for param, fixed in url.items():
            if param == url_key:
                if value == NEW:
                    st.query_params.pop(param, None)
                else:
                    st.query_params[param] = str(value)
            elif fixed is None:
                st.query_params.pop(param, None)
            else:
                st.query_params[param] = fixed

    if state.get(widget) not in (None, *options):
        state.pop(widget)  # the chosen one is gone (deleted, archived, filtered out)
        state[revision] = state.get(revision, 0) + 1
        widget = f"{name}_r{state[revision]}"
    choice: int | None = st.selectbox(
        label, options, index=index, key=widget, format_func=describe, on_change=remember
    )
    return choice


def _conversation_label(c: Conversation) -> str:
    # Only things that rarely change: a label that changes under a selected option can
    # confuse the browser's widget state. Status and plan size are shown elsewhere.
    if c.scheduled_at:
        when = f"for {c.scheduled_at:%d %b %Y}"
    else:
        when = f"started {c.created_at:%d %b %Y}"
    return f"{c.format.value.capitalize()} chat {when} (#{c.id})"


def conversation_picker(
    key: str,
    contact: Contact,
    *,
    allow_new: bool = True,
    label: str = "Which conversation?",
    new_label: str = "+ A new conversation",
) -> Conversation | None:
    """The contact's conversations (newest first), plus "a new conversation"."""
    s = state.store()
    conversations = s.conversations.list(contact_id=contact.id)
    by_id = {c.id: c for c in conversations}
    options = [c.id for c in conversations] + ([NEW] if allow_new else [])
    if not options:
        st.info(f"There's no conversation with {contact.first_name} yet.")
        return None
    wanted = query_int("conversation")
    choice = _choose(
        f"{key}_conversation_{contact.id}",
        label,
        options,
        wanted if wanted in by_id else None,
        lambda i: new_label if i == NEW else _conversation_label(by_id[i]),
        url={"contact": str(contact.id), "conversation": None},
        url_key="conversation",
    )
    return None if choice is None or choice == NEW else by_id.get(choice)
