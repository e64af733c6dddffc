import streamlit as st

from coffeechat.errors import CoffeeChatError, MissingDetails
from coffeechat.outreach.channels import CHANNELS, PURPOSE_LABELS, Channel, Purpose
from coffeechat.outreach.coach import coach
from coffeechat.outreach.context import SETTABLE
from coffeechat.outreach.drafts import list_templates
from coffeechat.outreach.service import (
    context_for,
    draft_for,
    preferred_channel,
    suggested_purpose,
)
from wizard import state
from wizard.coach_view import show_report
from wizard.drafts import DraftKeeper
from wizard.pickers import contact_picker, conversation_picker
from wizard.ui import flash, guard, safe, show_problem

store = state.store()
bank = state.bank()
st.title("Outreach")
st.markdown(
    "Pick who it's for and what the message should do. Edit the draft freely: the "
    "coach checks it against what makes first messages work."
)

contact = contact_picker("outreach")
if contact is None:
    st.stop()
conversation = conversation_picker(
    "outreach", contact, label="About which conversation?", new_label="Not about a particular chat"
)

templates = list_templates()
purposes = [p for p in Purpose if any(t.meta.purpose == p for t in templates)]
# Start from the purpose in the link, else the one that fits where the chat is.
wanted = st.query_params.get("purpose") or suggested_purpose(conversation)
p_key = f"purpose_{contact.id}_{conversation.id if conversation else 0}"
if wanted in [p.value for p in purposes] and p_key not in st.session_state:
    st.session_state[p_key] = wanted
col1, col2 = st.columns(2)
purpose = col1.selectbox(
    "What's the message for?",
    [p.value for p in purposes],
    key=p_key,
    format_func=lambda v: PURPOSE_LABELS[Purpose(v)],
)
channels = [t.meta.channel for t in templates if t.meta.purpose == purpose]
c_key = f"channel_{contact.id}_{purpose}"
preferred = preferred_channel(contact, channels)
if preferred and c_key not in st.session_state:
    st.session_state[c_key] = preferred.value
channel = col2.selectbox(
    "Where will you send it?",
    [c.value for c in channels],
    key=c_key,
    format_func=lambda v: CHANNELS[Channel(v)].label,
)
template = next(t for t in templates if t.meta.purpose == purpose and t.meta.channel == channel)
st.caption(safe(template.meta.description))

# Details the template needs that the learner types here (the rest come from the records).
base = context_for(
    store,
    contact_id=contact.id,
    conversation_id=conversation.id if conversation else None,
    bank=bank,
)
needed = [
    f
    for f in SETTABLE
    if f in template.meta.requires or (f == "topic" and purpose == Purpose.INTERVIEW_REQUEST.value)
]
labels = {
    "common_ground": (
        f"What you have in common with {contact.first_name}",
        "A sentence to them, e.g. “We both went from teaching into tech.”",
    ),
    "topic": (
        "What you'd most like to learn",
        "Finishes “I'd love to hear…”, e.g. how you moved from support into QA",
    ),
    "takeaway": ("One thing you took from the chat", "e.g. write small tests before refactoring"),
    "action_taken": ("What you did with their advice", "e.g. I added tests to my side project"),
    "intro_name": ("Who they offered to introduce you to", "A name"),
    "event": ("Where you met", "e.g. PyLadies Berlin"),
}
extra: dict[str, str] = {}
if needed:
    with st.container(border=True):
        st.markdown("**Details for this draft**")
        for field in needed:
            if field not in labels:
                continue
            label, hint = labels[field]
            key = f"detail_{contact.id}_{field}"
            st.session_state.setdefault(key, base.value(field) or "")
            value = st.text_input(label, key=key, placeholder=hint)
            if value.strip():
                extra[field] = value

keeper = DraftKeeper(store, contact.id, conversation.id if conversation else None, channel, purpose)
saved = store.get_draft(*keeper.ids)
rendered: str
context = base
try:
    result = draft_for(
        store,
        channel,
        purpose,
        contact_id=contact.id,
        conversation_id=conversation.id if conversation else None,
        extra=extra,
        bank=bank,
    )
    rendered, context = result.text, result.context
except MissingDetails as exc:
    show_problem(exc)
    if any("in common" in m for m in exc.missing):
        st.page_link(
            "pages/contacts.py",
            label=f"Add common ground for {contact.first_name}",
            icon=":material/edit:",
            query_params={"contact": str(contact.id)},
        )
    if any("your name" in m or "pitch" in m for m in exc.missing):
        st.page_link("pages/profile.py", label="Open your profile", icon=":material/person:")
    if saved is None:
        st.stop()
    rendered = saved.based_on  # keep showing the draft they were writing
except CoffeeChatError as exc:
    show_problem(exc)
    st.stop()

edited_over_new_details = keeper.sync(rendered)

st.subheader("Your draft")
if edited_over_new_details:
    st.info(
        "Your edits are kept. The details above changed since you started: use **Start over "
        "from the template** if you'd rather have the new version."
    )
text = st.text_area(
    "Edit the message",
    key=keeper.key,
    height=260,
    on_change=keeper.save,
    help="Your edits are saved as you go. Press Ctrl+Enter (or click outside the box) to "
    "check the message again.",
)

left, right = st.columns(2)
left.button("Check again", width="stretch")
right.button(
    "Start over from the template",
    on_click=keeper.start_over,
    args=(rendered,),
    width="stretch",
)

report = coach(text, channel, purpose, context)
show_report(report)

st.markdown(
    "**Copy it** (use the copy icon in the corner), paste it into "
    f"{CHANNELS[Channel(channel)].label}, and send it when it feels right."
)
st.code(text, language=None, wrap_lines=True)

if st.button("I sent it", type="primary"):
    with guard("recording the message"):
        store.record_sent(
            {
                "contact_id": contact.id,
                "conversation_id": conversation.id if conversation else None,
                "channel": channel,
                "purpose": purpose,
                "text": text,
            }
        )
        keeper.forget()
        upcoming = store.list_followups(contact_id=contact.id)[:3]
        when = ", ".join(f"{f.text} ({f.due_on:%a %d %b})" for f in upcoming)
        flash("Saved. " + (f"Coming up: {when}" if when else "Nice work."))
        st.rerun()

sent = store.list_sent(contact_id=contact.id, limit=10)
if sent:
    with st.expander(f"Messages you've sent {contact.first_name} ({len(sent)})"):
        for message in sent:
            st.markdown(
                f"**{message.sent_at:%d %b %Y}** · {safe(message.purpose)} · "
                f"{safe(message.channel)}"
            )
            st.text(message.text)
