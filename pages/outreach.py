import streamlit as st

from coffeechat import journey
from coffeechat.errors import CoffeeChatError, InvalidInputError, MissingDetailsError
from coffeechat.outreach.channels import CHANNELS, PURPOSE_LABELS, Channel, Purpose
from coffeechat.outreach.drafts import details_to_ask, template_set
from coffeechat.outreach.service import (
    DraftChoice,
    context_of,
    default_draft_choice,
    render_with,
)
from coffeechat.workflow import send_guard
from wizard import forms, state
from wizard.coach_view import review, show_report
from wizard.drafts import DraftKeeper, detail_inputs
from wizard.pickers import contact_picker, conversation_picker
from wizard.ui import flash, safe, show_problem

store = state.store()
bank = state.bank()
profile = store.profile.get()
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

found = template_set()
templates = found.templates
for broken in found.broken:
    st.warning(
        f"One of your own templates can't be used until it's fixed: {safe(broken.problem)}"
    )
# The boxes start where the core suggests (the link's purpose, else what fits the
# contact and where the chat is; a draft in progress keeps its channel). These are the
# boxes' own defaults (index=), never session writes: wizard/forms.py says why.
available = [(t.meta.purpose, t.meta.channel) for t in templates]
purpose_values = [p.value for p in Purpose if any(p == q for q, _ in available)]
# Read once a run: the suggestion, the repeat guard and the list at the end share it.
history = store.messages.list_sent(contact_id=contact.id, limit=20)
sent = history[:10]


def choice_for(purpose: str | None) -> DraftChoice:
    assert contact is not None  # the page stops above when there is none
    drafted = (
        store.messages.latest_draft_channel(
            contact.id, conversation.id if conversation else None, purpose)
        if purpose
        else None
    )
    return default_draft_choice(
        contact, conversation, profile, history, available, purpose=purpose, drafted=drafted
    )


suggested = choice_for(st.query_params.get("purpose"))
col1, col2 = st.columns(2)
purpose = col1.selectbox(
    "What's the message for?",
    purpose_values,
    index=purpose_values.index(suggested.purpose.value),
    key=f"purpose_{contact.id}_{conversation.id if conversation else 0}",
    format_func=lambda v: PURPOSE_LABELS[Purpose(v)],
)
choice = suggested if purpose == suggested.purpose.value else choice_for(purpose)
channel_values = [c.value for p, c in available if p.value == purpose]
channel = col2.selectbox(
    "Where will you send it?",
    channel_values,
    index=channel_values.index(choice.channel.value) if choice.channel else 0,
    key=f"channel_{contact.id}_{purpose}",
    format_func=lambda v: CHANNELS[Channel(v)].label,
)
if choice.reason and channel == (choice.channel.value if choice.channel else None):
    st.caption(safe(choice.reason))
template = next(t for t in templates if t.meta.purpose == purpose and t.meta.channel == channel)
st.caption(safe(template.meta.description))

# Details the template needs that the learner types here (the rest come from the records).
base = context_of(store, profile, contact, conversation, bank=bank)
extra = detail_inputs(store, contact, conversation, details_to_ask(template), base, purpose)

keeper = DraftKeeper(store, contact.id, conversation.id if conversation else None, channel, purpose)
saved = keeper.stored
rendered: str
context = base
try:
    # From the context read above: the records are read once, and the coach below
    # checks the learner's own text only.
    rendered, context = render_with(base, channel, purpose, extra)
except MissingDetailsError as exc:
    show_problem(exc)
    # Each link brings the learner back to this draft when they are done there.
    come_back = journey.return_query(
        "outreach",
        contact=contact.id,
        conversation=conversation.id if conversation else None,
        purpose=purpose,
    )
    if "contact.common_ground" in exc.fields:
        st.page_link(
            "pages/contacts.py",
            label=f"Add common ground for {contact.first_name}",
            icon=":material/edit:",
            query_params={**come_back, "contact": str(contact.id)},
        )
    if any(f == "profile.name" or f.startswith("profile.pitch_") for f in exc.fields):
        st.page_link(
            "pages/profile.py",
            label="Open your profile",
            icon=":material/person:",
            query_params=come_back,
        )
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
text = keeper.box(
    "Edit the message",
    height=260,
    help="Your edits are saved when you click outside the box (or press Ctrl+Enter), and "
    "the coach checks the message again.",
)
if saved_at := keeper.saved_at:
    st.caption(f"Saved at {saved_at:%H:%M}. Typing is saved when you click outside the box.")
else:
    st.caption("Typing is saved when you click outside the box.")

left, right = st.columns(2)
left.button("Check again", width="stretch")
right.button("Start over from the template", on_click=keeper.start_over, width="stretch")

report = review(text, channel, purpose, context)
show_report(report)

st.markdown(
    "**Copy it** with the copy button that appears when you tap or point at the box "
    f"below, paste it into {CHANNELS[Channel(channel)].label}, and send it when it feels right."
)
st.code(text, language=None, wrap_lines=True)

sending = send_guard(text, purpose, sent, report)
send_anyway = False
if sending.already_sent is not None:
    st.success(f"You recorded this message as sent on {sending.already_sent.sent_at:%a %d %b}.")
elif sending.needs_confirmation:
    send_anyway = st.checkbox(
        "The coach found something to fix. Send it anyway?", key=f"{keeper.key}_anyway"
    )


def record_sent(box: str) -> None:
    """Button callback: the core refuses an empty message; the reason shows under the box."""
    assert contact is not None  # the page stops above when there is none
    try:
        store.messages.record_sent(
            {
                "contact_id": contact.id,
                "conversation_id": conversation.id if conversation else None,
                "channel": channel,
                "purpose": purpose,
                "text": st.session_state.get(box, text),
            }
        )
    except InvalidInputError as exc:
        forms.show_problem_under(box, "Edit the message", exc, kept=False)
        return
    upcoming = store.followups.list(contact_id=contact.id)
    nxt = f" Next: {upcoming[0].due_on:%a %d %b}." if upcoming else ""
    flash(f"Recorded as sent.{nxt} It's on your follow-ups.")


st.button(
    "I sent it",
    type="primary",
    disabled=not sending.allows(anyway=send_anyway),
    on_click=record_sent,
    args=(keeper.key,),
)

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
