"""The workflow's decisions, tested on plain records: no database, no page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from coffeechat import cadence, workflow
from coffeechat.banks import Bank, builtin_bank
from coffeechat.errors import InvalidInputError, MissingDetailsError
from coffeechat.models import (
    Category,
    Contact,
    Conversation,
    ConversationFormat,
    FollowUp,
    FollowUpKind,
    Profile,
    SentMessage,
    Status,
)
from coffeechat.outreach.coach import CoachReport, Finding, coach
from coffeechat.outreach.context import DraftContext, Me, Them
from coffeechat.outreach.drafts import find_template, render_draft
from coffeechat.planner import make_plan

# A Wednesday, so business days and plain days differ within the week.
WHEN = datetime(2025, 3, 5, 14, 30)
TODAY = WHEN.date()


def contact(**changes: object) -> Contact:
    data: dict[str, object] = {"id": 7, "name": "Dana Park", "created_at": WHEN,
                               "updated_at": WHEN}
    return Contact.model_validate({**data, **changes})


def chat(status: Status = Status.IDEA, **changes: object) -> Conversation:
    data: dict[str, object] = {"id": 3, "contact_id": 7, "status": status,
                               "budget_minutes": 25, "created_at": WHEN, "updated_at": WHEN}
    return Conversation.model_validate({**data, **changes})


def followup(kind: FollowUpKind, **changes: object) -> FollowUp:
    data: dict[str, object] = {"id": 11, "contact_id": 7, "conversation_id": 3, "kind": kind,
                               "due_on": TODAY, "text": "Do it", "created_at": WHEN}
    return FollowUp.model_validate({**data, **changes})


def sent(text: str, purpose: str = "interview_request", **changes: object) -> SentMessage:
    data: dict[str, object] = {"id": 1, "contact_id": 7, "channel": "email",
                               "purpose": purpose, "text": text, "sent_at": WHEN}
    return SentMessage.model_validate({**data, **changes})


@pytest.fixture(scope="module")
def bank() -> Bank:
    return builtin_bank()


# --- move: what each status move changes -------------------------------------------

def test_asking_for_a_chat_starts_the_3b7_reminders() -> None:
    change = workflow.move(chat(Status.IDEA), contact(), Status.REQUESTED, WHEN)
    assert change is not None and change.status == Status.REQUESTED
    assert [(d.kind, d.due_on) for d in change.add] == [
        (FollowUpKind.NO_REPLY_CHECK, date(2025, 3, 10)),  # 3 business days after Wed
        (FollowUpKind.FOLLOW_UP, date(2025, 3, 14)),  # 7 business days after Wed
    ]
    assert "Dana" in change.add[0].text
    assert not (change.cancel_waiting or change.cancel_open or change.complete or change.chat)


def test_scheduling_agrees_the_proposed_time_and_stops_the_nudges() -> None:
    proposed = datetime(2025, 3, 12, 10)
    change = workflow.move(chat(Status.REQUESTED, proposed_at=proposed), contact(),
                           Status.SCHEDULED, WHEN)
    assert change is not None
    assert change.scheduled_at == proposed and change.cancel_waiting
    assert change.add == () and change.chat is None
    # A time already agreed wins over the proposal.
    agreed = datetime(2025, 3, 13, 9)
    change = workflow.move(chat(Status.REQUESTED, proposed_at=proposed, scheduled_at=agreed),
                           contact(), Status.SCHEDULED, WHEN)
    assert change is not None and change.scheduled_at == agreed


def test_a_held_chat_asks_for_a_thank_you_and_counts_its_minutes() -> None:
    change = workflow.move(chat(Status.SCHEDULED), contact(), Status.HELD, WHEN)
    assert change is not None and change.held_at == WHEN
    assert [(d.kind, d.due_on) for d in change.add] == [
        (FollowUpKind.THANK_YOU, TODAY + timedelta(days=1))]
    assert change.cancel_waiting
    assert change.chat == workflow.ChatLog(25, "Chat with Dana Park")


def test_thanking_completes_the_thank_you_and_plans_the_report_back() -> None:
    change = workflow.move(chat(Status.HELD, held_at=WHEN), contact(), Status.THANKED, WHEN)
    assert change is not None
    assert change.complete == (FollowUpKind.THANK_YOU,)
    assert [(d.kind, d.due_on) for d in change.add] == [
        (FollowUpKind.REPORT_BACK, TODAY + timedelta(days=cadence.REPORT_BACK_DAYS))]
    assert change.held_at == WHEN and change.chat is None


def test_closing_cancels_the_open_reminders_only() -> None:
    change = workflow.move(chat(Status.REQUESTED), contact(), Status.CLOSED, WHEN)
    assert change is not None
    assert change.cancel_open and change.add == () and change.chat is None


def test_reopening_a_closed_chat_repeats_nothing() -> None:
    held = datetime(2025, 2, 1, 10)
    closed = chat(Status.CLOSED, held_at=held, scheduled_at=held)
    for target in (Status.HELD, Status.REQUESTED, Status.IDEA):
        change = workflow.move(closed, contact(), target, WHEN)
        assert change == workflow.Move(target, held, held)


def test_a_move_to_the_same_status_changes_nothing() -> None:
    assert workflow.move(chat(Status.HELD), contact(), Status.HELD, WHEN) is None


def test_moving_back_to_an_idea_changes_only_the_status() -> None:
    change = workflow.move(chat(Status.REQUESTED), contact(), Status.IDEA, WHEN)
    assert change == workflow.Move(Status.IDEA, None, None)


# --- after_sent and after_done ------------------------------------------------------

def test_a_request_without_a_conversation_starts_the_3b7_reminders() -> None:
    effects = workflow.after_sent("interview_request", None, contact(), WHEN)
    assert effects.move_to is None
    assert [d.kind for d in effects.add] == [FollowUpKind.NO_REPLY_CHECK, FollowUpKind.FOLLOW_UP]
    assert effects.add == tuple(cadence.after_request("Dana", TODAY))


def test_a_request_about_an_idea_moves_it_to_requested() -> None:
    effects = workflow.after_sent("interview_request", chat(Status.IDEA), contact(), WHEN)
    # The move itself adds the reminders, so they are not added twice.
    assert effects == workflow.AfterSent(move_to=Status.REQUESTED)
    for later in (Status.REQUESTED, Status.SCHEDULED, Status.HELD, Status.CLOSED):
        assert workflow.after_sent("interview_request", chat(later), contact(), WHEN) == \
            workflow.AfterSent()


def test_a_thank_you_on_a_held_chat_moves_it_to_thanked() -> None:
    effects = workflow.after_sent("thank_you", chat(Status.HELD), contact(), WHEN)
    assert effects == workflow.AfterSent(move_to=Status.THANKED)
    assert workflow.after_sent("thank_you", chat(Status.SCHEDULED), contact(), WHEN) == \
        workflow.AfterSent()
    assert workflow.after_sent("thank_you", None, contact(), WHEN) == workflow.AfterSent()
    assert workflow.after_sent("first_contact", None, contact(), WHEN) == workflow.AfterSent()


def test_completing_a_thank_you_follow_up_marks_the_chat_thanked() -> None:
    effects = workflow.after_done(followup(FollowUpKind.THANK_YOU), chat(Status.HELD))
    assert effects == workflow.AfterDone(interaction=False, move_to=Status.THANKED)
    # Already thanked (or no conversation): nothing to move.
    assert workflow.after_done(followup(FollowUpKind.THANK_YOU), chat(Status.THANKED)) == \
        workflow.AfterDone()
    assert workflow.after_done(followup(FollowUpKind.THANK_YOU), None) == workflow.AfterDone()


@pytest.mark.parametrize(("kind", "interaction"), [
    (FollowUpKind.KEEP_IN_TOUCH, True),
    (FollowUpKind.REPORT_BACK, True),
    (FollowUpKind.FOLLOW_UP, True),
    (FollowUpKind.NO_REPLY_CHECK, False),
    (FollowUpKind.CUSTOM, False),
])
def test_doing_a_follow_up_counts_as_an_interaction_when_it_reaches_them(
        kind: FollowUpKind, interaction: bool) -> None:
    effects = workflow.after_done(followup(kind), chat(Status.THANKED))
    assert effects == workflow.AfterDone(interaction=interaction)


def test_an_already_done_follow_up_changes_nothing() -> None:
    for kind in (FollowUpKind.THANK_YOU, FollowUpKind.KEEP_IN_TOUCH):
        done = followup(kind, done_at=WHEN)
        assert workflow.after_done(done, chat(Status.HELD)) == workflow.AfterDone()


# --- allowed_moves: the buttons the Notes page shows --------------------------------

def offers(conversation: Conversation, today: date = TODAY) -> list[tuple[str, Status]]:
    return [(o.label, o.target) for o in workflow.allowed_moves(conversation, contact(), today)]


def test_each_status_offers_its_own_moves() -> None:
    close = ("Close this conversation", Status.CLOSED)
    held = ("Mark as held", Status.HELD)
    said_yes = ("They said yes: scheduled", Status.SCHEDULED)
    assert offers(chat(Status.IDEA)) == [said_yes, held, close]
    assert offers(chat(Status.REQUESTED)) == [said_yes, held, close]
    assert offers(chat(Status.SCHEDULED)) == [held, close]
    assert offers(chat(Status.HELD)) == [("I've thanked them", Status.THANKED), close]
    assert offers(chat(Status.THANKED)) == [close]
    assert offers(chat(Status.CLOSED, held_at=WHEN)) == [("Reopen", Status.HELD)]
    assert offers(chat(Status.CLOSED)) == [("Reopen", Status.IDEA)]


def test_every_offer_is_a_move_that_changes_something() -> None:
    for status in Status:
        for held_at in (None, WHEN):
            conversation = chat(status, held_at=held_at)
            for offer in workflow.allowed_moves(conversation, contact(), TODAY):
                assert workflow.move(conversation, contact(), offer.target, WHEN) is not None
                assert offer.done.endswith(".") or offer.done.startswith("Marked as")


def test_marking_held_before_the_agreed_day_asks_first() -> None:
    future = datetime.combine(TODAY + timedelta(days=5), time(10))
    (held, close) = workflow.allowed_moves(chat(Status.SCHEDULED, scheduled_at=future),
                                           contact(), TODAY)
    assert held.target == Status.HELD and held.primary
    assert held.confirm is not None and f"scheduled for {future:%a %d %b}" in held.confirm
    assert held.confirm_label == "Yes, it already happened"
    # On the day itself there is nothing to ask.
    (held, close) = workflow.allowed_moves(chat(Status.SCHEDULED, scheduled_at=future),
                                           contact(), future.date())
    assert held.confirm is None
    assert close.confirm is not None and "Dana" in close.confirm
    assert close.confirm_label == "Yes, close it" and not close.primary


def test_a_closed_chat_says_so_next_to_reopen() -> None:
    (reopen,) = workflow.allowed_moves(chat(Status.CLOSED), contact(), TODAY)
    assert reopen.note is not None and "closed" in reopen.note
    # Reopening repeats no reminder, so it promises none.
    (reopen,) = workflow.allowed_moves(chat(Status.CLOSED, held_at=WHEN), contact(), TODAY)
    assert "reminder" not in reopen.done


# --- meeting_time: which time the Plan page edits -----------------------------------

def test_the_time_is_proposed_until_they_agree() -> None:
    proposed, agreed = datetime(2025, 3, 12, 10), datetime(2025, 3, 13, 9)
    for status in (Status.IDEA, Status.REQUESTED):
        slot = workflow.meeting_time(chat(status, proposed_at=proposed, scheduled_at=agreed))
        assert slot == workflow.MeetingTime(False, "proposed_at", proposed)
    slot = workflow.meeting_time(chat(Status.SCHEDULED, proposed_at=proposed,
                                      scheduled_at=agreed))
    assert slot == workflow.MeetingTime(True, "scheduled_at", agreed)
    for status in (Status.HELD, Status.THANKED, Status.CLOSED):
        assert workflow.meeting_time(chat(status, scheduled_at=agreed)) is None


# --- start a conversation -----------------------------------------------------------

def test_a_new_chat_starts_from_the_target_role_and_a_guess_at_who_they_are(bank: Bank) -> None:
    role = list(bank.roles)[-1]
    setup = workflow.chat_setup(bank, Profile(target_role=role),
                                contact(title="Engineering Manager"))
    assert setup == workflow.ChatSetup(role, "eng-manager", ConversationFormat.COFFEE, 20)
    # No target role (or one gone from the banks): the first role.
    setup = workflow.chat_setup(bank, Profile(target_role="gone"),
                                contact(common_ground="We both went to a bootcamp"))
    assert setup.role == next(iter(bank.roles))
    assert setup.audience == "career-changer"


def test_a_stored_chat_keeps_its_role_and_audience_while_the_banks_have_them(
        bank: Bank) -> None:
    role, audience = list(bank.roles)[-1], "recruiter"
    assert workflow.chat_focus(bank, Profile(), contact(),
                               chat(role=role, audience=audience)) == (role, audience)
    fallback = workflow.chat_focus(bank, Profile(target_role=role), contact(title="Founder"),
                                   chat(role="gone", audience="gone"))
    assert fallback == (role, "founder")


def test_starting_a_chat_with_a_date_only_proposes_it(bank: Bank) -> None:
    role = next(iter(bank.roles))
    day = date(2025, 3, 20)
    new, plan = workflow.start_conversation(
        bank, contact(), role=role, audience="senior-dev", minutes=30,
        format="video", goal="Find out what QA is like", why_them="She moved into QA",
        day=day, at=time(9, 30))
    assert new.status == Status.IDEA and new.scheduled_at is None
    assert new.proposed_at == datetime(2025, 3, 20, 9, 30)
    assert new.contact_id == 7 and new.format == ConversationFormat.VIDEO
    assert new.budget_minutes == 30 and (new.role, new.audience) == (role, "senior-dev")
    assert new.plan == plan.ids == make_plan(bank, role, "senior-dev", minutes=30).ids
    assert new.goal == "Find out what QA is like" and new.why_them == "She moved into QA"
    new, _ = workflow.start_conversation(bank, contact(), role=role, audience="senior-dev",
                                         minutes=20)
    assert new.proposed_at is None


def test_starting_a_chat_refuses_bad_values_with_the_field(bank: Bank) -> None:
    with pytest.raises(InvalidInputError) as exc:
        workflow.start_conversation(bank, contact(), role=next(iter(bank.roles)),
                                    audience="senior-dev", minutes=20, goal="x" * 2001)
    assert "goal" in exc.value.by_field()


# --- insert a question --------------------------------------------------------------

def test_an_added_question_goes_at_the_end_of_its_section(bank: Bank) -> None:
    plan = make_plan(bank, next(iter(bank.roles)), "senior-dev", minutes=45)
    categories = [bank.questions[q].category for q in plan.ids]
    assert Category.OPENING in categories and Category.CLOSING in categories
    new = next(q for q in bank.questions.values()
               if q.category == Category.ADVICE and q.id not in plan.ids)
    after = workflow.insert_question(bank, plan.ids, new.id)
    assert len(after) == len(plan.ids) + 1 and after.count(new.id) == 1
    at = after.index(new.id)
    order = list(Category)
    assert all(order.index(bank.questions[q].category) <= order.index(Category.ADVICE)
               for q in after[:at])
    assert all(order.index(bank.questions[q].category) > order.index(Category.ADVICE)
               for q in after[at + 1:])
    assert [q for q in after if q != new.id] == plan.ids


def test_inserting_keeps_the_plan_when_there_is_nothing_to_add(bank: Bank) -> None:
    plan = make_plan(bank, next(iter(bank.roles)), "senior-dev", minutes=20).ids
    assert workflow.insert_question(bank, plan, plan[0]) == plan
    assert workflow.insert_question(bank, plan, "no-such-question") == plan
    closing = next(q for q in bank.questions.values() if q.category == Category.CLOSING)
    assert workflow.insert_question(bank, [], closing.id) == [closing.id]
    # A question gone from the banks does not decide where the new one goes.
    opening = next(q for q in bank.questions.values() if q.category == Category.OPENING)
    assert workflow.insert_question(bank, ["gone", closing.id], opening.id) == \
        ["gone", opening.id, closing.id]


# --- the send guard -----------------------------------------------------------------

def report(*severities: str) -> CoachReport:
    findings = [Finding(rule="job-ask", severity=s, message="m", span=None,  # type: ignore[arg-type]
                        suggestion="") for s in severities]
    return CoachReport(score=50, findings=findings, characters=10, words=2, limit=None)


def test_the_same_message_cannot_be_recorded_twice_in_a_row() -> None:
    history = [sent("Hi Dana"), sent("Older", sent_at=WHEN - timedelta(days=3))]
    guard = workflow.send_guard("Hi Dana", "interview_request", history, report())
    assert guard.already_sent == history[0]
    assert not guard.allows() and not guard.allows(anyway=True)
    # Another purpose, other words, or the same words after something newer: allowed.
    assert workflow.send_guard("Hi Dana", "thank_you", history, report()).allows()
    assert workflow.send_guard("Hi Dana!", "interview_request", history, report()).allows()
    assert workflow.send_guard("Older", "interview_request", history, report()).allows()
    assert workflow.send_guard("Hi Dana", "interview_request", [], report()).allows()


def test_a_message_the_coach_faults_is_sent_only_when_confirmed() -> None:
    guard = workflow.send_guard("Hi", "interview_request", [], report("error", "warning"))
    assert guard.needs_confirmation and guard.already_sent is None
    assert not guard.allows() and guard.allows(anyway=True)
    # Warnings alone do not stop it.
    assert workflow.send_guard("Hi", "interview_request", [], report("warning")).allows()
    # With the real coach: asking for a job is an error to confirm.
    text = "Hi Dana, could you refer me for a job at your company?"
    real = coach(text, "email", "interview_request")
    assert workflow.send_guard(text, "interview_request", [], real).needs_confirmation


# --- missing details carry field paths ----------------------------------------------

def test_missing_details_name_the_fields_to_fill_in_and_say_them_in_words() -> None:
    template = find_template("email", "interview_request")
    ctx = DraftContext(contact=Them(name="Dana Park", first_name="Dana"))
    with pytest.raises(MissingDetailsError) as exc:
        render_draft(template, ctx)
    assert exc.value.fields == ["contact.common_ground", "draft.topic", "profile.name"]
    assert exc.value.missing == [
        "Add what you have in common with Dana to draft this.",
        "Say what you'd most like to learn from Dana (one narrow topic).",
        "Add your name to your profile so you can sign the message.",
    ]
    # Two template paths read the same field: it is asked for once.
    ctx = DraftContext(me=Me(name="Zoë Adams", first_name="Zoë"))
    with pytest.raises(MissingDetailsError) as exc:
        render_draft(find_template("email", "no_reply_followup"), ctx)
    assert exc.value.fields == ["contact.name"]
