"""Check an outreach draft against what good first messages have in common.

The rules turn published norms (the "5-Point Email" from *The 2-Hour Job Search*,
channel limits) and the domain brief (never lead with a favour; lead with common
ground; make it about them) into checks. Each rule is tuned to stay quiet on good
messages: a coach that nags gets ignored.

Rule ids are a public interface: ``too-long``, ``word-limit``, ``job-ask``,
``mentor-ask``, ``no-question``, ``no-common-ground``, ``about-me``,
``no-greeting``, ``attachment``, ``generic`` and ``no-subject``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from coffeechat.outreach.channels import EMAIL_SUBJECT_LIMIT, Channel, Purpose, limit_for
from coffeechat.outreach.context import DraftContext

Severity = Literal["error", "warning", "info"]

WORD_LIMIT = 100
#: Words allowed after the final question before the message "doesn't end with" one.
COURTESY_WORDS = 12
WORD_WARNING = 90
PENALTY = {"error": 30, "warning": 12, "info": 3}

#: Purposes where the message asks for something, so it should end with a question.
ASKING = {Purpose.INTERVIEW_REQUEST, Purpose.NO_REPLY_FOLLOWUP, Purpose.INTRO_REQUEST,
          Purpose.CONNECT_AFTER_MEETUP}
#: Messages that should be mostly about them. A report-back or a thank-you is
#: naturally about what the learner did, so it is not judged this way.
ABOUT_THEM_PURPOSES = {Purpose.FIRST_CONTACT, Purpose.INTERVIEW_REQUEST,
                       Purpose.CONNECT_AFTER_MEETUP, Purpose.INTRO_REQUEST}
#: Purposes that open a relationship: the 5-point rules apply in full.
OPENING = {Purpose.FIRST_CONTACT, Purpose.INTERVIEW_REQUEST}


class Finding(BaseModel):
    """One thing the coach noticed."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    message: str
    span: tuple[int, int] | None
    suggestion: str


class CoachReport(BaseModel):
    """Everything the coach says about a draft."""

    model_config = ConfigDict(frozen=True)

    score: int
    findings: list[Finding]
    characters: int
    words: int
    limit: int | None

    @property
    def errors(self) -> list[Finding]:
        """Findings that should be fixed before sending."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings worth a second look."""
        return [f for f in self.findings if f.severity == "warning"]

    def as_dict(self) -> dict[str, object]:
        """The public JSON shape: score and findings."""
        return {
            "score": self.score,
            "findings": [f.model_dump() for f in self.findings],
        }


# --------------------------------------------------------------------- parsing

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_SIGN_OFF = re.compile(
    r"^(thanks|thank you|many thanks|thanks so much|thanks again|best|best wishes|all the best|"
    r"cheers|regards|kind regards|warm regards|warmly|talk soon|speak soon|take care|"
    r"with thanks|gratefully|see you|until then)\b.*$",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    """Lower-case and strip accents, so 'Zoë' matches 'zoe'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def split_subject(text: str, channel: Channel) -> tuple[str | None, str, int]:
    """For email, the ``Subject:`` line, the body, and the body's offset in ``text``."""
    if channel != Channel.EMAIL:
        return None, text, 0
    match = re.match(r"\s*subject:[ \t]*(.*)\n?", text, re.IGNORECASE)
    if not match:
        return None, text, 0
    return match.group(1).strip(), text[match.end():], match.end()


def count_words(text: str) -> int:
    """Words as a reader would count them."""
    return len(_WORD.findall(text))


def _closing_text(body: str, ctx: DraftContext) -> tuple[str, int]:
    """The last line that is not a sign-off or signature, and its offset."""
    lines = body.rstrip().splitlines()
    names = {_fold(n) for n in (ctx.me.name or "", ctx.me.first_name or "") if n}
    offset = len(body.rstrip())
    while lines:
        line = lines[-1].strip()
        folded = _fold(line).strip(" ,.!-—–")
        is_signature = (
            not line
            or _SIGN_OFF.match(line) is not None
            or folded in names
            or (len(line.split()) <= 3 and not line.endswith(("?", ".")) and line[:1].isupper()
                and not any(c in line for c in "?"))
        )
        if not is_signature:
            break
        lines.pop()
        offset = len("\n".join(lines))
    if not lines:
        return "", 0
    last = lines[-1]
    return last.strip(), offset - len(last)


# ----------------------------------------------------------------------- rules

_JOB_ASK = [
    r"\b(are|is) (you|your (team|company|org\w*)|\w+) (currently )?hiring\b",
    r"\bif (you|your team|your company|they) (are|were|is|'re|’re) hiring\b",
    r"\bhiring for\b",
    r"\b(any|open|available|upcoming) (jobs?|positions?|openings?|roles?|vacanc\w+)\b",
    r"\bjob (openings?|opportunit\w+|offers?|leads?)\b",
    r"\b(help|helping) me (get|find|land|secure) (a |my )?(first )?(job|role|position)\b",
    r"\b(looking|searching|hunting) for (a |my first |an? \w+ )?(job|position|role)\b",
    r"\b(apply|applying|application) (for|to) (a |the |your |an? )?\w*",
    r"\b(refer|referring) me\b",
    r"\breferrals?\b",
    r"\bput in a (good )?word\b",
    r"\b(my|attached|attach\w*|the) (resume|résumé|cv)\b",
    r"\b(resume|résumé|cv) (review|feedback)\b",
    r"\b(job|position|role|opening)s? (at|with|on) (your|you)\b",
    r"\b(i'd|i’d|i would)( really)? (love|like) to work (for|at|with) (you|your)\b",
    r"\b(i want|i hope|i am hoping|i'm hoping|i’m hoping) to work (for|at|with) (you|your)\b",
    r"\bget (a|my) foot in the door\b",
]
_JOB_ASK_RE = re.compile("|".join(_JOB_ASK), re.IGNORECASE)

_MENTOR_ASK = re.compile(
    r"\b(be|become) my mentor\b|\bmentor me\b|\b(would|could|will) you (consider |be willing to )?"
    r"(mentor|mentoring)\b|\blooking for (a )?(mentor|mentorship)\b"
    r"|\b(my|a) mentor\?",
    re.IGNORECASE,
)

_ATTACHMENT = re.compile(
    r"\b(attach\w*|enclos\w*)\b[^.?!\n]{0,40}\b(resume|résumé|cv|portfolio)\b"
    r"|\b(resume|résumé|cv)\b[^.?!\n]{0,20}\b(attached|enclosed)\b",
    re.IGNORECASE,
)

_PLACEHOLDER = re.compile(
    r"\[(?:your |their |contact |first |company |job )?(?:name|first name|company|title|role|"
    r"topic|event|date|x|link)\]|\{\{.*?\}\}|\{[a-z_]+\}|<(?:name|company|first_name|topic)>|"
    r"\bXXX+\b|\bFIRST_NAME\b|\bCOMPANY_NAME\b|\bTODO\b|lorem ipsum",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\bdear (sir|madam|sir or madam|sir/madam|hiring manager|recruiter|team)\b"
    r"|\bto whom it may concern\b|\bi am writing to (inquire|enquire|express)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\bi hope (this|my) (email|message|note) finds you well\b", re.IGNORECASE)

_ABOUT_THEM = re.compile(
    r"\byour (talk|post|article|blog|project|repo|library|work|team|company|product|"
    r"newsletter|podcast|video|thread|comment|answer|journey|path|story|career|experience|"
    r"advice|tips?|insights?|book|course|tutorial|code|pull request|pr|presentation|panel|"
    r"workshop|keynote|session|app|game|site|tool|role|move|switch|transition|writing|docs|"
    r"research|recommendations?|suggestion|offer|point|time at|perspective|take)\b"
    r"|\b(we both|both of us|we met|we spoke|we talked|we chatted|our chat|our conversation|"
    r"fellow|like you|same (bootcamp|school|course|meetup|community|group|city|background|"
    r"university|server|program|cohort))\b"
    r"|\byou (wrote|shared|said|mentioned|built|gave|posted|spoke|talked|made|recommended|"
    r"suggested|offered|introduced|explained|pointed|described|answered|helped|run|lead|"
    r"maintain|organi[sz]e|host)\b",
    re.IGNORECASE,
)
_ME = re.compile(r"\b(i|me|my|mine|myself|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll)\b",
                 re.IGNORECASE)
_YOU = re.compile(r"\b(you|your|yours|yourself|you're|you’re|you've|you’ve|you'd|you’d|"
                  r"you'll|you’ll)\b", re.IGNORECASE)


def _finding(rule: str, severity: Severity, message: str, suggestion: str,
             span: tuple[int, int] | None = None) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, span=span,
                   suggestion=suggestion)


def _common_ground_words(ctx: DraftContext) -> set[str]:
    words: set[str] = set()
    for value in (ctx.common_ground, ctx.contact.company, ctx.event, ctx.contact.met_at,
                  ctx.contact.title, ctx.topic):
        if value:
            words |= {w for w in (_fold(x) for x in _WORD.findall(value)) if len(w) >= 4}
    return words - {"with", "that", "this", "from", "both", "your", "have", "about", "into",
                    "just", "what", "when", "were", "they", "them", "their", "some"}


def _rules(text: str, channel: Channel, purpose: Purpose,
           ctx: DraftContext) -> Iterator[Finding]:
    pu = purpose
    subject, body, body_offset = split_subject(text, channel)
    limit = limit_for(channel, ctx.linkedin_plan)

    # too-long: channel hard limits, and email subjects
    if limit is not None and len(text) > limit:
        yield _finding(
            "too-long", "error",
            f"{len(text)} characters; this channel cuts off at {limit}.",
            f"Trim {len(text) - limit} characters. Keep the common ground and the question.",
            (limit, len(text)),
        )
    if subject is not None and len(subject) > EMAIL_SUBJECT_LIMIT:
        start = text.find(subject)
        yield _finding(
            "too-long", "error",
            f"The subject is {len(subject)} characters; inboxes cut it at "
            f"{EMAIL_SUBJECT_LIMIT}.",
            "Use a short subject that names your connection, e.g. 'Fellow CodeBar alum'.",
            (start + EMAIL_SUBJECT_LIMIT, start + len(subject)),
        )
    if channel == Channel.EMAIL and not subject:
        yield _finding(
            "no-subject", "warning", "This email has no 'Subject:' line.",
            "Start with 'Subject: ...', short and specific to them.", None,
        )

    # word-limit: the 5-point email stays under 100 words
    words = count_words(body)
    if purpose in OPENING:
        if words > WORD_LIMIT:
            yield _finding(
                "word-limit", "error",
                f"{words} words. First messages work best under {WORD_LIMIT} words.",
                "Cut background about yourself first; keep the connection and the question.",
                None,
            )
        elif words > WORD_WARNING:
            yield _finding(
                "word-limit", "warning",
                f"{words} words: close to the {WORD_LIMIT}-word limit for a first message.",
                "A shorter message is easier to say yes to.", None,
            )

    # job-ask: no jobs, referrals or resumes in an opening message
    if purpose in OPENING:
        for match in _JOB_ASK_RE.finditer(text):
            yield _finding(
                "job-ask", "error",
                f"“{match.group(0)}” asks about a job. A first message should only ask for "
                "their insight.",
                "Remove it. If the chat goes well, opportunities tend to come up on their own.",
                (match.start(), match.end()),
            )
            break

    # mentor-ask
    mentor = _MENTOR_ASK.search(text)
    if mentor:
        yield _finding(
            "mentor-ask", "error" if purpose in OPENING else "warning",
            f"“{mentor.group(0)}” asks them to be your mentor, which is a big ask of a "
            "stranger.",
            "Ask one specific question instead. Mentorship grows out of conversations.",
            (mentor.start(), mentor.end()),
        )

    # attachment
    if purpose in OPENING:
        attached = _ATTACHMENT.search(text)
        if attached:
            yield _finding(
                "attachment", "error",
                "A first message that attaches a resume or CV reads like a job application.",
                "Leave it out; share your work later if they ask.",
                (attached.start(), attached.end()),
            )

    # generic: leftovers and boilerplate
    for match in _PLACEHOLDER.finditer(text):
        yield _finding(
            "generic", "error", f"“{match.group(0)}” looks like a placeholder left in.",
            "Replace it with the real detail.", (match.start(), match.end()),
        )
    boiler = _BOILERPLATE.search(text)
    if boiler:
        yield _finding(
            "generic", "warning", f"“{boiler.group(0)}” sounds like a form letter.",
            "Greet them by name and write the way you'd talk.",
            (boiler.start(), boiler.end()),
        )
    filler = _FILLER.search(text)
    if filler:
        yield _finding(
            "generic", "info", "This opening line is filler most people skim past.",
            "Open with your connection to them instead.", (filler.start(), filler.end()),
        )

    # no-greeting: address them by name near the top
    first = ctx.contact.first_name
    if first:
        opening = _fold(body.strip()[:80])
        if _fold(first) not in opening:
            yield _finding(
                "no-greeting", "warning", f"The message doesn't greet {first} by name.",
                f"Start with 'Hi {first},'.", (body_offset, body_offset + min(len(body), 40)),
            )

    # no-question: messages that ask for something end with a question
    if purpose in ASKING:
        closing, offset = _closing_text(body, ctx)
        before_sign_off = body[:offset + len(closing)]
        last_q = before_sign_off.rfind("?")
        # A short courtesy after the question ("No worries if not!") is fine.
        after = before_sign_off[last_q + 1:] if last_q >= 0 else before_sign_off
        if closing and (last_q < 0 or count_words(after) > COURTESY_WORDS):
            yield _finding(
                "no-question", "warning",
                "The message doesn't end with a question, so there's nothing easy to reply to.",
                "End with a simple question, e.g. 'Would you be open to a 15-minute chat?'",
                (body_offset + offset, body_offset + offset + len(closing)),
            )

    # no-common-ground: something about them or shared
    if purpose in OPENING | {Purpose.CONNECT_AFTER_MEETUP}:
        folded = _fold(text)
        shared = _common_ground_words(ctx)
        mentions = _ABOUT_THEM.search(text) or any(
            re.search(rf"\b{re.escape(w)}", folded) for w in shared
        )
        if not mentions:
            yield _finding(
                "no-common-ground", "warning",
                "Nothing here is about them or what you share.",
                "Mention their talk, post, project or company, or what you have in common.",
                None,
            )

    # about-me: more words about you than about them
    me = len(_ME.findall(body))
    you = len(_YOU.findall(body)) + (len(re.findall(rf"\b{re.escape(_fold(first))}\b",
                                                    _fold(body))) if first else 0)
    if pu in ABOUT_THEM_PURPOSES and me >= 5 and me > 2 * you:
        yield _finding(
            "about-me", "warning",
            f"It's mostly about you ({me} × I/me/my, {you} × you/your/their name).",
            "Turn a sentence about yourself into one about them or their work.", None,
        )


def coach(text: str, channel: Channel | str, purpose: Purpose | str,
          context: DraftContext | None = None) -> CoachReport:
    """Review a draft for a channel and purpose; returns findings and a 0-100 score."""
    ch, pu = Channel(channel), Purpose(purpose)
    ctx = context or DraftContext()
    findings = list(_rules(text, ch, pu, ctx))
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: order[f.severity])
    score = max(0, 100 - sum(PENALTY[f.severity] for f in findings))
    _subject, body, _ = split_subject(text, ch)
    return CoachReport(score=score, findings=findings, characters=len(text),
                       words=count_words(body), limit=limit_for(ch, ctx.linkedin_plan))
