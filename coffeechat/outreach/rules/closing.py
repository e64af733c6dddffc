"""The closing ask, phrased as a question.

The domain norm: "ask for insight and advice, phrased as a question; end with a
question mark".
"""

from __future__ import annotations

import re

from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.message import Message, Sentence, phrase
from coffeechat.outreach.rules import ASKING, Example, Hit, rule

#: Words allowed after the closing question for a courtesy ("No worries if not!").
COURTESY_WORDS = 10

#: A request in statement form: "let me know if…", "I'd love to grab a coffee".
_REQUEST = [
    phrase("let me know|please|pls|feel free"),
    phrase("(would|'d) (really )?(love|like|appreciate|value|be grateful)"),
    phrase("(would|i|we|am|really) (love|like|keen) to (chat|talk|call|meet|grab|buy|hear|ask|"
           "pick|set|hop|jump|get|have|learn)"),
    phrase("(hope|hoping) (we|you) (can|could|would)"),
    phrase("(could|can|shall) we"),
    phrase("let us (grab|get|set|have|hop|jump|chat|talk|meet|catch)"),
    phrase("(if|whenever) you (are |have |had |ever )*(free|time|a moment|a minute|up for|open|"
           "around|available|can spare|spare)"),
    phrase("kindly _{0,3}(share|spare|give|time|minutes)"),
]
#: Reassurance after the question ("No pressure at all, I know you're busy") is fine
#: at any length, as long as it asks for nothing more.
_REASSURANCE = phrase("no (pressure|worries|worry|rush|problem|obligation|hard feelings)|"
                      "(totally|completely|perfectly|absolutely) (fine|ok|okay|understand)|"
                      "if not|either way|understand if|happy to (work|fit) around")
#: Asking for their time, not just to stay in touch.
_TIME = {"chat", "call", "coffee", "talk", "meet", "zoom", "minute", "minutes", "min", "hour",
         "brain", "questions", "question", "introduce", "intro", "introduction", "voice",
         "catch", "hop", "jump", "time", "meeting"}


_PS = re.compile(r"[ \t>*_]*p\.?[ \t]?s\b", re.IGNORECASE)


def _quoted(sentence: Sentence) -> bool:
    return bool(sentence.tokens) and all(t.quoted or t.link for t in sentence.tokens)


def _postscript(msg: Message, sentence: Sentence) -> bool:
    """A sentence in a "P.S." line: an afterthought below the sign-off, not the ask."""
    line_start = msg.text.rfind("\n", 0, sentence.start) + 1
    return _PS.match(msg.text, line_start) is not None


def _writer_note(sentence: Sentence) -> bool:
    """A statement of what the writer did ("I've put a short blurb below"), no new ask."""
    words = len({t.start for t in sentence.tokens if not t.link})
    return bool(sentence.norms) and sentence.norms[0] in {"i", "we", "here", "below"} and (
        words <= 2 * COURTESY_WORDS - 5) and not _is_request(sentence)


def _is_request(sentence: Sentence) -> bool:
    return any(sentence.find(p) for p in _REQUEST)


def _asks_for_time(sentence: Sentence) -> bool:
    return _is_request(sentence) and bool(set(sentence.norms) & _TIME)


@rule(
    "no-question", severity="warning",
    explanation="End a request with the question you want answered ('Would you be open to "
    "a 15-minute call?'), so replying is easy.",
    purposes=ASKING,
    breaks=[
        Example("Hi Dana,\n\nWe both taught before tech. Let me know if you have 20 minutes "
                "for a call.\n\nZoë"),
        Example("Hi Dana,\n\nWe both taught before tech. How was PyCon? Anyway, I'd love 20 "
                "minutes of your time to hear how you switched, whenever suits you.\n\nZoë"),
        Example("Hi Dana, we both taught! Let me know if you'd have time for a call: "
                "https://cal.com/zoe?month=5", Channel.LINKEDIN_NOTE),
        Example("Hi Dana, great meeting you at PyLadies! I'd love to grab a coffee and hear "
                "more about your move into backend. Zoë", Channel.LINKEDIN_NOTE,
                Purpose.CONNECT_AFTER_MEETUP),
    ],
    near_misses=[
        Example("Hi Dana,\n\nWe both taught before tech. Would you be open to a 20-minute "
                "call? No worries at all if not!\n\nThanks for reading,\nZoë"),
        Example("Hi Dana,\n\nWe both taught before tech. Would you be open to a 20-minute "
                "call?\n\nZoë\n\nP.S. Your talk's cat slide made my week."),
        Example("Hi Dana, great meeting you at PyLadies! Your point about tests stuck with "
                "me. Let's stay in touch.\nZoë", Channel.LINKEDIN_NOTE,
                Purpose.CONNECT_AFTER_MEETUP),
    ],
)
def no_question(msg: Message) -> Hit | None:
    """The closing ask is a question; a courtesy may follow it, another request may not."""
    sentences = [s for s in msg.sentences if not _postscript(msg, s)]
    if not sentences:
        return None
    if msg.purpose == Purpose.CONNECT_AFTER_MEETUP and not any(
            _asks_for_time(s) for s in sentences):
        return None  # a note that only reconnects needs no question
    # A question inside a quoted blurb is theirs to forward, not the writer's ask.
    last_question = max((i for i, s in enumerate(sentences) if s.question and not _quoted(s)),
                        default=None)
    if last_question is not None:
        # A blurb in quotes, written for them to forward, is not the writer's closing.
        after = [s for s in sentences[last_question + 1:] if not _quoted(s)]
        words = sum(len({t.start for t in s.tokens if not t.link}) for s in after)
        courteous = words <= COURTESY_WORDS or all(
            s.find(_REASSURANCE) or _writer_note(s) for s in after)
        if courteous and not any(_is_request(s) for s in after):
            return None
    closing = sentences[-1]
    return Hit("The message doesn't end with a question, so there's nothing easy to reply to.",
               "End with a simple question, e.g. 'Would you be open to a 15-minute chat?'",
               ((closing.start, closing.end),))
