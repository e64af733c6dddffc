from functools import partial
from typing import Literal

import streamlit as st

from coffeechat.clock import now
from coffeechat.models import STATUS_LABELS, STATUS_ORDER, NoteKind, Status
from coffeechat.workflow import MoveOffer, allowed_moves
from wizard import forms, state
from wizard.pickers import contact_picker, conversation_picker
from wizard.ui import flash, guard, safe, toast

store = state.store()
bank = state.bank()
st.title("Conversation notes")
st.markdown(
    "During or right after the chat, jot a line against each question. Each note is saved "
    "when you click outside its box."
)

contact = contact_picker("notes")
if contact is None:
    st.stop()
conversation = conversation_picker("notes", contact, allow_new=False)
if conversation is None:
    st.page_link(
        "pages/plan.py",
        label=f"Plan a chat with {contact.first_name}",
        icon=":material/checklist:",
        query_params={"contact": str(contact.id)},
    )
    st.stop()

# Where the conversation is; the moves from there are the buttons below.
st.markdown(
    " → ".join(
        f"**{STATUS_LABELS[s]}**" if s == conversation.status else STATUS_LABELS[s]
        for s in STATUS_ORDER
    )
)


def move(offer: MoveOffer) -> None:
    # The page stops above when there is none.
    assert conversation is not None
    with guard("updating the conversation"):
        store.conversations.set_status(conversation.id, offer.target)
        flash(offer.done)


actions = st.container(horizontal=True)
for offer in allowed_moves(conversation, contact, now().date()):
    if offer.note:
        st.info(offer.note)
    kind: Literal["primary", "secondary"] = "primary" if offer.primary else "secondary"
    if offer.confirm is None:
        actions.button(offer.label, type=kind, on_click=move, args=(offer,))
        continue
    with actions.popover(offer.label, type=kind):
        st.markdown(safe(offer.confirm))
        st.button(
            offer.confirm_label,
            key=f"confirm_{offer.target.value}",
            type=kind,
            on_click=move,
            args=(offer,),
        )

notes = store.notes.list(conversation_id=conversation.id)
by_question = {n.question_id: n.text for n in notes if n.question_id and n.kind == NoteKind.NOTE}


if not conversation.plan:
    st.info("This conversation has no planned questions. You can still keep free notes below.")
for qid in conversation.plan:
    q = bank.question(qid)
    label = q.text if q else f"(A question no longer in your banks: {qid})"
    forms.saved_input(
        "text_area",
        label,
        key=f"note_{conversation.id}_{qid}",
        stored=by_question.get(qid, ""),
        save=partial(store.notes.set_for_question, conversation.id, qid),
        saved="Note saved",
        height=80,
        placeholder="What did they say?",
    )

st.header("Anything else")


def add(kind: NoteKind, key: str) -> None:
    assert conversation is not None  # the page stops above when there is none
    text = st.session_state.get(key, "").strip()
    if not text:
        return
    with guard("saving"):
        store.notes.add({"conversation_id": conversation.id, "kind": kind, "text": text})
        st.session_state[key] = ""
        toast("Saved")


with st.form(f"free_{conversation.id}", clear_on_submit=True, border=False):
    free = st.text_area("A free note", placeholder="Anything that doesn't fit a question")
    if st.form_submit_button("Add note") and free.strip():
        with guard("saving the note"):
            store.notes.add({"conversation_id": conversation.id, "text": free})
            toast("Note added")
col1, col2 = st.columns(2)
col1.text_input(
    "An introduction they offered",
    key=f"intro_{conversation.id}",
    placeholder="e.g. Sam Lee on the platform team",
)
col1.button("Add introduction", on_click=add, args=(NoteKind.INTRO, f"intro_{conversation.id}"))
col2.text_input(
    "A resource they recommended",
    key=f"res_{conversation.id}",
    placeholder="e.g. The Missing Semester course",
)
col2.button("Add resource", on_click=add, args=(NoteKind.RESOURCE, f"res_{conversation.id}"))

others = [
    n
    for n in store.notes.list(conversation_id=conversation.id)
    if not (n.question_id and n.kind == NoteKind.NOTE)
]
for note in others:
    row, remove = st.columns([6, 1], vertical_alignment="center")
    label = {"intro": "Intro", "resource": "Resource"}.get(note.kind.value, "Note")
    row.markdown(f"**{label}:** {safe(note.text)}")
    if remove.button("✕", key=f"del_note_{note.id}", help="Delete this note"):
        with guard("deleting the note"):
            store.notes.delete(note.id)
            st.rerun()

query = {"contact": str(contact.id), "conversation": str(conversation.id)}
if conversation.status == Status.HELD:
    st.page_link(
        "pages/outreach.py",
        label=f"Write the thank-you to {contact.first_name}",
        icon=":material/mail:",
        query_params={**query, "purpose": "thank_you"},
    )
st.page_link(
    "pages/export.py",
    label="Download the sheet with these notes",
    icon=":material/inventory_2:",
    query_params=query,
)
