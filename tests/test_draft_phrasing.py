"""Drafts read as if a person wrote them: details fit the sentences built around them.

Two halves: the shaping of each typed detail (:mod:`coffeechat.outreach.context`),
and checks over every built-in template rendered for every persona, for the classes
of slip a reader notices: a fragment where a sentence should be, a capital after a
colon, stacked hedges, and a "no ask" note that asks.
"""

from __future__ import annotations

import re

import pytest

from coffeechat.errors import MissingDetailsError
from coffeechat.outreach.channels import Purpose
from coffeechat.outreach.context import mid_sentence, opening_sentence, reported
from coffeechat.outreach.drafts import OutreachTemplate, render_draft
from tests.approved_drafts import builtin_templates, personas


@pytest.mark.parametrize(("typed", "opening"), [
    # A sentence is kept, with a capital and a full stop.
    ("We both went from teaching into tech", "We both went from teaching into tech."),
    ("we're both in the Android Dev Discord", "We're both in the Android Dev Discord."),
    ("Your talk on testing changed how I write code!",
     "Your talk on testing changed how I write code!"),
    ("I saw your PyCon talk on testing.", "I saw your PyCon talk on testing."),
    # Their work, typed as a noun phrase: "I saw…", with their capitals kept.
    ("Your PyCon talk on testing", "I saw your PyCon talk on testing."),
    ("your two posts on caching.", "I saw your two posts on caching."),
    # Shared places, typed as a noun phrase.
    ("the Odin Project Discord", "We're both in the Odin Project Discord."),
    ("Kubernetes community Discord", "We're both in the Kubernetes community Discord."),
    ("our Le Wagon bootcamp", "We're both from our Le Wagon bootcamp."),
    ("the Le Wagon bootcamp", "We're both from the Le Wagon bootcamp."),
    # "both …" with no subject.
    ("both ex-teachers", "We're both ex-teachers."),
    ("Both in the Rust Discord!", "We're both in the Rust Discord!"),
    ("both taught before tech", "We both taught before tech."),
    ("both learning Rust", "We're both learning Rust."),
    ("Both of us taught chemistry", "Both of us taught chemistry."),
    # Anything else stays as typed.
    ("Fellow Le Wagon alum!", "Fellow Le Wagon alum!"),
])
def test_common_ground_becomes_the_opening_sentence(typed: str, opening: str) -> None:
    assert opening_sentence(typed) == opening


@pytest.mark.parametrize(("typed", "inside"), [
    ("How you test for accessibility day to day.", "how you test for accessibility day to day"),
    ("What made you pick Kotlin?", "what made you pick Kotlin"),
    ("Your move from support into QA", "your move from support into QA"),
    # Names and acronyms keep their capitals.
    ("PyCon talks and how to give one", "PyCon talks and how to give one"),
    ("Kubernetes on call", "Kubernetes on call"),
    ("QA as a first job", "QA as a first job"),
    ("I", "I"),
])
def test_a_topic_sits_mid_sentence(typed: str, inside: str) -> None:
    assert mid_sentence(typed) == inside


@pytest.mark.parametrize(("typed", "after_you_said"), [
    ("small tests make refactoring safer", "small tests make refactoring safer"),
    ("that meetups are easier with a question ready",
     "that meetups are easier with a question ready"),
    ("Learn one test framework well.", "to learn one test framework well"),
    ("bring a question to every meetup", "to bring a question to every meetup"),
    ("Don't compare your first year to anyone's fifth", "not to compare your first year to "
     "anyone's fifth"),
    ("never skip the docs", "never to skip the docs"),
    ("always write the test first", "to always write the test first"),
    # A noun that is also a verb is not read as an order.
    ("test coverage matters less than you think", "test coverage matters less than you think"),
    ("Linux comes before Kubernetes", "Linux comes before Kubernetes"),
])
def test_a_takeaway_follows_you_said(typed: str, after_you_said: str) -> None:
    assert reported(typed) == after_you_said


def test_empty_details_stay_empty() -> None:
    assert opening_sentence("  ") is None
    assert mid_sentence(None) is None
    assert reported(" . ") is None


TEMPLATES = builtin_templates()
PEOPLE = personas()


def _drafts() -> list[tuple[OutreachTemplate, str, str]]:
    """Every (template, persona, draft) that can be drafted; the rest ask for details."""
    out = []
    for template in TEMPLATES:
        for name, (_about, ctx) in PEOPLE.items():
            try:
                out.append((template, name, render_draft(template, ctx)))
            except MissingDetailsError:
                continue
    return out


DRAFTS = _drafts()

#: Phrases that soften or hedge. One sentence of it per message is warm; two read as
#: nervous.
SOFTENERS = re.compile(
    r"no (?:worries|pressure|rush|problem|hard feelings|need to reply)|"
    r"(?:totally|completely|perfectly) fine|if (?:you're|you are) (?:busy|swamped)|"
    r"if (?:it's|that's) (?:easier|useful)|whatever time suits|fit around your|"
    r"if the offer still stands|not a good (?:time|moment)|if the timing|that's all|"
    r"no ask|no favou?r|no request", re.IGNORECASE)
#: A note that asks for nothing has no need to say so.
DISCLAIMERS = re.compile(r"no ask|no favou?r|no request|no need to reply|that's all",
                         re.IGNORECASE)


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("Subject:"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_every_template_is_drafted_for_at_least_five_personas(template: object) -> None:
    drafted = [name for t, name, _text in DRAFTS if t is template]
    assert len(drafted) >= 5, drafted


@pytest.mark.parametrize(("template", "persona", "text"), DRAFTS,
                         ids=[f"{t.name}-{n}" for t, n, _ in DRAFTS])
def test_a_draft_reads_as_written_by_a_person(template: object, persona: str,
                                              text: str) -> None:
    body = _body(text)
    # A capital only where a sentence starts: never after a colon mid-sentence.
    assert not re.search(r"\w: +(?!I\b)[A-Z]", body), body
    sentences = re.split(r"(?<=[.!?])\s+", body)
    hedged = [s for s in sentences if SOFTENERS.search(s)]
    assert len(hedged) <= 1, hedged
    if template.meta.purpose == Purpose.FIRST_CONTACT:  # type: ignore[attr-defined]
        assert not DISCLAIMERS.search(body), body
    # Every sentence starts with a capital (the learner's "i'm" included).
    for sentence in sentences:
        first = sentence.lstrip("\"“")[:1]
        assert not first.isalpha() or first.isupper(), sentence
