"""Each coach rule fires on messages that break it and stays quiet on near misses."""

from __future__ import annotations

import pytest

from coffeechat.models import LinkedInPlan
from coffeechat.outreach.coach import coach
from coffeechat.outreach.context import DraftContext

CTX = DraftContext.model_validate({
    "me": {"name": "Zoë Łukasiewicz", "first_name": "Zoë"},
    "contact": {"name": "Dana Park", "first_name": "Dana", "company": "Acme"},
    "common_ground": "We both went from teaching into tech",
})

GOOD_REQUEST = (
    "Hi Dana,\n\nWe both went from teaching into tech, and your post about your first year "
    "at Acme stuck with me. I'd love to hear how you chose backend work.\n\n"
    "Would you be open to a 20-minute call in the next few weeks?\n\nThanks,\nZoë"
)


def rules(text: str, channel: str = "linkedin_message", purpose: str = "interview_request",
          ctx: DraftContext = CTX) -> dict[str, str]:
    return {f.rule: f.severity for f in coach(text, channel, purpose, ctx).findings}


def test_a_good_request_has_no_findings_and_full_score() -> None:
    report = coach(GOOD_REQUEST, "linkedin_message", "interview_request", CTX)
    assert report.findings == []
    assert report.score == 100


# ------------------------------------------------------------------ too-long


def test_linkedin_note_limit_depends_on_the_plan() -> None:
    note = "Hi Dana, we both went from teaching into tech. " + "x" * 200
    assert rules(note, "linkedin_note", "first_contact")["too-long"] == "error"
    premium = CTX.model_copy(update={"linkedin_plan": LinkedInPlan.PREMIUM})
    mid = "Hi Dana, we both went from teaching into tech and I enjoyed your post. " + "y" * 150
    assert 200 < len(mid) <= 300
    assert "too-long" in rules(mid, "linkedin_note", "first_contact")
    assert "too-long" not in rules(mid, "linkedin_note", "first_contact", premium)


@pytest.mark.parametrize(("channel", "limit"), [("linkedin_message", 1900),
                                                ("discord_dm", 2000), ("x_dm", 10000)])
def test_channel_limits(channel: str, limit: int) -> None:
    base = "Hi Dana, thanks for your talk. "
    at_limit = base + "a" * (limit - len(base))
    assert "too-long" not in rules(at_limit, channel, "keep_in_touch")
    over = at_limit + "b"
    report = coach(over, channel, "keep_in_touch", CTX)
    finding = next(f for f in report.findings if f.rule == "too-long")
    assert finding.span == (limit, limit + 1)


def test_email_subject_over_200_characters() -> None:
    text = "Subject: " + "s" * 201 + "\n\n" + GOOD_REQUEST
    assert rules(text, "email")["too-long"] == "error"
    assert "too-long" not in rules("Subject: Fellow teacher\n\n" + GOOD_REQUEST, "email")


def test_email_without_subject() -> None:
    assert rules(GOOD_REQUEST, "email")["no-subject"] == "warning"


# ---------------------------------------------------------------- word-limit


def test_word_limit_warns_near_and_errors_beyond() -> None:
    filler = " ".join(["It was great."] * 16)
    near = GOOD_REQUEST.replace("Thanks,", filler + "\nThanks,")
    assert 90 < coach(near, "email", "interview_request", CTX).words <= 100
    assert rules(near, "linkedin_message")["word-limit"] == "warning"
    over = GOOD_REQUEST.replace("Thanks,", filler + " " + filler + "\nThanks,")
    assert rules(over, "linkedin_message")["word-limit"] == "error"
    # Not a first message: no word limit.
    assert "word-limit" not in rules(over, "linkedin_message", "keep_in_touch")


# ------------------------------------------------------------------- job-ask


@pytest.mark.parametrize("ask", [
    "Is Acme hiring right now?",
    "Are you currently hiring juniors?",
    "Do you know of any openings on your team?",
    "Could you refer me for the backend role?",
    "I'd really appreciate a referral.",
    "Could you help me get a job at Acme?",
    "I'm applying for the junior role at Acme.",
    "I'd love your feedback on my resume.",
    "Would you put in a good word for me?",
    "I would love to work at your company one day.",
    "I'm hoping to work with your team.",
])
def test_job_ask_fires(ask: str) -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.", ask)
    assert rules(text)["job-ask"] == "error"


@pytest.mark.parametrize("fine", [
    "I'm learning backend development.",
    "I left my job as a teacher last spring.",
    "I liked your position on code review.",
    "What's your take on the role of testing in small teams?",
    "I'd love to hear how hiring juniors has changed the way your team works.",
])
def test_job_ask_does_not_fire_on_near_misses(fine: str) -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.", fine)
    assert "job-ask" not in rules(text)


def test_job_ask_only_applies_to_opening_messages() -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.",
                                "You mentioned the referral programme.")
    assert "job-ask" not in rules(text, purpose="keep_in_touch")


# ---------------------------------------------------------------- mentor-ask


@pytest.mark.parametrize("ask", ["Would you be my mentor?", "Could you mentor me?",
                                 "I'm looking for a mentor.", "Would you consider mentoring?"])
def test_mentor_ask_fires(ask: str) -> None:
    assert rules(GOOD_REQUEST.replace("I'd love to hear", ask + " I'd love to hear"))[
        "mentor-ask"] == "error"


@pytest.mark.parametrize("fine", ["I mentor kids at a code club.",
                                  "Your mentoring programme at PyLadies looks great."])
def test_mentor_ask_near_misses(fine: str) -> None:
    assert "mentor-ask" not in rules(GOOD_REQUEST.replace("I'd love to hear",
                                                          fine + " I'd love to hear"))


# --------------------------------------------------------------- no-question


def test_no_question_fires_when_the_ask_is_not_a_question() -> None:
    text = GOOD_REQUEST.replace("Would you be open to a 20-minute call in the next few weeks?",
                                "Let me know if you have 20 minutes.")
    assert rules(text)["no-question"] == "warning"


def test_sign_offs_do_not_count_as_the_last_line() -> None:
    for sign_off in ("Thanks,\nZoë", "Best,\nZoë Łukasiewicz", "Cheers!\nZoë", "— Zoë",
                     "Many thanks"):
        text = GOOD_REQUEST.replace("Thanks,\nZoë", sign_off)
        assert "no-question" not in rules(text), sign_off


def test_no_question_only_for_purposes_that_ask() -> None:
    text = "Hi Dana,\n\nThank you for the chat yesterday; your advice on testing helped.\n\nZoë"
    assert "no-question" not in rules(text, purpose="thank_you")


# --------------------------------------------------------- no-common-ground


def test_no_common_ground_fires_on_a_message_all_about_the_ask() -> None:
    ctx = DraftContext.model_validate({"contact": {"first_name": "Dana"}})
    text = "Hi Dana,\n\nI'm new to coding. Could we talk for 20 minutes?\n\nZoë"
    assert rules(text, ctx=ctx)["no-common-ground"] == "warning"


@pytest.mark.parametrize("line", [
    "I enjoyed your talk on testing.",
    "We met at PyLadies last week.",
    "You mentioned Rust during the panel.",
    "I saw that Acme open-sourced its scheduler.",  # the contact's company
    "Both of us started as teachers.",
])
def test_any_reference_to_them_counts(line: str) -> None:
    ctx = DraftContext.model_validate({"contact": {"first_name": "Dana", "company": "Acme"}})
    text = f"Hi Dana,\n\n{line} Could we talk for 20 minutes?\n\nZoë"
    assert "no-common-ground" not in rules(text, ctx=ctx)


# ------------------------------------------------------------------ about-me


def test_about_me_fires_on_a_self_centred_message() -> None:
    text = ("Hi Dana,\n\nI am a teacher and I want to move into tech. I have been learning "
            "Python and my projects are on GitHub. I think I am ready, and I would love to "
            "talk. Could we chat about your work?\n\nZoë")
    assert rules(text)["about-me"] == "warning"
    assert "about-me" not in rules(GOOD_REQUEST)


# ---------------------------------------------------------------- no-greeting


def test_no_greeting_without_their_name() -> None:
    text = GOOD_REQUEST.replace("Hi Dana,", "Hello,")
    assert rules(text)["no-greeting"] == "warning"
    accented = DraftContext.model_validate({"contact": {"first_name": "Zoë"}})
    assert "no-greeting" not in rules("Hi Zoe, your talk was great. Coffee sometime?",
                                      ctx=accented)


# ---------------------------------------------------------------- attachment


def test_attachment_in_a_first_contact() -> None:
    text = GOOD_REQUEST.replace("Thanks,", "I've attached my CV for context.\nThanks,")
    assert rules(text, purpose="first_contact")["attachment"] == "error"
    fine = GOOD_REQUEST.replace("Thanks,", "I attached a photo from the meetup.\nThanks,")
    assert "attachment" not in rules(fine, purpose="first_contact")
    assert "attachment" not in rules(text, purpose="keep_in_touch")


# ------------------------------------------------------------------- generic


@pytest.mark.parametrize(("snippet", "severity"), [
    ("Dear Sir/Madam,", "warning"),
    ("To whom it may concern,", "warning"),
    ("Hi [Name],", "error"),
    ("Hi {first_name},", "error"),
    ("Hi {{ contact.first_name }},", "error"),
])
def test_generic_leftovers_and_boilerplate(snippet: str, severity: str) -> None:
    text = GOOD_REQUEST.replace("Hi Dana,", snippet + " Dana")
    assert rules(text)["generic"] == severity


def test_filler_is_only_informational() -> None:
    text = GOOD_REQUEST.replace("We both", "I hope this message finds you well. We both")
    report = coach(text, "linkedin_message", "interview_request", CTX)
    generic = [f for f in report.findings if f.rule == "generic"]
    assert [f.severity for f in generic] == ["info"]
    assert report.score == 97


def test_spans_point_at_the_problem() -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.",
                                "Are you hiring?")
    finding = next(f for f in coach(text, "email", "interview_request", CTX).findings
                   if f.rule == "job-ask")
    assert finding.span is not None
    assert text[finding.span[0]:finding.span[1]].lower() == "are you hiring"


def test_score_drops_with_each_problem() -> None:
    bad = "Dear Sir/Madam, please be my mentor and refer me for a job. [Name]"
    report = coach(bad, "linkedin_message", "interview_request", CTX)
    assert report.score < 40
    assert {"job-ask", "mentor-ask", "generic", "no-greeting"} <= {f.rule for f in
                                                                  report.findings}


# ------------------------------------------------- near misses found in review


@pytest.mark.parametrize("topic", [
    "I'd love to hear what you enjoy most about your current role.",
    "I'd love to hear what it's like to work at your company day to day.",
])
def test_ordinary_informational_questions_are_not_job_asks(topic: str) -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.", topic)
    assert "job-ask" not in rules(text)


def test_mentorship_as_a_topic_is_not_a_mentor_ask() -> None:
    text = GOOD_REQUEST.replace("We both went from teaching into tech,",
                                "I enjoyed your talk on mentorship for junior developers,")
    assert "mentor-ask" not in rules(text, purpose="first_contact")


def test_a_short_courtesy_after_the_question_is_fine() -> None:
    text = GOOD_REQUEST.replace("in the next few weeks?", "in the next few weeks? "
                                "No worries at all if not!")
    assert "no-question" not in rules(text)
    for sign_off in ("– Zoë", "-- Zoë"):
        assert "no-question" not in rules(GOOD_REQUEST.replace("Thanks,\nZoë", sign_off))
    rambling = GOOD_REQUEST.replace("in the next few weeks?", "in the next few weeks? I also "
                                    "wanted to say that I have been reading a lot about your "
                                    "field lately and it is fascinating.")
    assert rules(rambling)["no-question"] == "warning"


def test_report_backs_may_talk_about_what_the_learner_did() -> None:
    text = ("Hi Dana,\n\nQuick update: I added tests to my side project, then I refactored my "
            "models and I wrote up what I learned on my blog. Thanks again for the push.\n\nZoë")
    assert "about-me" not in rules(text, purpose="keep_in_touch")
    assert rules(text, purpose="first_contact")["about-me"] == "warning"
