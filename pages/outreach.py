import streamlit as st

from coffeechat.errors import CoffeeChatError, MissingDetails
from coffeechat.outreach.channels import CHANNELS, PURPOSE_LABELS, Channel, Purpose
from coffeechat.outreach.coach import coach
from coffeechat.outreach.drafts import details_to_ask, list_templates
from coffeechat.outreach.service import (
    context_for,
    draft_for,
    preferred_channel,
    suggested_purpose,
)
from wizard import state
from wizard.coach_view import show_report
from wizard.drafts import DraftKeeper, detail_inputs
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
# The channel last drafted for this purpose, else how they're usually reached.
last_channel = store.latest_draft_channel(
    contact.id, conversation.id if conversation else None, purpose
)
preferred = preferred_channel(contact, channels)
if c_key not in st.session_state:
    if last_channel in [c.value for c in channels]:
        st.session_state[c_key] = last_channel
    elif preferred:
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
extra = detail_inputs(store, contact, conversation, details_to_ask(template), base, purpose)

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

st.header("Your draft")
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
    "**Copy it** with the copy button that appears when you tap or point at the box "
    f"below, paste it into {CHANNELS[Channel(channel)].label}, and send it when it feels right."
)
st.code(text, language=None, wrap_lines=True)

sent = store.list_sent(contact_id=contact.id, limit=10)
already_sent = bool(sent) and sent[0].text == text and sent[0].purpose == purpose
blocked = bool(report.errors)
if already_sent:
    st.success(f"You recorded this message as sent on {sent[0].sent_at:%a %d %b}.")
elif blocked:
    send_anyway = st.checkbox(
        "The coach found something to fix. Send it anyway?", key=f"{keeper.key}_anyway"
    )
    blocked = not send_anyway
if st.button("I sent it", type="primary", disabled=already_sent or blocked):
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
        upcoming = store.list_followups(contact_id=contact.id)
        nxt = f" Next: {upcoming[0].due_on:%a %d %b}." if upcoming else ""
        flash(f"Recorded as sent.{nxt} It's on your follow-ups.")
        st.rerun()

sent = store.list_sent(contact_id=contact.id, limit=10)
if sent:
    with st.expander(f"Messages you've sent {contact.first_name} ({len(sent)})"):
        for message in sent:
            label = (
                PURPOSE_LABELS.get(Purpose(message.purpose), message.purpose)
                if (message.purpose in {p.value for p in Purpose})
                else message.purpose
            )
            st.markdown(f"**{message.sent_at:%d %b %Y}** · {safe(label)}")
            st.text(message.text)
