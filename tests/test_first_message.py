"""The shortest path to a first message: what a new draft starts as, and the way there."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from coffeechat import journey
from coffeechat.models import Contact, Conversation, LinkedInPlan, Profile, SentMessage
from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.context import build_context, topic_from_goal
from coffeechat.outreach.drafts import list_templates
from coffeechat.outreach.service import default_draft_choice
from coffeechat.store import Store

NOW = datetime(2026, 3, 2, 9, 0)
TEMPLATES = [(t.meta.purpose, t.meta.channel) for t in list_templates()]


def person(**fields: Any) -> Contact:
    return Contact.model_validate(
        {"id": 1, "name": "Priya Patel", "created_at": NOW, "updated_at": NOW, **fields}
    )


def chat(status: str = "idea", **fields: Any) -> Conversation:
    return Conversation.model_validate(
        {"id": 7, "contact_id": 1, "status": status, "created_at": NOW, "updated_at": NOW,
         **fields}
    )


def sent(purpose: str, channel: str = "linkedin_note") -> SentMessage:
    return SentMessage.model_validate(
        {"id": 1, "contact_id": 1, "channel": channel, "purpose": purpose, "text": "Hi",
         "sent_at": NOW}
    )


FREE = Profile(linkedin_plan=LinkedInPlan.FREE)
PREMIUM = Profile(linkedin_plan=LinkedInPlan.PREMIUM)


def choose(contact: Contact, conversation: Conversation | None = None,
           profile: Profile = FREE, history: list[SentMessage] | None = None,
           **kwargs: Any) -> tuple[str, str | None]:
    choice = default_draft_choice(contact, conversation, profile, history or [], TEMPLATES,
                                  **kwargs)
    return choice.purpose.value, choice.channel.value if choice.channel else None


# ------------------------------------------------------------------ the purpose


def test_a_new_linkedin_contact_on_the_free_plan_gets_a_connection_note() -> None:
    # The case from the issue: a conversation exists, nothing has been sent, and the
    # learner is not connected and has no InMail: a first hello in a connection note.
    assert choose(person(reach_by="linkedin"), chat()) == ("first_contact", "linkedin_note")
    assert choose(person(reach_by="linkedin")) == ("first_contact", "linkedin_note")


def test_the_reason_is_said_in_plain_words() -> None:
    choice = default_draft_choice(person(reach_by="linkedin"), chat(), FREE, [], TEMPLATES)
    assert choice.reason == (
        "Suggested because nothing has gone to Priya yet and you aren't connected with "
        "Priya on LinkedIn yet."
    )


def test_after_the_hello_the_next_message_asks_for_the_chat() -> None:
    history = [sent("first_contact")]
    # The connection note has gone, so a LinkedIn message reaches them now.
    assert choose(person(reach_by="linkedin"), chat(), history=history) == (
        "interview_request", "linkedin_message")


def test_a_request_on_linkedin_without_a_connection_depends_on_the_plan() -> None:
    close = person(reach_by="linkedin", tier="close")
    # A close contact already knows the learner: the ask can come first.
    assert choose(close, chat()) == ("interview_request", "linkedin_note")
    assert choose(close, chat(), PREMIUM) == ("interview_request", "linkedin_message")
    connected = person(reach_by="linkedin", tier="close", connected_on=date(2025, 1, 1))
    assert choose(connected, chat()) == ("interview_request", "linkedin_message")


@pytest.mark.parametrize(
    ("channel", "expected"),
    [("email", "email"), ("discord", "discord_dm"), ("x", "x_dm")],
)
def test_the_best_way_to_reach_them_sets_the_channel(channel: str, expected: str) -> None:
    assert choose(person(reach_by=channel)) == ("first_contact", expected)


def test_someone_met_in_person_gets_the_note_after_the_meetup() -> None:
    assert choose(person(reach_by="in_person")) == ("connect_after_meetup", "in_person_followup")


def test_without_a_channel_what_is_known_decides() -> None:
    assert choose(person(email="priya@example.com")) == ("first_contact", "email")
    linkedin = person(profile_url="https://www.linkedin.com/in/priya")
    assert choose(linkedin) == ("first_contact", "linkedin_note")
    # Nothing known: the first template for the purpose, with no made-up reason.
    choice = default_draft_choice(person(), None, FREE, [], TEMPLATES)
    assert choice.purpose == Purpose.FIRST_CONTACT and choice.channel is not None
    assert choice.reason == "Suggested because nothing has gone to Priya yet."


@pytest.mark.parametrize(
    ("status", "expected"),
    [("requested", "no_reply_followup"), ("held", "thank_you"), ("thanked", "keep_in_touch")],
)
def test_a_chat_under_way_decides_the_purpose(status: str, expected: str) -> None:
    history = [sent("interview_request", "email")]
    assert choose(person(reach_by="email"), chat(status), history=history) == (expected, "email")


def test_a_purpose_asked_for_wins_and_the_channel_still_fits_the_contact() -> None:
    contact = person(reach_by="discord")
    assert choose(contact, purpose="thank_you") == ("thank_you", "discord_dm")
    # A purpose there is no template for is ignored, never an error.
    assert choose(contact, purpose="<script>") == ("first_contact", "discord_dm")


def test_a_draft_in_progress_keeps_its_channel() -> None:
    assert choose(person(reach_by="linkedin"), purpose="first_contact", drafted="email") == (
        "first_contact", "email")
    # A channel with no template for the purpose falls back to the contact's.
    assert choose(person(reach_by="email"), purpose="thank_you", drafted="x_dm") == (
        "thank_you", "email")


def test_the_choice_always_has_a_template() -> None:
    pairs = set(TEMPLATES)
    for channel in (None, "linkedin", "email", "discord", "x", "in_person", "other"):
        for tier in ("close", "regular"):
            for status in (None, "idea", "requested", "scheduled", "held", "thanked"):
                conversation = chat(status) if status else None
                for history in ([], [sent("first_contact")], [sent("interview_request")]):
                    for profile in (FREE, PREMIUM):
                        choice = default_draft_choice(person(reach_by=channel, tier=tier),
                                                      conversation, profile, history, pairs)
                        assert (choice.purpose, choice.channel) in pairs


# ------------------------------------------------------------------ the topic


@pytest.mark.parametrize(
    ("goal", "topic"),
    [
        ("Find out what the first year in QA is like", "what the first year in QA is like"),
        ("Learn how she moved into QA.", "how she moved into QA"),
        ("To understand on-call", "on-call"),
        ("Learn about testing culture", "testing culture"),
        ("Get a sense of the day-to-day", "the day-to-day"),
        ("the first year in QA", "the first year in QA"),
        ("Python at Acme", "Python at Acme"),
        ("", None),
        (None, None),
    ],
)
def test_the_chat_goal_becomes_the_topic(goal: str | None, topic: str | None) -> None:
    assert topic_from_goal(goal) == topic


def test_the_draft_context_carries_the_goal_and_a_typed_topic_wins() -> None:
    conversation = chat(goal="Find out how on-call works")
    assert build_context(conversation=conversation).topic == "how on-call works"
    typed = build_context(conversation=conversation, extra={"topic": "pairing"})
    assert typed.topic == "pairing"
    assert build_context().topic is None


# ------------------------------------------------------------------ the way back


def test_a_return_link_goes_only_to_our_pages_with_their_own_parameters() -> None:
    query = journey.return_query("outreach", contact=3, conversation=None,
                                 purpose="first_contact")
    assert query == {"return_to": "outreach", "contact": "3", "purpose": "first_contact"}
    back = journey.return_link(query)
    assert back == journey.ReturnLink(
        "outreach", "Back to your draft", {"contact": "3", "purpose": "first_contact"})
    for hostile in ("https://evil.example", "//evil.example", "../app", "export", "",
                    "pages/outreach.py"):
        assert journey.return_link({"return_to": hostile}) is None
    crafted = journey.return_link({"return_to": "outreach", "contact": "1 OR 1=1",
                                   "purpose": "javascript:alert(1)", "next": "/x",
                                   "conversation": "12"})
    assert crafted is not None and crafted.query == {"conversation": "12"}


# ------------------------------------------------------------------ the next step


def test_the_next_step_is_a_first_note_once_someone_is_added(store: Store) -> None:
    assert journey.next_action(store).page == "profile"
    priya = store.contacts.add({"name": "Priya Patel", "reach_by": "linkedin"})
    # No pitch, no role, no plan: writing to Priya still comes first.
    action = journey.next_action(store)
    assert action.headline == "Send a request"
    assert action.page == "outreach"
    assert action.query == {"contact": str(priya.id), "purpose": "first_contact"}
    assert "Priya" in action.detail
    store.contacts.add({"name": "Dana Park"})
    assert journey.next_action(store).query == {}
    store.messages.record_sent({"contact_id": priya.id, "channel": Channel.LINKEDIN_NOTE.value,
                       "purpose": Purpose.FIRST_CONTACT.value, "text": "Hi Priya"})
    assert journey.next_action(store).headline != "Send a request"
    labels = [s.label for s in journey.steps(store)]
    assert labels.index("Send a request") < labels.index("Plan your questions")
