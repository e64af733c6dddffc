"""Each coach rule fires on messages that break it and stays quiet on near misses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from coffeechat.models import LinkedInPlan
from coffeechat.outreach.coach import coach
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.rules import RULES, Example, Rule

ROOT = Path(__file__).resolve().parent.parent

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


def test_word_limit_is_an_error_over_100_and_only_a_note_from_91() -> None:
    filler = " ".join(["It was great."] * 16)
    near = GOOD_REQUEST.replace("Thanks,", filler + "\nThanks,")
    assert 90 < coach(near, "email", "interview_request", CTX).words <= 100
    assert rules(near, "linkedin_message")["word-limit"] == "info"
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
    # The form-letter greeting is one problem, reported once (as generic), not also
    # as a missing greeting.
    assert {"job-ask", "mentor-ask", "generic"} <= {f.rule for f in report.findings}
    assert "no-greeting" not in {f.rule for f in report.findings}


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


# ------------------------------------------------------------ the rule registry

EXAMPLE_CONTEXT = {
    "me": {"name": "Zoë Łukasiewicz", "first_name": "Zoë"},
    "contact": {"name": "Dana Park", "first_name": "Dana", "company": "Acme"},
}


def _example_cases(kind: str) -> list[Any]:
    return [pytest.param(r, e, id=f"{r.id}-{i}") for r in RULES.values()
            for i, e in enumerate(getattr(r, kind))]


def _raised(rule: Rule, example: Example) -> dict[str, str]:
    context = {**EXAMPLE_CONTEXT, **example.context}
    report = coach(example.text, example.channel, example.purpose,
                   DraftContext.model_validate(context))
    return {f.rule: f.severity for f in report.findings if f.severity != "info"}


@pytest.mark.parametrize(("rule", "example"), _example_cases("breaks"))
def test_every_rule_fires_on_its_examples(rule: Rule, example: Example) -> None:
    assert rule.id in _raised(rule, example), example.text


@pytest.mark.parametrize(("rule", "example"), _example_cases("near_misses"))
def test_every_rule_stays_quiet_on_its_near_misses(rule: Rule, example: Example) -> None:
    assert rule.id not in _raised(rule, example), example.text


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_is_registered_with_examples_and_an_explanation(rule: Rule) -> None:
    assert rule.breaks and rule.near_misses
    assert rule.explanation[0].isupper() and rule.explanation.endswith(".")
    assert rule.purposes and rule.channels


def test_the_public_rule_ids_are_all_registered() -> None:
    assert set(RULES) == {"too-long", "word-limit", "job-ask", "mentor-ask", "no-question",
                          "no-common-ground", "about-me", "no-greeting", "attachment",
                          "generic", "no-subject"}


def _readme_rules_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### Coach rules" in readme, "README.md needs a '### Coach rules' section"
    section = readme.split("### Coach rules", 1)[1]
    return re.split(r"\n#{2,3} ", section, maxsplit=1)[0]


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_is_documented_in_the_readme_with_an_example(rule: Rule) -> None:
    section = _readme_rules_section()
    entry = re.search(rf"^#### `{re.escape(rule.id)}`\n(.*?)(?=^#### |\Z)", section,
                      re.MULTILINE | re.DOTALL)
    assert entry, f"README '### Coach rules' has no '#### `{rule.id}`' entry"
    text = entry.group(1)
    assert rule.explanation in text, "the README entry starts from the rule's explanation"
    assert re.search(r"^> ", text, re.MULTILINE), "the README entry quotes an example"


def test_the_readme_lists_no_rule_that_does_not_exist() -> None:
    documented = set(re.findall(r"^#### `([a-z-]+)`", _readme_rules_section(), re.MULTILINE))
    assert documented == set(RULES)


def test_the_app_shows_each_rule_explanation_and_links_to_the_readme() -> None:
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from coffeechat.outreach.coach import coach as run_coach
        from wizard.coach_view import show_report

        text = ("Dear Sir/Madam,\n\nI'm a teacher. Are you hiring? Would you be my mentor? "
                "I've attached my CV.\n\nZoë")
        show_report(run_coach(text, "email", "interview_request"))

    at = AppTest.from_function(page).run()
    shown = "\n".join(str(e.value) for kind in ("error", "warning", "info")
                      for e in getattr(at, kind))
    shown += "\n".join(str(m.value) for m in at.markdown) + "\n".join(
        str(c.value) for c in at.caption)
    report = coach("Dear Sir/Madam,\n\nI'm a teacher. Are you hiring? Would you be my mentor? "
                   "I've attached my CV.\n\nZoë", "email", "interview_request")
    assert len(report.findings) >= 4
    for finding in report.findings:
        assert RULES[finding.rule].explanation in shown, finding.rule
    assert "README.md#coach-rules" in shown


# --------------------------------------------------------- one finding per rule


def test_one_finding_per_rule_carries_every_span() -> None:
    text = GOOD_REQUEST.replace(
        "I'd love to hear how you chose backend work.",
        "Is Acme hiring? Could you refer me? Please keep me in mind if anything opens up.")
    report = coach(text, "linkedin_message", "interview_request", CTX)
    job = [f for f in report.findings if f.rule == "job-ask"]
    assert len(job) == 1
    quoted = [text[a:b].lower() for a, b in job[0].spans]
    assert len(quoted) >= 3, quoted
    assert job[0].span == job[0].spans[0]
    assert any("hiring" in q for q in quoted) and any("refer me" in q for q in quoted)
    assert any("keep me in mind" in q for q in quoted)


def test_rules_report_in_a_stable_order_with_findings_sorted_by_severity() -> None:
    report = coach("Are you hiring?", "email", "interview_request")
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[f.severity] for f in report.findings] == sorted(
        order[f.severity] for f in report.findings)


# --------------------------------------------------------- mechanisms in the issue


def _request(line: str, purpose: str = "interview_request", channel: str = "linkedin_message",
             ctx: DraftContext = CTX) -> dict[str, str]:
    text = f"Hi Dana,\n\n{line}\n\nWould you have 20 minutes for a call?\n\nZoë"
    return rules(text, channel, purpose, ctx)


@pytest.mark.parametrize("line", [
    "Your KubeCon EU keynote on boring infrastructure was great.",
    "Your two posts on caching cleared things up for me.",
    "The CLI tool you're building saved me a day.",
    "I read the audit your team published.",
    "We both went through the Odin Project.",
    "As another ex-nurse, I loved your story.",
    "Fellow Odin Project learner here!",
    "We were in the same Le Wagon cohort.",
    "Great meeting you at PyCon Lithuania.",
])
def test_specific_references_and_shared_facts_count_as_common_ground(line: str) -> None:
    ctx = DraftContext.model_validate({"contact": {"first_name": "Dana"}})
    assert "no-common-ground" not in _request(line, ctx=ctx)


@pytest.mark.parametrize("line", [
    "I admire your career.",
    "I'd love to hear about your experience.",
    "Your work is inspiring.",
    "I looked at your company and your profile.",
    "As a fellow developer, I'd love to learn from people like you.",
])
def test_vague_nouns_and_generic_ground_do_not_count(line: str) -> None:
    ctx = DraftContext.model_validate({"contact": {"first_name": "Dana"}})
    assert "no-common-ground" in _request(line, ctx=ctx)


@pytest.mark.parametrize("line", [
    "Please keep me in mind if anything opens up.",
    "Could you pass my name along to the team?",
    "Would you put my name forward?",
    "I'd love to be considered for the junior role.",
    "I'm hoping to join your team one day.",
    "I see your company is hiring.",
    "Do you take interns?",
    "I applied for the backend role; could you put in a word?",
    "I applied for the backend role. Could you recommend me to the hiring manager?",
])
def test_indirect_job_asks_are_caught(line: str) -> None:
    assert rules(GOOD_REQUEST.replace("I'd love to hear how you chose backend work.", line))[
        "job-ask"] == "error"
    note = f"Hi Dana, great meeting you at PyLadies Berlin! {line} Zoë"
    assert "job-ask" in rules(note, "linkedin_note", "connect_after_meetup")


@pytest.mark.parametrize("line", [
    "Your post “Why we stopped hiring on CVs” changed my mind.",
    "I applied to a bootcamp for the autumn.",
    "I'm applying to the Recurse Center this spring.",
    "The CV model you trained for potholes was great.",
    "I'd love to know what you look for in a junior's portfolio.",
])
def test_job_ask_near_misses(line: str) -> None:
    assert "job-ask" not in rules(GOOD_REQUEST.replace(
        "I'd love to hear how you chose backend work.", line))


@pytest.mark.parametrize("line", [
    "PFA my CV.",
    "My résumé: https://drive.google.com/file/d/1x/view",
    "Here's my resume, in case it helps: https://www.dropbox.com/s/x/resume.pdf",
    "I've attached my CV.",
])
def test_attachments_are_reported_as_attachment_not_job_ask(line: str) -> None:
    found = rules(GOOD_REQUEST.replace("I'd love to hear how you chose backend work.", line))
    assert found.get("attachment") == "error"
    assert "job-ask" not in found


@pytest.mark.parametrize("line", [
    "Would you be open to mentoring me?",
    "Could you take me under your wing?",
    "Can you be mentor for me?",
    "I'm looking for a mentor.",
])
def test_mentor_asks(line: str) -> None:
    assert "mentor-ask" in rules(GOOD_REQUEST.replace("I'd love to hear", line + " I'd love"))


def test_a_question_about_their_mentors_is_not_a_mentor_ask() -> None:
    text = GOOD_REQUEST.replace("I'd love to hear how you chose backend work.",
                                "Who mentored you when you started? How did you find them?")
    assert "mentor-ask" not in rules(text)


def test_a_question_mark_inside_a_link_does_not_end_the_message_with_a_question() -> None:
    text = GOOD_REQUEST.replace(
        "Would you be open to a 20-minute call in the next few weeks?",
        "Pick a time that suits you: https://cal.com/zoe?duration=20")
    assert "no-question" in rules(text)


def test_an_earlier_small_talk_question_does_not_count() -> None:
    text = GOOD_REQUEST.replace(
        "Would you be open to a 20-minute call in the next few weeks?",
        "How was PyCon? I'd love 20 minutes of your time to hear about it, whenever suits.")
    assert "no-question" in rules(text)


def test_a_thanks_sentence_is_not_a_sign_off() -> None:
    text = GOOD_REQUEST.replace(
        "Thanks,\nZoë",
        "Thanks for the great talk on Rust async, it helped me understand pinning.\n\nZoë")
    assert "no-question" in rules(text)


def test_a_note_that_only_reconnects_needs_no_question() -> None:
    note = ("Hi Dana, great meeting you at PyLadies Berlin! Your point about tests stuck with "
            "me. Let's stay in touch.\nZoë")
    assert "no-question" not in rules(note, "linkedin_note", "connect_after_meetup")


def test_no_salutation_fires_even_when_no_name_is_known() -> None:
    text = "Your post on testing was great, and we both taught. Could we talk?"
    assert "no-greeting" in rules(text, ctx=DraftContext())
    assert "no-greeting" not in rules("Hello! " + text, ctx=DraftContext())


def test_a_surname_greeting_is_a_greeting() -> None:
    text = GOOD_REQUEST.replace("Hi Dana,", "Dear Dr Park,")
    assert "no-greeting" not in rules(text)


@pytest.mark.parametrize("snippet", ["[insert name]", "<NAME>", "{company}",
                                     "Greetings of the day.", "To whom it may concern,"])
def test_placeholders_in_any_bracket_and_form_letter_phrases(snippet: str) -> None:
    assert "generic" in rules(GOOD_REQUEST.replace("We both", snippet + " We both"))


def test_an_empty_name_is_a_placeholder_but_my_todo_app_is_not() -> None:
    assert rules(GOOD_REQUEST.replace("Hi Dana,", "Hi ,"))["generic"] == "error"
    assert "generic" not in rules(GOOD_REQUEST.replace("We both", "I built my todo app. We both"))


def test_subject_with_a_space_before_the_colon_is_accepted() -> None:
    assert "no-subject" not in rules("Subject : Fellow teacher\n\n" + GOOD_REQUEST, "email")


def test_generic_you_is_not_the_reader() -> None:
    text = ("Hi Dana,\n\nYou know that feeling when you finally get a bug after three days? I "
            "had it all week. I am a teacher and I have been learning Python at night. I built "
            "two small apps for my class and I am proud of them. Could we talk?\n\nZoë")
    assert "about-me" in rules(text)


# ------------------------------------------------- found while probing new messages


@pytest.mark.parametrize("line", [
    "I'm currently looking for my first developer role.",
    "I'd be thrilled to eventually contribute to a team like yours.",
    "Could you forward my profile to your recruiter?",
    "Is there an opening on your team for someone like me?",
    "My resume is on my profile if you want to take a look.",
    "I'm keen to get my foot in at Acme.",
    "If you hear of anything for a junior, I'd be grateful.",
    "Could you help with my application to the graduate scheme?",
])
def test_more_indirect_job_asks(line: str) -> None:
    assert "job-ask" in rules(GOOD_REQUEST.replace(
        "I'd love to hear how you chose backend work.", line))


@pytest.mark.parametrize("line", [
    "I'd love some guidance and regular check-ins as I learn.",
    "Could you guide me in my journey?",
    "Would you consider being a mentor to me?",
])
def test_mentor_asks_without_the_usual_words(line: str) -> None:
    assert "mentor-ask" in rules(GOOD_REQUEST.replace(
        "I'd love to hear how you chose backend work.", line))


def test_a_title_and_surname_greeting_is_a_greeting() -> None:
    assert "no-greeting" not in rules(GOOD_REQUEST.replace("Hi Dana,", "Good morning Ms. Park,"))


def test_a_reassurance_after_the_question_is_fine_at_any_length() -> None:
    text = GOOD_REQUEST.replace("in the next few weeks?", "in the next few weeks? No pressure "
                                "at all, I know you're busy and I appreciate any time you give.")
    assert "no-question" not in rules(text)


def test_their_profile_platform_is_not_common_ground() -> None:
    ctx = DraftContext.model_validate({"contact": {"first_name": "Dana"}})
    assert "no-common-ground" in _request(
        "I came across your LinkedIn and was impressed by your journey.", ctx=ctx)


# ------------------------------------------- mechanisms, in wordings no corpus holds

_BASE = ("Hi Dana,\n\nWe both taught chemistry before tech, and your post on flaky tests at "
         "Acme was great. {}\n\nZoë")


@pytest.mark.parametrize(("expected", "text"), [
    # A place for the writer, at their organisation, or a wish to join it.
    ("job-ask", _BASE.format("If a junior spot ever frees up, I'd be grateful for a heads-up. "
                             "Could we talk?")),
    ("job-ask", _BASE.format("Would your team consider someone like me for an internship?")),
    ("job-ask", _BASE.format("I'd be honoured to be part of your analytics team. Could we "
                             "talk?")),
    ("job-ask", _BASE.format("Could you drop my name to the hiring team? Could we talk?")),
    ("job-ask", _BASE.format("Any chance you could help me land an interview at your company? "
                             "Could we talk?")),
    ("job-ask", "hey dana! we both taught lol. do u guys hire self-taught devs? can we talk?"),
    ("job-ask", "hey dana! we both taught lol. i'd be happy to intern for free at ur startup. "
                "can we talk?"),
    ("job-ask", _BASE.format("Would it be okay to mention your name when I apply? Could we "
                             "talk?")),
    ("job-ask", _BASE.format("Could you tell me who handles recruitment at Acme? Could we "
                             "talk?")),
    # Insight about hiring, their work's topic, applying to a course: not asks.
    ("", _BASE.format("What do you look for when you hire juniors? Could we talk?")),
    ("", _BASE.format("What is your hiring process like for juniors? Could we talk?")),
    ("job-ask", _BASE.format("I see your company is hiring. Could we talk?")),
    ("", _BASE.format("Is there room for beginners in your weekly code review stream? Could "
                      "we talk?")),
    ("", _BASE.format("I'm applying for my first QA jobs soon. What skills matter most?")),
    ("", _BASE.format("I'd love to hear what it's like to work at your company. Could we "
                      "talk?")),
    ("", "Hi Dana,\n\nWe both taught, and your talk on hiring analysts from hotel operations "
         "was excellent. Could we talk?\n\nZoë"),
    # Mentors.
    ("mentor-ask", _BASE.format("I'd be honoured to have you as a mentor. Could we talk?")),
    ("", _BASE.format("Did you have a mentor when you started? Could we talk?")),
    # CV as computer vision; "resume" as a verb.
    ("", _BASE.format("What made you choose CV over other ML areas? Could we talk?")),
    ("", _BASE.format("When the meetup resumes in May I'll come and say hi. Could we talk?")),
    ("attachment", _BASE.format("I'm re-sending my resume in case it helps. Could we talk?")),
])
def test_asks_are_read_from_the_roles_of_their_words(expected: str, text: str) -> None:
    found = {rule for rule, severity in rules(text).items() if severity != "info"}
    asks = {"job-ask", "mentor-ask", "attachment"}
    if expected:
        assert expected in found
    else:
        assert not asks & set(found), found


@pytest.mark.parametrize("text", [
    "Szia Dana,\n\nWe both taught before tech. Could we talk?\n\nZoë",
    "oi Dana! we both taught before tech. could we talk?",
    "Namaste Dana ji, we both taught before tech. Could we talk?",
    "hiii dana 👋 we both taught before tech. could we talk?",
    "hey @dana.codes 👋 we both taught before tech. could we talk?",
    "Dear Ms Park,\n\nWe both taught before tech. Could we talk?\n\nZoë",
])
def test_greetings_in_any_language_or_by_handle_or_surname(text: str) -> None:
    assert "no-greeting" not in rules(text)


@pytest.mark.parametrize("text", [
    "quick q: how did you switch? we both taught before tech. could we talk?",
    "Loved your talk! We both taught before tech. Could we talk?",
])
def test_an_opening_without_a_salutation_is_still_no_greeting(text: str) -> None:
    assert "no-greeting" in rules(text)


@pytest.mark.parametrize(("expected", "body"), [
    ("no-common-ground", "I admire your career and your work at Google."),
    ("no-common-ground", "I'm trying to connect with experienced professionals like you."),
    ("", "I saw you are also in the Codebasics discord and you shifted from finance too."),
    ("", "I just joined the DataTalks slack where you answer so many dbt questions."),
    ("", "I saw you in the js server."),
    ("", "Like you, I left nursing for data."),
])
def test_common_ground_is_read_from_who_does_what(expected: str, body: str) -> None:
    found = rules(f"Hi Dana,\n\n{body} Could we talk for 15 minutes?\n\nZoë")
    assert ("no-common-ground" in found) == bool(expected)


def test_a_blurb_to_forward_after_the_question_does_not_hide_it() -> None:
    text = ("Hi Dana,\n\nThanks for offering to introduce me to Sam. Would you still be happy "
            "to do that? I've put a short blurb below that you can forward.\n\n"
            "\"Zoë, ex-teacher learning backend, curious how Sam's team tests payments.\"\n\n"
            "Zoë")
    assert "no-question" not in rules(text, purpose="intro_request")
    statement = text.replace("Would you still be happy to do that?", "Please do that soon.")
    assert "no-question" in rules(statement, purpose="intro_request")
