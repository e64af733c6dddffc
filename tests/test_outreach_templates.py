"""Every built-in outreach template renders, for every persona, to a message the coach
is happy with and that fits its channel."""

from __future__ import annotations

import pytest

from coffeechat.errors import MissingDetailsError
from coffeechat.outreach.channels import Channel, Purpose, limit_for
from coffeechat.outreach.coach import coach
from coffeechat.outreach.context import DraftContext
from coffeechat.outreach.drafts import list_templates, render_draft
from tests.approved_drafts import personas

#: The learners in tests/data/approved_drafts/personas.yaml: different roles, names with
#: diacritics, missing optional details, long and short common ground.
SAMPLES = {name: ctx for name, (_about, ctx) in personas().items()}

TEMPLATES = list_templates()
#: The norm for a first approach: fewer than 100 words.
FIRST_MESSAGES = {Purpose.FIRST_CONTACT, Purpose.INTERVIEW_REQUEST,
                  Purpose.CONNECT_AFTER_MEETUP}


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
    except MissingDetailsError as exc:
        pytest.skip(f"sample {sample} lacks {exc.missing}")
    report = coach(text, t.meta.channel, t.meta.purpose, ctx)  # type: ignore[attr-defined]
    bad = [f for f in report.findings if f.severity in ("error", "warning")]
    assert not bad, f"{text}\n---\n{bad}"
    limit = limit_for(t.meta.channel, ctx.linkedin_plan)  # type: ignore[attr-defined]
    assert limit is None or len(text) <= limit, f"{len(text)} > {limit}: {text}"
    if t.meta.purpose in FIRST_MESSAGES:  # type: ignore[attr-defined]
        assert len(text.split()) < 100, text
    assert "None" not in text and "{{" not in text
    assert not any("  " in line.strip() for line in text.splitlines()), text
    assert ctx.contact.first_name in text  # type: ignore[operator]


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_template_lists_what_is_missing_instead_of_a_broken_message(template: object) -> None:
    t = template
    if not t.meta.requires:  # type: ignore[attr-defined]
        pytest.skip("needs nothing")
    with pytest.raises(MissingDetailsError) as exc:
        render_draft(t, DraftContext())  # type: ignore[arg-type]
    assert exc.value.missing
    assert all(m.endswith(".") and "None" not in m for m in exc.value.missing)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_required_fields_are_real_context_fields(template: object) -> None:
    full = SAMPLES["career-changer"]
    for path in template.meta.requires:  # type: ignore[attr-defined]
        assert full.value(path) is not None, f"{path} is not a context field"
