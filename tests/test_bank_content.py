"""Content rules for the built-in banks.

The schema checks (tests/test_banks.py) say a bank is well formed; these say it is
good to ask from: every role carries the themes career centres ask about, questions
ask one thing at a time, nobody is asked to judge the learner, and priorities mean
something. The heuristics are pinned with examples and near misses of their own, so
a loosened pattern fails here before it lets a bad question through.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter

import pytest

from coffeechat.banks import builtin_bank
from coffeechat.models import Category, Question, Theme

# The id suffix names the career-centre theme (see question_banks/README.md); the
# pattern checks the text really is about it, so a relabelled question fails.
CAREER_THEMES: dict[str, re.Pattern[str]] = {
    "least-liked": re.compile(r"\bleast\b|frustrat|draining", re.I),
    "progression": re.compile(
        r"\bnext\b|\bgo(ne)?\b|\bgrow|\bhead\b|\bmove|\bdirections?\b|\bladder\b|\bcareers?\b",
        re.I,
    ),
    "environment": re.compile(r"\bhours\b|\bremote\b", re.I),
    "pay-market": re.compile(r"\bpay\b|\bpaid\b|salar|going rate|\branges?\b", re.I),
    "related-roles": re.compile(r"\btitles?\b|\bjobs\b|\broles\b", re.I),
}

# Above this, two roles' questions on one theme read as one sentence with the role
# name swapped. Today's closest pair is about 0.72.
MAX_SIMILARITY = 0.75

# Share of a file's questions at each priority: (at least, at most). 5 is kept for
# the questions a learner should not skip, so it stays rare.
PRIORITY_BOUNDS: dict[int, tuple[float, float]] = {
    5: (0.05, 0.20),
    4: (0.15, 0.35),
    3: (0.20, 0.45),
    2: (0.10, 0.30),
    1: (0.05, 0.20),
}
MAX_TOP_TWO = 0.45  # priorities 4 and 5 together

_WH = r"(how|what|which|who|whom|why|where|when|whether|is|are|do|does|did|would|could|" \
      r"should|can|has|have|was|were|will)"
# ", and how …" / ", or what …" start a second question; "but" usually qualifies the
# first one ("…would never notice, but would hurt them most…"), so it is left alone.
_SECOND_ASK = re.compile(rf",\s+(and|or)\s+{_WH}\b", re.I)
_TWO_MARKS = re.compile(r"\?.*\?", re.S)

_JUDGE_ME = re.compile(
    r"\bdo you think I('d|'m|\s+(would|could|will|am|can|fit|stand))\b"
    r"|\bwould I be\b|\bam I\b|\bI'd enjoy\b|\bI would enjoy\b"
    r"|\b(good|right|better) fit for me\b|\bsound like a (good |better )?fit\b"
    r"|\bfrom what I've (told|shared)\b|\bhire me\b|\bmy chances\b",
    re.I,
)
_LEADING = re.compile(
    r"^(isn't|aren't|don't|doesn't|wouldn't|won't)\b|\bdo you agree\b|\bisn't it true\b"
    r"|,\s*right\?$|\bdon't you think\b",
    re.I,
)
_OWN_PAY = re.compile(
    r"\byour (own )?(pay|salary|salaries|wage|income|package)\b"
    r"|\byou (earn|get paid)\b|\b(what|how much) (do|did) you (earn|make)\b",
    re.I,
)


def joins_two_questions(text: str) -> bool:
    """Whether a question text asks two things that belong in a question and a probe."""
    return bool(_SECOND_ASK.search(text) or _TWO_MARKS.search(text))


def asks_to_be_judged(text: str) -> bool:
    """Whether a text asks a stranger to judge the learner, or leads them to an answer."""
    return bool(_JUDGE_ME.search(text) or _LEADING.search(text))


def interview_files() -> list[tuple[str, list[Question]]]:
    bank = builtin_bank()
    return [(f.where, list(f.bank.questions)) for f in bank.files if f.bank.deck == "interview"]


def all_texts() -> list[tuple[str, str]]:
    """(question id, text) for every question text and every follow-up probe."""
    out: list[tuple[str, str]] = []
    for _, questions in interview_files():
        for q in questions:
            out.append((q.id, q.text))
            out.extend((q.id, probe) for probe in q.follow_ups)
    return out


# ----------------------------------------------------------- the heuristics


@pytest.mark.parametrize("text", [
    "Who decides how a new API endpoint should look, and how do you avoid breaking apps?",
    "Which backend languages are gaining ground, and which get more talk than use?",
    "Have you seen teams move back to a monolith, and what pushed them to do it?",
    "Does QA matter? How would you start?",
    "Is that true for entry-level roles, or is it mostly hype?",
])
def test_two_part_detector_flags_joined_questions(text: str) -> None:
    assert joins_two_questions(text)


@pytest.mark.parametrize("text", [
    "What part of the system would users never notice, but would hurt them most if it broke?",
    "How do you decide what's worth automating and what's better explored by a person?",
    "Security covers AppSec, cloud and more. Which corner are you in?",
    "What makes a portfolio stand out, the question asked, the method, or the story?",
])
def test_two_part_detector_leaves_single_questions_alone(text: str) -> None:
    assert not joins_two_questions(text)


@pytest.mark.parametrize("text", [
    "From what I've told you about myself, do you think I'd enjoy full-stack work?",
    "Does data engineering sound like a better fit for me than analytics?",
    "Would I be a good junior hire for your team?",
    "Isn't it true that certifications are box-ticking?",
    "Do you agree that Kubernetes is overused?",
    "Do you think I could get a job like yours in a year?",
    "Bootcamps are enough these days, right?",
])
def test_judge_me_detector_flags_judging_and_leading_questions(text: str) -> None:
    assert asks_to_be_judged(text)


@pytest.mark.parametrize("text", [
    "What kind of person tends to do well on your team?",
    "How would I know I'm ready to start applying for roles like yours?",
    "What do people who enjoy full-stack work tend to like about it?",
    "How could I find out which way suits me?",
    "Who else do you think I should talk to?",
    "How do you check that what they said is right?",
])
def test_judge_me_detector_leaves_open_questions_alone(text: str) -> None:
    assert not asks_to_be_judged(text)


@pytest.mark.parametrize("text, personal", [
    ("How much do you earn?", True),
    ("Would you mind sharing your salary?", True),
    ("What did you make in your first job?", True),
    ("Where would a newcomer find fair pay ranges for junior roles?", False),
    ("Which of those did you make yourself?", False),
    ("How much do you lean on hosted services?", False),
])
def test_own_pay_detector(text: str, personal: bool) -> None:
    assert bool(_OWN_PAY.search(text)) is personal


# --------------------------------------------------------------- the banks


def test_every_role_has_each_career_centre_theme() -> None:
    bank = builtin_bank()
    missing: list[str] = []
    for role in bank.roles:
        for suffix, about in CAREER_THEMES.items():
            q = bank.questions.get(f"{role}.{suffix}")
            if q is None:
                missing.append(f"{role}.{suffix}: no such question")
            elif q.roles == "all" or role not in q.roles:
                missing.append(f"{role}.{suffix}: not scoped to {role}")
            elif not about.search(q.text):
                missing.append(f"{role}.{suffix}: text is not about {suffix}: {q.text!r}")
    assert not missing, "\n".join(missing)


def test_career_centre_questions_are_written_for_each_role() -> None:
    bank = builtin_bank()
    too_alike: list[str] = []
    for suffix in CAREER_THEMES:
        questions = [bank.questions[f"{role}.{suffix}"] for role in bank.roles]
        for a, b in itertools.combinations(questions, 2):
            ratio = difflib.SequenceMatcher(None, a.text.lower(), b.text.lower()).ratio()
            if ratio > MAX_SIMILARITY:
                too_alike.append(f"{a.id} / {b.id}: {ratio:.2f}")
    assert not too_alike, "reword so each reads as written for its role:\n" + "\n".join(too_alike)


def test_pay_is_asked_about_the_market_never_the_person() -> None:
    personal = [f"{qid}: {text}" for qid, text in all_texts() if _OWN_PAY.search(text)]
    assert not personal, "\n".join(personal)
    bank = builtin_bank()
    for role in bank.roles:
        text = bank.questions[f"{role}.pay-market"].text.lower()
        # About the field as a newcomer meets it, not about this person.
        market_words = ("market", "range", "newcomer", "going rate", "survey", "junior", "entry")
        assert any(w in text for w in market_words), text


def test_may_i_mention_your_name_follows_who_else() -> None:
    bank = builtin_bank()
    who_else = bank.questions["core.who-else"]
    mention = bank.questions["core.mention-name"]
    assert "mention your name" in mention.text.lower()
    assert mention.category == who_else.category == Category.CLOSING
    assert mention.roles == "all" and mention.audiences == "all"
    # Ranked just below who-else, so anything ordering by priority asks it second.
    assert mention.priority < who_else.priority
    core = next(qs for where, qs in interview_files() if where.endswith("core.yaml"))
    ids = [q.id for q in core]
    assert ids.index("core.mention-name") == ids.index("core.who-else") + 1
    for role, audience in [("frontend", "senior-dev"), ("security", "recruiter")]:
        picked = [q.id for q in bank.select(role=role, audience=audience)]
        assert picked.index("core.who-else") < picked.index("core.mention-name")


def test_every_role_has_tailored_typical_day_and_challenges() -> None:
    bank = builtin_bank()
    missing: list[str] = []
    for role in bank.roles:
        themes = {q.theme for q in bank.questions.values()
                  if q.roles != "all" and role in q.roles and q.theme is not None}
        missing.extend(f"{role}: {t.value}" for t in (Theme.TYPICAL_DAY, Theme.CHALLENGES)
                       if t not in themes)
    assert not missing, "roles without a tailored themed question: " + ", ".join(missing)


def test_themed_questions_can_shrink_for_tight_plans() -> None:
    stiff = [q.id for q in builtin_bank().questions.values()
             if q.theme is not None and q.minutes > 1
             and (q.min_minutes is None or q.min_minutes >= q.minutes)]
    assert not stiff, f"give these a min_minutes below minutes: {stiff}"


@pytest.mark.parametrize("where", [where for where, _ in interview_files()])
def test_priorities_are_spread_in_every_file(where: str) -> None:
    questions = dict(interview_files())[where]
    counts = Counter(q.priority for q in questions)
    total = len(questions)
    for level, (low, high) in PRIORITY_BOUNDS.items():
        share = counts[level] / total
        assert low <= share <= high, (
            f"{where}: {counts[level]} of {total} at priority {level} ({share:.0%}); "
            f"keep it within {low:.0%}-{high:.0%}"
        )
    top = (counts[4] + counts[5]) / total
    assert top <= MAX_TOP_TWO, f"{where}: {top:.0%} rated 4 or 5"


def test_no_question_asks_two_things_at_once() -> None:
    # Probes may ask a short "…, and why?"; the question itself asks one thing.
    joined = [f"{q.id}: {q.text}" for _, questions in interview_files() for q in questions
              if joins_two_questions(q.text)]
    assert not joined, "split into a question and a follow-up probe:\n" + "\n".join(joined)


def test_nobody_is_asked_to_judge_the_learner() -> None:
    judging = [f"{qid}: {text}" for qid, text in all_texts() if asks_to_be_judged(text)]
    assert not judging, "ask about their experience instead:\n" + "\n".join(judging)


def test_follow_up_probes_are_questions() -> None:
    bad = [f"{qid}: {text}" for qid, text in all_texts() if not text.rstrip().endswith("?")]
    assert not bad, "\n".join(bad)
