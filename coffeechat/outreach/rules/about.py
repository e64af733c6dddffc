"""Rules about whom the message is about: common ground, and them more than you.

"Lead with the connection / common ground" and "more of the words about them than
about you". A reference to their work counts whatever words sit between "your" and
the noun ("your KubeCon EU keynote", "your two posts on caching"), and so do the
verbs of making ("the CLI tool you're building", "the audit your team published").
Vague nouns on their own ("your career", "your experience") don't, nor does generic
ground ("fellow developer", "people like you"). Shared ground is an explicit shared
fact: "we both…", "as another ex-nurse…", "fellow Odin Project learner", the same
bootcamp or server, or meeting at a named event.
"""

from __future__ import annotations

from typing import Literal

from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.message import Message, Sentence, Span, Token, fold, stem
from coffeechat.outreach.rules import ABOUT_THEM, Example, Hit, rule

#: Words that end a noun phrase.
_FUNCTION = {
    "a", "an", "the", "and", "or", "but", "so", "to", "of", "on", "about", "in", "at", "for",
    "with", "from", "by", "into", "over", "as", "that", "which", "who", "this", "these",
    "those", "it", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "do", "does", "did", "not", "would", "could", "can", "will", "should", "may", "might",
    "must", "i", "me", "my", "you", "your", "we", "us", "our", "they", "them", "their", "he",
    "she", "him", "her", "his", "its", "really", "very", "just", "too", "also", "still",
    "already", "when", "where", "how", "why", "what", "if", "then", "than", "because", "while",
    "since", "like", "up", "out", "all", "got", "get", "gets", "made", "makes", "make", "stuck",
    "helped", "helps", "inspired", "inspires", "taught", "showed", "gave", "kept", "left",
    "resonated", "landed", "blew", "caught", "saved", "changed", "meant", "means", "there",
    "here", "now", "ever", "only", "even", "both", "either", "any", "some", "every", "each",
    "much", "many", "more", "most", "am", "let", "please", "thanks", "thank", "lol", "haha",
}
#: Nouns too vague to show you know their work, unless something specific follows.
_VAGUE = {stem(w) for w in (
    "career", "experience", "experiences", "work", "company", "profile", "background",
    "journey", "job", "role", "time", "industry", "field", "team", "life", "path", "story",
    "success", "skills", "expertise", "knowledge", "achievements", "accomplishments",
    "content", "insights", "insight", "advice", "perspective", "thoughts", "opinion", "page",
    "feed", "day", "days", "week", "move", "switch", "transition", "tech", "space", "world",
    "area", "software", "it", "business", "org", "organisation", "organization", "network",
    "people", "expertise", "position", "schedule", "calendar", "inbox", "name", "help",
    "support", "guidance", "input", "opinion", "message", "reply", "thing", "things", "stuff",
    "way", "brain", "mind", "thoughts", "side", "end", "city", "country", "photo",
    # Where their profile lives is not something they made.
    "linkedin", "github", "twitter", "instagram", "x", "bio", "account",
)}
#: Things people make, give or say: a reference to one of these is about their work.
_MADE = {stem(w) for w in (
    "talk", "keynote", "post", "article", "blog", "thread", "essay", "piece", "tutorial",
    "video", "stream", "vod", "podcast", "episode", "newsletter", "book", "chapter", "course",
    "workshop", "session", "panel", "presentation", "slides", "demo", "project", "repo",
    "repository", "library", "package", "plugin", "tool", "cli", "app", "site", "website",
    "bot", "game", "template", "guide", "checklist", "notes", "answer", "answers", "comment",
    "tweet", "series", "paper", "research", "study", "report", "audit", "postmortem",
    "dataset", "sdk", "api", "framework", "extension", "fork", "pr", "commit", "solution",
    "code", "design", "component", "map", "dashboard", "model", "pipeline", "migration",
    "rewrite", "launch", "release", "feature", "product", "service", "point", "take", "tip",
    "suggestion", "idea", "lightning", "example", "exercises", "kata", "challenge", "entry",
    "submission", "contribution", "letter", "speech", "interview", "writeup", "write",
    "explanation", "advice", "recording", "system", "shader", "benchmark", "benchmarks",
    "case", "guide", "docs", "documentation", "font", "fonts", "checklist", "stats", "visual",
    "viz", "visualisation", "visualization", "experiment", "implementation", "config",
    "setup", "course", "curriculum", "program", "programme", "initiative", "event",
    "meetup", "hackathon", "jam", "conference", "community", "server", "channel", "forum",
)} - _VAGUE | {stem("advice")}
MADE = _MADE
#: Verbs of making and saying: "the talk you gave", "the audit your team published".
_MAKING = {stem(w) for w in (
    "build", "built", "write", "wrote", "written", "give", "gave", "given", "make", "made",
    "publish", "ship", "launch", "release", "start", "found", "create", "design", "maintain",
    "run", "ran", "lead", "led", "organise", "organize", "host", "teach", "taught",
    "present", "record", "post", "share", "open", "put", "develop", "rewrite", "rewrote",
    "migrate", "speak", "spoke", "said", "say", "mention", "explain", "describe", "answer",
    "recommend", "suggest", "show", "shown", "showed", "demo", "livestream", "stream", "tweet",
    "contribute", "implement", "train", "work", "told", "tell", "talk", "coach", "draw",
    "drew", "curate", "edit", "film", "film", "paint", "code", "deploy", "wrote", "ran",
    "did", "do",
)}
_READER_GROUP = {"team", "company", "org", "organisation", "organization", "startup", "lab",
                 "group", "studio", "agency", "department", "squad", "guild", "community"}
_AUX = {"are", "were", "have", "had", "has", "just", "recently", "also", "is", "'s", "all",
        "already", "once", "kindly", "will", "would", "did", "been", "guys", "folks"}
_COMPLEMENT = {"on", "about", "at", "with", "for", "from", "in", "of", "into", "around",
               "behind", "comparing", "explaining", "during"}
_PLACE = {"at", "in", "for", "of", "within", "with"}
#: Words between a verb and its object: "you answer so many dbt questions".
_QUANTIFIERS = {"the", "a", "an", "this", "that", "two", "three", "some", "your", "so", "many",
                "all", "lots", "of", "such", "those", "these", "loads", "every", "each", "most",
                "more", "great", "amazing", "awesome", "cool", "lovely"}
_GENERIC_PEOPLE = {stem(w) for w in (
    "developer", "dev", "devs", "engineer", "programmer", "coder", "techie", "human", "person",
    "people", "professional", "enthusiast", "member", "user", "learner", "student", "geek",
    "aspiring", "tech", "software", "web", "junior", "beginner", "newbie", "friend", "career",
    "changer", "fan", "industry", "coding", "code",
)}
_MEETING = {stem(w) for w in (
    "meet", "met", "meeting", "chat", "chatted", "chatting", "talk", "talked", "talking",
    "conversation", "spoke", "speaking", "see", "saw", "seeing", "hallway", "hanging",
)}
#: Places people share: being seen in one is shared ground.
_COMMUNITY = {stem(w) for w in (
    "server", "discord", "slack", "channel", "group", "community", "forum", "club", "cohort",
    "class", "course", "bootcamp", "meetup", "subreddit", "chat", "workspace", "guild",
)}
_GENERIC_YOU_OPENERS = {"when", "whenever", "once", "until"}


def _gap(sentence: Sentence, a: Token, b: Token) -> str:
    return sentence.text[a.end - sentence.start:b.start - sentence.start]


def _noun_phrase(sentence: Sentence, i: int, limit: int = 5) -> list[Token]:
    """The words from index i that read as one noun phrase ("KubeCon EU keynote")."""
    tokens = sentence.tokens
    out: list[Token] = []
    for j in range(i, min(len(tokens), i + limit)):
        token = tokens[j]
        if out and any(c in _gap(sentence, out[-1], token) for c in ",.;:!?()"):
            break
        if token.norm == "'s":
            out.append(token)
            continue
        ed_verb = token.norm.endswith("ed") and len(token.norm) > 4 and token.norm[-3] != "e"
        if token.norm in _FUNCTION or token.link or ed_verb:
            break
        out.append(token)
    return out


def _content(token: Token) -> bool:
    return token.norm not in _FUNCTION and token.stem not in _VAGUE and not token.link


def _specific(sentence: Sentence, start: int, np: list[Token]) -> bool:
    """A noun phrase names something specific: a made thing, a name, a number or a topic."""
    words = [t for t in np if t.norm != "'s"]
    if not words:
        return False
    if any(t.stem in _MADE for t in words):
        return True
    if any((t.capitalised and t.stem not in _VAGUE) or t.norm.isdigit() for t in words):
        return True
    after = start + len(np)
    tokens = sentence.tokens
    # A vague noun placed somewhere ("your work at Google", "your experience in data")
    # still says nothing about what they did; a topic ("your work on Kotlin") does.
    if after < len(tokens) and tokens[after].norm in _PLACE and all(
            t.stem in _VAGUE for t in words):
        return False
    if after < len(tokens) and tokens[after].norm in _COMPLEMENT:
        rest = _noun_phrase(sentence, after + 1 + (
            1 if after + 1 < len(tokens) and tokens[after + 1].norm in {"the", "a", "an", "my",
                                                                         "how", "what"} else 0))
        return any(_content(t) for t in rest)
    return False


def _generic_you(sentence: Sentence, k: int) -> bool:
    """'You' that means anyone: "you know that feeling when you…"."""
    tokens = sentence.tokens
    before = {t.norm for t in tokens[max(0, k - 3):k]}
    if before & _GENERIC_YOU_OPENERS:
        return True
    norms = sentence.norms
    near = " ".join(norms[max(0, k - 8):k + 4])
    return "you know that feeling" in near or norms[:3] in (["you", "know", "that"],
                                                             ["you", "know", "when"])


def _reader_subject(msg: Message, sentence: Sentence, k: int) -> int:
    """How many tokens from k name the reader as a subject (0 if none)."""
    tokens = sentence.tokens
    token = tokens[k]
    if token.norm == "you" and not _generic_you(sentence, k):
        return 1
    if token.norm == "your" and k + 1 < len(tokens) and tokens[k + 1].norm in _READER_GROUP:
        return 2
    if token.capitalised and fold(token.text) in msg.reader_names:
        return 1
    company = msg.context.contact.company
    if company and fold(token.text) == fold(company.split()[0]):
        return 1
    return 0


def _their_thing(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """"your <words> <noun>": their talk, post, library..."""
    tokens = sentence.tokens
    token = tokens[k]
    if token.norm in {"your", "yours"} or (
            token.norm == "'s" and k and fold(tokens[k - 1].text) in msg.reader_names):
        np = _noun_phrase(sentence, k + 1)
        if _specific(sentence, k + 1, np):
            return (token.start, np[-1].end)
    return None


def _making_verb(msg: Message, sentence: Sentence, k: int) -> int | None:
    """The index of the making verb the reader at k is the subject of ("you built")."""
    tokens = sentence.tokens
    width = _reader_subject(msg, sentence, k)
    if not width:
        return None
    j = k + width
    while j < len(tokens) and tokens[j].norm in _AUX:
        j += 1
    if j >= len(tokens) or tokens[j].stem not in _MAKING:
        return None
    return j


def _made_thing_start(tokens: list[Token], j: int) -> int | None:
    """Where what the verb at j made begins; None when it says where they work."""
    verb = tokens[j]
    rest = j + 1
    if rest < len(tokens) and tokens[rest].norm in {"up", "out", "together", "sourced",
                                                    "source"}:
        rest += 1
    # Where or in what field they work ("you work in health tech", "at Google") is a
    # vague fact from their profile; what they work on is their work.
    if verb.stem == "work" and rest < len(tokens) and tokens[rest].norm in {"in", "at", "for"}:
        return None
    if rest < len(tokens) and tokens[rest].norm in _COMPLEMENT:
        rest += 1
    while rest < len(tokens) and tokens[rest].norm in _QUANTIFIERS:
        rest += 1
    return rest


def _made_by_them(msg: Message, sentence: Sentence, k: int) -> Span | None:
    """"you built", "the audit your team published", "the tool you're building"."""
    tokens = sentence.tokens
    j = _making_verb(msg, sentence, k)
    if j is None:
        return None
    verb = tokens[j]
    relative = k > 0 and (_content(tokens[k - 1]) or tokens[k - 1].stem in _MADE
                          or tokens[k - 1].norm in {"that", "which"})
    rest = _made_thing_start(tokens, j)
    if rest is None:
        return None
    np = _noun_phrase(sentence, rest)
    if relative and verb.stem not in {"do", "work", "say", "tell", "talk"}:
        return (tokens[max(0, k - 1)].start, verb.end)
    if (_specific(sentence, rest, np) or (verb.stem not in {"do", "work", "say", "tell"}
                                          and any(_content(t) for t in np))) and not (
            len(np) == 0 and rest < len(tokens) and tokens[rest].norm not in _COMPLEMENT):
        return (tokens[k].start, (np[-1] if np else verb).end)
    return None


def reader_work(msg: Message, sentence: Sentence) -> list[Span]:
    """References to their work in one sentence."""
    spans: list[Span] = []
    for k, token in enumerate(sentence.tokens):
        if token.quoted:
            continue
        span = _their_thing(msg, sentence, k) or _made_by_them(msg, sentence, k)
        if span is not None:
            spans.append(span)
    return spans


def _people_phrase_is_specific(sentence: Sentence, i: int) -> bool:
    np = _noun_phrase(sentence, i)
    words = [t for t in np if t.norm != "'s"]
    return any(t.stem not in _GENERIC_PEOPLE and t.norm not in _FUNCTION for t in words) or (
        any(t.capitalised for t in words))


def _same_thing(n: str, nxt: str, tokens: list[Token], k: int) -> bool:
    """Shared "same X": the same bootcamp, not the same way."""
    return n == "same" and bool(nxt) and tokens[k + 1].stem not in {
        "way", "thing", "time", "page", "question", "day", "problem"}


_PEOPLE = {"people", "ppl", "someone", "folks", "somebody", "person", "persons", "anyone",
           "women", "men", "ones", "individuals", "those", "others"}


def _like_you(n: str, nxt: str, before: list[str]) -> bool:
    """Shared "like you, I…", not generic "people like you" or "professionals like you".

    A word for people before "like you" makes it a class of people, not a shared fact:
    the agent nouns ("developers", "professionals", "engineers") end alike. A word or
    two may sit between ("someone experienced like you", "ppl who made it like you").
    """
    if n != "like" or nxt != "you":
        return False
    prev = before[-1] if before else ""
    people = bool(_PEOPLE & set(before[-3:]))
    agent = len(prev) > 4 and prev.endswith("s") and prev.rstrip("s").endswith(
        ("er", "or", "ist", "ian", "al", "ant", "ent", "dev", "ee"))
    return not (people or agent or stem(prev) in _GENERIC_PEOPLE)


def _also_shared(norms: list[str], k: int) -> bool:
    """Say "I saw you are also in the X discord": the reader does what I do.

    "also" or "too" next to the reader as subject, in a sentence the writer is in, says
    the two share it; "could you also tell me" is a request, not a shared fact.
    """
    window = norms[max(0, k - 6):k]
    if "you" not in window or norms[max(0, k - 1)] in {"could", "would", "can", "will"}:
        return False
    after = norms[k + 1:k + 3]
    states = {"in", "at", "from", "a", "an", "studied", "went", "did", "came", "grew",
              "worked", "switched", "moved", "shifted", "started", "left", "were", "are",
              "was", "live", "lived"}
    said_by_me = bool({"i", "my", "me"} & set(norms[:k]))
    you_at = len(window) - 1 - window[::-1].index("you")
    # At the end ("you shifted from finance too") the shared thing is a past move, not
    # the present ("I know you work in legal tech too": they do, the writer doesn't).
    verb_follows = bool(set(window[you_at + 1:]) & (states - {"in", "at", "from", "a", "an",
                                                              "are"}))
    return said_by_me and (bool(set(after) & states) or (k == len(norms) - 1 and verb_follows))


def _both_of_us(sentence: Sentence, k: int) -> Span | None:
    """"we both taught"."""
    token, norms = sentence.tokens[k], sentence.norms
    if token.norm == "both" and ({"we", "us", "our"} & set(norms[max(0, k - 3):k + 3])):
        return (token.start, token.end)
    return None


def _fellow(sentence: Sentence, k: int) -> Span | None:
    """"a fellow ex-teacher", "as another ex-nurse": not "fellow developer"."""
    tokens, norms = sentence.tokens, sentence.norms
    last = tokens[min(len(tokens) - 1, k + 1)]
    if tokens[k].norm == "fellow" and _people_phrase_is_specific(sentence, k + 1):
        return (tokens[k].start, last.end)
    if tokens[k].norm == "another" and k and norms[k - 1] == "as" and (
            _people_phrase_is_specific(sentence, k + 1)):
        return (tokens[k - 1].start, last.end)
    return None


def _same_or_like_you(sentence: Sentence, k: int) -> Span | None:
    """"the same bootcamp", "like you, I…"."""
    tokens, norms = sentence.tokens, sentence.norms
    n = tokens[k].norm
    nxt = norms[k + 1] if k + 1 < len(norms) else ""
    if _same_thing(n, nxt, tokens, k) or _like_you(n, nxt, norms[max(0, k - 3):k]):
        return (tokens[k].start, tokens[k + 1].end)
    return None


#: Words after "also" or "too" that say what the two share ("I also studied…").
_ALSO_WHAT = {"a", "an", "from", "studied", "went", "did", "came", "coming", "grew", "worked",
              "left", "switched", "moved", "started", "have", "had", "in", "at"}


def _also(sentence: Sentence, k: int) -> Span | None:
    """"I'm also a career changer", "you switched from finance too"."""
    token, norms = sentence.tokens[k], sentence.norms
    if token.norm in {"also", "too"} and (_also_shared(norms, k) or (
            {"i", "we", "who"} & set(norms[max(0, k - 3):k])) and (
            set(norms[k + 1:k + 3]) & _ALSO_WHAT
            or k == len(norms) - 1 or "you" in norms[max(0, k - 6):k + 6])):
        return (token.start, token.end)
    return None


def _met_at(sentence: Sentence, k: int) -> Span | None:
    """Met at a named event, or seen in a place both belong to ("i saw u in the js server")."""
    tokens, norms = sentence.tokens, sentence.norms
    if tokens[k].stem not in _MEETING:
        return None
    for j in range(k + 1, min(len(tokens), k + 8)):
        if norms[j] in {"at", "during", "in", "on"}:
            place = tokens[j + 1:j + 5]
            named = [t for t in place if (t.capitalised and t.norm != "i")
                     or t.stem in _COMMUNITY]
            if named and (norms[j] in {"at", "during"} or any(
                    t.stem in _COMMUNITY for t in place)):
                return (tokens[k].start, named[-1].end)
            return None
    return None


#: The kinds of shared fact, in the order they are tried: a word is read as the first
#: that matches.
_SHARED = (_both_of_us, _fellow, _same_or_like_you, _also, _met_at)
#: The words the kinds start from (and the stems of _MEETING); the others are skipped.
_SHARED_WORDS = {"both", "fellow", "another", "same", "like", "also", "too"}


def _saved_details(msg: Message, sentence: Sentence) -> list[Span]:
    """Details the learner saved about this person (common ground, where they met)."""
    ctx = msg.context
    saved = {w for value in (ctx.common_ground, ctx.event, ctx.contact.met_at)
             for w in (fold(x) for x in (value or "").split()) if len(w) >= 4} - _FUNCTION
    saved -= {"with", "both", "your", "have", "about", "just", "what", "when", "were", "this",
              "that", "from", "they", "them", "their", "some", "meetup", "community"}
    return [(token.start, token.end) for token in sentence.tokens
            if token.norm in saved and token.capitalised]


def shared_ground(msg: Message, sentence: Sentence) -> list[Span]:
    """Explicit shared facts in one sentence."""
    spans: list[Span] = []
    for k, token in enumerate(sentence.tokens):
        if token.quoted or (token.norm not in _SHARED_WORDS and token.stem not in _MEETING):
            continue
        span = next((s for kind in _SHARED if (s := kind(sentence, k))), None)
        if span is not None:
            spans.append(span)
    return spans + _saved_details(msg, sentence)


def ground_spans(msg: Message) -> list[Span]:
    """Every reference to them or to what you share."""
    sentences = [*msg.sentences, *([msg.subject_sentence] if msg.subject_sentence else [])]
    return [span for s in sentences for span in reader_work(msg, s) + shared_ground(msg, s)]


@rule(
    "no-common-ground", severity="warning",
    explanation="Lead with something specific about them (their talk, post or project) or "
    "a fact you share; 'your career' or 'fellow developer' isn't enough.",
    purposes=ABOUT_THEM,
    breaks=[
        Example("Hi Dana,\n\nI'm new to coding and I admire your career. Could we talk for 20 "
                "minutes?\n\nZoë"),
        Example("Hi Dana,\n\nAs a fellow developer I'd love to hear about your experience. "
                "Could we talk?\n\nZoë"),
        Example("hey dana! im trying to meet people in tech 😊 what do u do for work?",
                Channel.DISCORD_DM, Purpose.FIRST_CONTACT),
    ],
    near_misses=[
        Example("Hi Dana,\n\nYour KubeCon EU keynote on boring infrastructure was great. Could "
                "we talk?\n\nZoë"),
        Example("Hi Dana,\n\nI use the CLI tool you're building every day. Could we talk?\n\n"
                "Zoë"),
        Example("Hi Dana,\n\nAs another ex-nurse, I'd love to hear how you switched. Could we "
                "talk?\n\nZoë"),
        Example("Hi Dana, great meeting you at PyLadies Berlin! Let's stay in touch.",
                Channel.LINKEDIN_NOTE, Purpose.CONNECT_AFTER_MEETUP),
    ],
)
def no_common_ground(msg: Message) -> Hit | None:
    """Nothing specific about them, and nothing shared."""
    if ground_spans(msg):
        return None
    return Hit("Nothing here is specific to them or to what you share.",
               "Mention their talk, post or project by name, or what you have in common "
               "(the same bootcamp, server, meetup or former job).")


About = Literal["reader", "writer"] | None
_WRITER = {"i", "me", "my", "mine", "myself"}
_READER = {"you", "your", "yours", "yourself"}
#: A message "mostly about you": at least this many words in sentences about the
#: writer, and more than twice as many as in sentences about the reader.
ABOUT_ME_MIN_WORDS = 20
#: ...or, in a short note, at least this many sentences about the writer.
ABOUT_ME_MIN_SENTENCES = 4


def sentence_about(msg: Message, sentence: Sentence) -> About:
    """Whom a sentence is about.

    About the reader: it refers to their work or to shared ground, or its subject is
    the reader. About the writer: the writer is the subject and the reader is not in
    it at all. "I'd love to hear how you chose backend" is about both, so neither.
    """
    if reader_work(msg, sentence) or shared_ground(msg, sentence):
        return "reader"
    subject: About = None
    mentions_reader = False
    for k, token in enumerate(sentence.tokens):
        is_reader = (token.norm in _READER and not _generic_you(sentence, k)) or (
            k > 0 and token.capitalised and fold(token.text) in msg.reader_names)
        mentions_reader = mentions_reader or is_reader
        if subject is None and token.norm in _WRITER:
            subject = "writer"
        elif subject is None and is_reader:
            subject = "reader"
    if subject == "writer" and mentions_reader:
        return None
    return subject


@rule(
    "about-me", severity="warning",
    explanation="Most sentences are about you; make more of the message about them and "
    "their work.",
    purposes=ABOUT_THEM,
    breaks=[
        Example("Hi Dana,\n\nI'm a teacher. I have been learning Python for a year. I built two "
                "apps. I want to move into backend work. I saw your talk at PyLadies. Could we "
                "talk?\n\nZoë"),
    ],
    near_misses=[
        Example("Hi Dana,\n\nYou know that feeling when you finally get recursion? Your talk "
                "at PyLadies gave me that. I'm a teacher learning Python, like you were. Could "
                "we talk?\n\nZoë"),
        Example("Hi Dana,\n\nQuick update: I added tests, I refactored my models and I wrote "
                "a post. I also joined a meetup. Thanks again!\n\nZoë",
                purpose=Purpose.KEEP_IN_TOUCH),
    ],
)
def about_me(msg: Message) -> Hit | None:
    """Count sentences by whom they are about."""
    about = [(s, sentence_about(msg, s)) for s in msg.sentences]
    writer = [s for s, a in about if a == "writer"]
    reader = [s for s, a in about if a == "reader"]
    mine, theirs = (sum(len(s.tokens) for s in group) for group in (writer, reader))
    # One long sentence about yourself is only "mostly about you" if nothing is about them.
    enough = len(writer) >= 2 or not reader
    # Short notes count sentences, not words: "I'm Carol. I'm a biologist. I'm learning
    # R. I've built two dashboards. We both studied at USP." is about the writer even in
    # fifteen words.
    terse = len(writer) >= ABOUT_ME_MIN_SENTENCES and len(writer) > 2 * len(reader)
    if enough and (mine >= ABOUT_ME_MIN_WORDS or terse) and mine > 2 * theirs:
        return Hit(f"It's mostly about you: {len(writer)} sentences about you, {len(reader)} "
                   "about them.",
                   "Turn a sentence about yourself into one about them or their work.",
                   tuple((s.start, s.end) for s in writer))
    return None
