"""Every built-in outreach template renders to a message the coach is happy with."""

from __future__ import annotations

import pytest

from coffeechat.errors import MissingDetails
from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.coach import coach
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.drafts import list_templates, render_draft

SAMPLES = {
    "career-changer": DraftContext.model_validate({
        "me": {"name": "Zoë Łukasiewicz", "first_name": "Zoë",
               "who_i_am": "I taught chemistry for six years",
               "what_i_do": "I'm learning backend development with Python and Django",
               "where_i_want_to_be": "In a year I'd like to be a junior backend developer",
               "target_role": "Backend developer"},
        "contact": {"name": "Dana Park", "first_name": "Dana", "title": "Staff engineer",
                    "company": "Acme", "met_at": "PyLadies Berlin"},
        "common_ground": "We both went from teaching into tech",
        "topic": "how you made the jump from the classroom to backend work",
        "event": "PyLadies Berlin",
        "takeaway": "write small tests before refactoring anything",
        "action_taken": "I added tests to my side project before refactoring it",
        "intro_name": "Sam Lee",
    }),
    "bootcamp": DraftContext.model_validate({
        "me": {"name": "Sam Okafor", "first_name": "Sam",
               "who_i_am": "I just finished a frontend bootcamp",
               "what_i_do": "I build small React apps",
               "where_i_want_to_be": "I want to work on accessible interfaces",
               "target_role": "Frontend developer"},
        "contact": {"name": "Nguyễn Thị Minh", "first_name": "Nguyễn", "title": None,
                    "company": None, "met_at": "the React Vienna meetup"},
        "common_ground": "I enjoyed your talk on accessible forms",
        "topic": "how you test for accessibility day to day",
        "event": "the React Vienna meetup",
        "takeaway": "screen reader testing takes ten minutes to learn",
        "action_taken": "I ran VoiceOver over my portfolio and fixed three labels",
        "intro_name": "Priya",
        "minutes": 15,
    }),
    "self-taught": DraftContext.model_validate({
        "me": {"name": "Ali Hassan", "first_name": "Ali"},
        "contact": {"name": "Maria García", "first_name": "Maria", "title": "SRE",
                    "company": "Globex", "met_at": None},
        "common_ground": "We're both in the Kubernetes community Discord",
        "topic": "what your on-call weeks are really like",
        "takeaway": "learn Linux before Kubernetes",
        "action_taken": "I worked through a Linux command-line course",
        "intro_name": "Kwame",
    }),
}

TEMPLATES = list_templates()


def test_every_channel_and_purpose_is_covered() -> None:
    channels = {t.meta.channel for t in TEMPLATES}
    assert channels == set(Channel)
    for purpose in Purpose:
        have = {t.meta.channel for t in TEMPLATES if t.meta.purpose == purpose}
        assert len(have) >= 2, f"{purpose} has only {have}"


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_template_renders_to_a_message_with_no_errors_or_warnings(template: object,
                                                                   sample: str) -> None:
    ctx = SAMPLES[sample]
    t = template
    try:
        text = render_draft(t, ctx)  # type: ignore[arg-type]
    except MissingDetails as exc:
        pytest.skip(f"sample {sample} lacks {exc.missing}")
    report = coach(text, t.meta.channel, t.meta.purpose, ctx)  # type: ignore[attr-defined]
    bad = [f for f in report.findings if f.severity in ("error", "warning")]
    assert not bad, f"{text}\n---\n{bad}"
    assert "None" not in text and "{{" not in text
    assert not any("  " in line.strip() for line in text.splitlines()), text
    assert ctx.contact.first_name in text  # type: ignore[operator]


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_template_lists_what_is_missing_instead_of_a_broken_message(template: object) -> None:
    t = template
    if not t.meta.requires:  # type: ignore[attr-defined]
        pytest.skip("needs nothing")
    with pytest.raises(MissingDetails) as exc:
        render_draft(t, DraftContext())  # type: ignore[arg-type]
    assert exc.value.missing
    assert all(m.endswith(".") and "None" not in m for m in exc.value.missing)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_required_fields_are_real_context_fields(template: object) -> None:
    full = SAMPLES["career-changer"]
    for path in template.meta.requires:  # type: ignore[attr-defined]
        assert full.value(path) is not None, f"{path} is not a context field"
