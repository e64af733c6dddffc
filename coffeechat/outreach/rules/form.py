"""Rules about the shape of a message: length, subject, greeting, leftovers."""

from __future__ import annotations

import re

from coffeechat.outreach.channels import EMAIL_SUBJECT_LIMIT, Channel, Purpose, limit_for
from coffeechat.outreach.message import TITLES, Message, Span, fold, name_matches
from coffeechat.outreach.rules import OPENING, Example, Hit, Severity, rule

#: "Fewer than 100 words" for a first request (The 2-Hour Job Search).
WORD_LIMIT = 100
#: From here on, a gentle note that the limit is near.
WORD_NOTE = 91

NOTE = Channel.LINKEDIN_NOTE
EMAIL = Channel.EMAIL
FIRST = Purpose.FIRST_CONTACT


@rule(
    "too-long", severity="error",
    explanation="The channel cuts the message off (LinkedIn notes at 200 or 300 characters, "
    "Discord at 2,000, email subjects at 200).",
    breaks=[
        Example("Hi Dana, we both went from teaching into tech and I loved your post on your "
                "first year at Acme. I'd be really glad to connect and to follow what you write "
                "next about backend work, testing and the move from the classroom. Zoë", NOTE,
                FIRST),
        Example("Subject: " + "A very long subject line that keeps going " * 6
                + "\n\nHi Dana,\n\nWe both taught before tech. Could we talk?\n\nZoë", EMAIL),
    ],
    near_misses=[
        Example("Hi Dana, we both went from teaching into tech! Your post on your first year "
                "at Acme was great. Glad to connect. Zoë", NOTE, FIRST),
    ],
)
def too_long(msg: Message) -> Hit | None:
    """Over the channel's hard limit, or an email subject inboxes cut."""
    limit = limit_for(msg.channel, msg.context.linkedin_plan)
    spans: list[Span] = []
    parts = []
    if limit is not None and len(msg.text) > limit:
        spans.append((limit, len(msg.text)))
        parts.append(f"{len(msg.text)} characters; this channel cuts off at {limit}.")
    subject = msg.subject
    if subject is not None and len(subject.text) > EMAIL_SUBJECT_LIMIT:
        spans.append((subject.start + EMAIL_SUBJECT_LIMIT, subject.end))
        parts.append(f"The subject is {len(subject.text)} characters; inboxes cut it at "
                     f"{EMAIL_SUBJECT_LIMIT}.")
    if not spans:
        return None
    over = len(msg.text) - limit if limit is not None and len(msg.text) > limit else 0
    fix = (f"Trim {over} characters. Keep the common ground and the question." if over
           else "Use a short subject that names your connection, e.g. 'Fellow CodeBar alum'.")
    return Hit(" ".join(parts), fix, tuple(spans))


@rule(
    "no-subject", severity="warning",
    explanation="An email needs a short 'Subject:' line that names your connection.",
    purposes=set(Purpose), channels={EMAIL},
    breaks=[Example("Hi Dana,\n\nWe both taught before tech, and your post on Acme's "
                    "on-call was great. Could we talk for 20 minutes?\n\nZoë", EMAIL)],
    near_misses=[Example("Subject : Fellow ex-teacher\n\nHi Dana,\n\nWe both taught before "
                         "tech, and your post on Acme's on-call was great. Could we talk for "
                         "20 minutes?\n\nZoë", EMAIL)],
)
def no_subject(msg: Message) -> Hit | None:
    """Emails start with a subject line."""
    if msg.subject is not None and msg.subject.text:
        return None
    return Hit("This email has no 'Subject:' line.",
               "Start with 'Subject: ...', short and specific to them.")


@rule(
    "word-limit", severity="error",
    explanation="A first message works best under 100 words; over that, people skim or "
    "put it off.",
    purposes=OPENING,
    breaks=[Example("Hi Dana,\n\n" + "We both taught before tech and I loved your post. " * 11
                    + "\n\nCould we talk?\n\nZoë")],
    near_misses=[Example("Hi Dana,\n\n" + "We both taught before tech and I loved your post. "
                         * 8 + "\n\nCould we talk?\n\nZoë")],
)
def word_limit(msg: Message) -> Hit | None:
    """Over 100 words is the finding; 91-100 is a note, never a warning."""
    if msg.words > WORD_LIMIT:
        return Hit(f"{msg.words} words. First messages work best under {WORD_LIMIT} words.",
                   "Cut background about yourself first; keep the connection and the question.")
    if msg.words >= WORD_NOTE:
        return Hit(f"{msg.words} words: close to the {WORD_LIMIT}-word limit for a first "
                   "message.", "A shorter message is easier to say yes to.", severity="info")
    return None


# ---------------------------------------------------------------------- greeting

#: Salutations of a form letter: they greet a role, not a person.
_FORM_LETTER = re.compile(
    r"\b(?:(?:dear|respected|hello|hi|good (?:morning|afternoon|evening|day))[ \t]+"
    r"(?:sir(?:\s*(?:/|or)\s*madam)?|madam|ma['’]?am|mam|hiring manager|recruiter|concerned)"
    r"|to whom it may concern|greetings of the day"
    r"|i am writing to (?:inquire|enquire|express|request)"
    r"|esteemed (?:organi[sz]ation|company|firm))\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\b(?:i )?hope (?:this|my) (?:e-?mail|message|note) finds you"
                     r"(?: well| in good health)?", re.IGNORECASE)


def form_letter(msg: Message) -> list[Span]:
    """Spans of form-letter salutations and set phrases."""
    return [(m.start(), m.end()) for m in _FORM_LETTER.finditer(msg.text)]


#: An honorific suffix on a surname: "Tanaka-san", "Kim-nim", "Sharma-ji".
_HONORIFIC = re.compile(r"\w[-‐](?:san|sama|sensei|senpai|kun|chan|ssi|nim|ji|jee)$",
                        re.IGNORECASE)


@rule(
    "no-greeting", severity="warning",
    explanation="Open with a greeting and their name ('Hi Dana,'); a message with no "
    "salutation reads like a broadcast.",
    breaks=[
        Example("Your post on Acme's on-call was great, and we both taught before tech. "
                "Could we talk for 20 minutes?\n\nZoë"),
        Example("Hello there,\n\nYour post on Acme's on-call was great, and we both taught "
                "before tech. Could we talk for 20 minutes?\n\nZoë"),
        Example("Loved your talk at PyLadies! We both taught before tech. Could we talk?",
                Channel.DISCORD_DM, context={"contact": {}}),
    ],
    near_misses=[
        Example("Dear Dr Park,\n\nYour post on Acme's on-call was great, and we both taught "
                "before tech. Could we talk for 20 minutes?\n\nZoë"),
        Example("hey dana! we both taught before tech and ur post on acme's on-call was "
                "great. could we talk?", Channel.DISCORD_DM),
        Example("Hi Zoe, your talk was great and we both taught. Coffee sometime?",
                context={"contact": {"first_name": "Zoë"}}),
        Example("Kia ora Dana, we both taught, and your talk was great. Coffee sometime?"),
        Example("Dear Park-san,\n\nWe both taught, and your talk was great. Could we talk?"),
    ],
)
def no_greeting(msg: Message) -> Hit | None:
    """A salutation at the top, with their name when the coach knows it."""
    greeting = msg.greeting
    first = msg.context.contact.first_name
    top = msg.body.start if greeting is None else greeting.start
    line_end = msg.text.find("\n", top)
    span = (top, line_end if line_end > top else min(len(msg.text), top + 40))
    if greeting is None:
        who = f" {first}" if first else ""
        return Hit("The message starts without a greeting.",
                   f"Start with 'Hi{who},' so it reads as written to one person.", (span,))
    if not msg.reader_names:
        return None
    if any(name_matches(word, msg.reader_names) for word in greeting.names):
        return None
    # "Dear Mr Tanaka": a title and a surname greet them by name, even when the coach
    # only knows their first name.
    names = greeting.names
    if any(fold(a).rstrip(".") in TITLES and b[:1].isupper()
           for a, b in zip(names, names[1:], strict=False)):
        return None
    # "Dear Tanaka-san", "Kim-nim": a surname with an honorific suffix is their name too.
    if any(_HONORIFIC.search(name) and name[:1].isupper() for name in names):
        return None
    # A form-letter salutation ("Dear Sir") or a placeholder ("Hi [Name],") in the
    # greeting is the `generic` rule's finding: one problem, one finding.
    placeholders, letters, _filler = generic_spans(msg)
    line_end = msg.text.find("\n", greeting.start)
    line_end = len(msg.text) if line_end < 0 else line_end
    if any(greeting.start <= a <= line_end for a, _b in placeholders + letters):
        return None
    return Hit(f"The greeting doesn't use {first or 'their'}'s name.",
               f"Start with 'Hi {first},'." if first else "Greet them by name.",
               ((greeting.start, greeting.end),))


# ----------------------------------------------------------------------- generic

_PLACEHOLDER_WORDS = {
    "insert", "your", "their", "name", "first", "last", "company", "title", "role",
    "position", "topic", "event", "date", "link", "url", "x", "xx", "xxx", "recipient",
    "contact", "field", "city", "school", "bootcamp", "project", "team", "industry",
    "something", "add", "enter", "person", "firm", "organisation", "organization", "job",
    "skill", "number", "location", "university", "course", "meetup", "conference", "his",
    "her", "them", "mutual", "connection", "platform", "product", "talk", "article", "post",
}
_BRACKETS = re.compile(
    r"\{\{[^{}\n]{0,60}\}\}|\{%[^{}\n]{0,60}%\}"
    r"|\{(?P<curly>[A-Za-z_][\w .-]{0,40})\}"
    r"|\[(?P<square>[^\[\]\n]{1,40})\](?!\()"
    r"|<(?P<angle>[A-Za-z_][A-Za-z_ -]{1,40})>"
    r"|\((?P<round>[A-Za-z_][A-Za-z_ ]{1,30})\)"
    r"|%[A-Za-z_]{2,30}%|\$\{[A-Za-z_]\w*\}"
    r"|\b[A-Z]{2,}(?:_[A-Z]{2,})+\b|\bX{3,}\b|\blorem ipsum\b"
)
#: A salutation or preposition followed straight by punctuation: a name left out.
_EMPTY_SLOT = re.compile(
    r"(?im)^[ \t]*(?:hi|hello|hey|dear|hiya|greetings)[ \t]+[,!.:]"
    r"|\b(?:at|with|from|about)[ \t]+,",
)


def _is_placeholder(match: re.Match[str]) -> bool:
    round_ = match.group("round")
    if round_ is not None:
        # Round brackets hold asides too ("(she/her)", "(good tears)"): only a slot made
        # wholly of slot words ("(Name)", "(event)", "(your company)") is a placeholder.
        words = [fold(w) for w in re.findall(r"[A-Za-z_]+", round_)]
        return bool(words) and all(w in _PLACEHOLDER_WORDS for w in words) and any(
            w not in {"your", "their", "his", "her", "them", "x", "add"} for w in words)
    square = match.group("square")
    if square is not None:
        words = re.findall(r"[A-Za-z_]+", square)
        if not words:
            return False
        letters = "".join(words)
        return (letters.isupper() and len(letters) >= 2) or fold(words[0]) in _PLACEHOLDER_WORDS \
            or any(fold(w) in {"name", "company", "insert"} for w in words)
    return True


def generic_spans(msg: Message) -> tuple[list[Span], list[Span], list[Span]]:
    """Placeholders, form-letter phrases and filler, each as spans."""
    placeholders = [(m.start(), m.end()) for m in _BRACKETS.finditer(msg.text)
                    if _is_placeholder(m) and not _in_link(msg, m.start())]
    placeholders += [(m.start(), m.end()) for m in _EMPTY_SLOT.finditer(msg.text)]
    filler = [(m.start(), m.end()) for m in _FILLER.finditer(msg.text)]
    return placeholders, form_letter(msg), filler


@rule(
    "generic", severity="error",
    explanation="Leftover placeholders ('[Name]', '{company}', 'Hi ,') or form-letter "
    "phrases ('Dear Sir/Madam', 'Greetings of the day') make it read like a mass mail.",
    breaks=[
        Example("Hi [Name],\n\nWe both taught before tech. Could we talk?\n\nZoë"),
        Example("Hi Dana, loved your talk on <TOPIC>. We both taught. Could we talk?"),
        Example("Respected Sir,\n\nGreetings of the day. We both taught before tech and your "
                "post on Acme's on-call was great. Could we talk?\n\nZoë"),
        Example("Hi ,\n\nWe both taught before tech. Could we talk?\n\nZoë"),
        Example("Hello (Name), loved your talk at (event). We both taught. Could we talk?"),
    ],
    near_misses=[
        Example("Hi Dana,\n\nWe both taught before tech. I'm building my todo app [my todo "
                "app](https://example.com) and loved your post. Could we talk?\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught, and your talk made me smile <3 Could we talk?"),
        Example("Hi Dana,\n\nWe both taught (you a few years before me), and your talk "
                "was great. Could we talk?\n\nZoë (she/her)"),
    ],
)
def generic(msg: Message) -> Hit | None:
    """Placeholders (error), form-letter phrases (warning), filler (info): one finding."""
    placeholders, letters, filler = generic_spans(msg)
    severity: Severity
    if placeholders:
        first = msg.text[placeholders[0][0]:placeholders[0][1]].strip()
        severity, text = "error", f"“{first}” looks like a placeholder left in."
        fix = "Replace it with the real detail."
    elif letters:
        first = msg.text[letters[0][0]:letters[0][1]]
        severity, text = "warning", f"“{first}” sounds like a form letter."
        fix = "Greet them by name and write the way you'd talk."
    elif filler:
        severity, text = "info", "This opening line is filler most people skim past."
        fix = "Open with your connection to them instead."
    else:
        return None
    spans = sorted(placeholders + letters + filler)
    return Hit(text, fix, tuple(spans), severity)


def _in_link(msg: Message, offset: int) -> bool:
    return any(link.start <= offset < link.end for link in msg.links)
