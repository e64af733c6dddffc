"""Parse an outreach message once, the way a reader takes it in.

The coach's rules never look at raw text. They ask this parse about the parts of a
message (subject, greeting, body, sign-off), its sentences and questions, its links,
who each sentence is about, and its words in a tolerant form:

- normalised: case and accents folded, curly quotes straightened, chat spellings
  ("ur", "u", "im", "pls") and contractions ("you're", "I'd") written out;
- stemmed with the Snowball English stemmer, so "mentoring", "mentored" and "mentor"
  meet, and so do "applied", "applying" and "apply".

Patterns are written as plain words (``phrase("keep me in mind")``) and compiled to
the stemmed form, so a rule states the idea once and matches every inflection.
Every match maps back to a span of the original text, so the learner sees exactly
which words the coach means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from coffeechat.outreach.channels import Channel, Purpose
from coffeechat.outreach.context import DraftContext

Span = tuple[int, int]

_STEMMER = snowballstemmer.stemmer("english")
#: Characters read sentence by sentence; every channel's limit is far below this.
MAX_READ = 20_000

#: Chat spellings and contractions, written out so patterns see one form.
_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "u": ("you",), "ur": ("your",), "urs": ("yours",), "r": ("are",), "ya": ("you",),
    "im": ("i", "am"), "ive": ("i", "have"), "youre": ("you", "are"),
    "youve": ("you", "have"), "ud": ("you", "would"), "youd": ("you", "would"),
    "dont": ("do", "not"), "cant": ("can", "not"), "wont": ("will", "not"),
    "didnt": ("did", "not"), "doesnt": ("does", "not"), "isnt": ("is", "not"),
    "pls": ("please",), "plz": ("please",), "thx": ("thanks",), "thnx": ("thanks",),
    "ty": ("thanks",), "wanna": ("want", "to"), "gonna": ("going", "to"),
    "lemme": ("let", "me"), "lets": ("let", "us"), "msg": ("message",),
    "rn": ("right", "now"), "abt": ("about",), "bc": ("because",), "cuz": ("because",),
    "hows": ("how", "is"), "whats": ("what", "is"), "thats": ("that", "is"),
    "w/": ("with",), "id": ("i", "would"),
}
_CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "can't": ("can", "not"), "won't": ("will", "not"), "let's": ("let", "us"),
    "i'm": ("i", "am"), "it's": ("it", "is"), "that's": ("that", "is"),
    "what's": ("what", "is"), "there's": ("there", "is"), "here's": ("here", "is"),
    "how's": ("how", "is"), "who's": ("who", "is"), "she's": ("she", "is"),
    "he's": ("he", "is"),
}
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("n't", ("not",)), ("'re", ("are",)), ("'ve", ("have",)), ("'ll", ("will",)),
    ("'d", ("would",)), ("'m", ("am",)), ("'s", ("'s",)),
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*'?", re.UNICODE)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,6}(?:com|org|net|io|dev|app|ly|me|co|ai|gg|tech|uk|de|fr)"
    r"(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"\A\s*(?:\*\*)?(?:subject|subj)\s*(?:\*\*)?\s*[:\-–—]\s*(?:\*\*)?[ \t]*"
                      r"(?P<subject>[^\n]*)\n?", re.IGNORECASE)
_QUOTES = re.compile(r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{1,200}’(?![a-z])")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "eg", "ie", "etc", "vs", "jr",
                  "sr", "no", "approx", "inc", "ltd", "co", "e.g", "i.e"}

#: Words that open a letter or a message.
SALUTATIONS = (
    "to whom it may concern", "good morning", "good afternoon", "good evening", "good day",
    "greetings", "respected", "dear", "hello", "hiya", "heya", "hey", "hi", "howdy",
    "hallo", "hola", "ola", "olá", "bonjour", "salut", "ciao", "hej", "yo", "morning",
)
_SALUTATION = re.compile(
    r"\A[ \t]*(?P<sal>" + "|".join(re.escape(s) for s in SALUTATIONS) + r")(?![\w'])",
    re.IGNORECASE,
)
#: Words after a salutation that are not a person's name.
NOT_A_NAME = {"there", "all", "everyone", "folks", "team", "friend", "friends", "again",
              "sir", "madam", "mam", "ma'am", "sir/madam", "hiring", "manager", "recruiter",
              "concerned", "guys", "y'all", "and", "or", "dr", "mr", "mrs", "ms", "prof",
              "it", "may", "concern", "to", "whom"}

#: Words a closing line starts with ("Thanks,", "Best wishes,", "Cheers!").
CLOSING_WORDS = {
    "thanks", "thank", "thx", "ty", "cheers", "best", "regards", "kind", "warm", "warmest",
    "warmly", "sincerely", "yours", "respectfully", "gratefully", "with", "many", "all",
    "talk", "speak", "take", "looking", "hope", "have", "see", "love", "abraços", "abracos",
    "gracias", "obrigado", "obrigada", "merci", "danke", "saludos", "ciao", "until",
    "cordially", "peace", "xo", "x", "bye", "later", "enjoy",
}
_NAME_WORD = re.compile(r"[ \t]*((?:dr|mr|mrs|ms|mx|prof)\.|[^\s,!.:;?—–()]+)", re.IGNORECASE)
_DASH_SIGNATURE = re.compile(r"^\s*(?:--?|—|–|~)\s*\S")
_TERMINATOR = re.compile(r"[.!?…]+[\"')\]]*|\n")


def fold(text: str) -> str:
    """Lower-case, strip accents and straighten quotes, so 'Zoë’s' matches "zoe's"."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The Snowball English stem of a normalised word ("mentoring" -> "mentor")."""
    if "'" in word or not word.isalpha():
        return word
    return str(_STEMMER.stemWord(word))


def _expand(folded: str) -> tuple[str, ...]:
    """A folded word written out: "you're" -> ("you", "are"), "ur" -> ("your",)."""
    word = folded.rstrip("'")
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    if word in _EXPANSIONS:
        return _EXPANSIONS[word]
    for suffix, parts in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            return (*_expand(head), *parts)
    return (word,)


@dataclass(frozen=True)
class Token:
    """One normalised word, and where it came from in the original text."""

    text: str
    start: int
    end: int
    norm: str
    stem: str
    quoted: bool = False
    link: bool = False

    @property
    def capitalised(self) -> bool:
        """Written with a capital (a name, a product, an event), not all lower case."""
        return self.text[:1].isupper()


@dataclass
class Sentence:
    """A sentence of the body, its words, and what it is about."""

    start: int
    end: int
    text: str
    tokens: list[Token]
    question: bool
    _stems: str = ""
    _norms: str = ""
    _offsets: list[int] = field(default_factory=list)
    _norm_offsets: list[int] = field(default_factory=list)
    _norm_list: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts, offsets, pos = [], [], 0
        for token in self.tokens:
            # Quoted words are titles or reported speech: no rule should read them
            # as the writer's own ask ("Why we stopped hiring on CVs").
            word = "§" if token.quoted else token.stem
            offsets.append(pos)
            parts.append(word)
            pos += len(word) + 1
        self._stems = " ".join(parts)
        self._offsets = offsets
        self._norm_list = [t.norm for t in self.tokens]
        norms = ["§" if t.quoted else t.norm for t in self.tokens]
        self._norms = " ".join(norms)
        self._norm_offsets, pos = [], 0
        for word in norms:
            self._norm_offsets.append(pos)
            pos += len(word) + 1

    @property
    def norms(self) -> list[str]:
        """The normalised words, in order."""
        return self._norm_list

    def find(self, pattern: Phrase) -> list[Span]:
        """Spans in the original text where a compiled phrase matches this sentence."""
        line, offsets = (self._norms, self._norm_offsets) if pattern.exact else (
            self._stems, self._offsets)
        spans = []
        for match in pattern.regex.finditer(line):
            first = _index_at(offsets, match.start())
            last = _index_at(offsets, max(match.start(), match.end() - 1))
            spans.append((self.tokens[first].start, self.tokens[last].end))
        return spans

    def token_index(self, pattern: Phrase) -> list[tuple[int, int]]:
        """(first, last) token indexes of each match, for rules that look around it."""
        line, offsets = (self._norms, self._norm_offsets) if pattern.exact else (
            self._stems, self._offsets)
        return [(_index_at(offsets, m.start()),
                 _index_at(offsets, max(m.start(), m.end() - 1)))
                for m in pattern.regex.finditer(line)]


def _index_at(offsets: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(offsets):
        if start > offset:
            break
        index = i
    return index


@dataclass(frozen=True)
class Part:
    """A part of the message (subject, greeting, sign-off) and its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Greeting(Part):
    """The salutation and the name it addresses, if any."""

    salutation: str
    names: tuple[str, ...]


@dataclass
class Message:
    """A message parsed once: parts, sentences, links and who it is about."""

    text: str
    channel: Channel
    purpose: Purpose
    context: DraftContext
    subject: Part | None
    greeting: Greeting | None
    sign_off: Part | None
    body: Part
    sentences: list[Sentence]
    links: list[Part]
    words: int
    reader_names: frozenset[str]
    writer_names: frozenset[str]
    #: The subject line read as a sentence (it can name the common ground).
    subject_sentence: Sentence | None = None

    def find(self, pattern: Phrase) -> list[Span]:
        """Every span in the body where a compiled phrase matches."""
        return [span for s in self.sentences for span in s.find(pattern)]

    @property
    def questions(self) -> list[Sentence]:
        """Sentences that end with a question mark (links don't count)."""
        return [s for s in self.sentences if s.question]


# --------------------------------------------------------------------- patterns


_PATTERN_WORD = re.compile(r"(?<![\\?<!=])\b([a-z][a-z']*)\b")


@dataclass(frozen=True)
class Phrase:
    """A compiled pattern, matched against stems or (``exact``) normalised words."""

    regex: re.Pattern[str]
    exact: bool


def phrase(pattern: str, exact: bool = False) -> Phrase:
    """Compile a pattern of plain words to match normalised sentences.

    Each literal word is stemmed the way the text is, so ``"would you consider
    mentoring"`` also matches "would u consider mentor". With ``exact``, words match
    as written (after normalising), for nouns whose stems collide ("opening" and
    "open"). Regex syntax works around the words; ``_ `` stands for any one word and
    ``_{0,3} `` for up to three.
    """
    body = pattern if exact else _PATTERN_WORD.sub(lambda m: re.escape(stem(m.group(1))),
                                                   pattern)
    body = re.sub(r"_(\{\d*,?\d*\})? ?", lambda m: "(?:[^ ]+ )" + (m.group(1) or ""), body)
    return Phrase(re.compile(r"(?<![^ ])(?:" + body + r")(?![^ ])"), exact)


# ---------------------------------------------------------------------- parsing


def _mask(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\n":
                chars[i] = "x"
    return "".join(chars)


def _tokens(text: str, masked: str, start: int, end: int, links: list[Part],
            quoted: list[Span]) -> list[Token]:
    out: list[Token] = []
    link_spans = [(link.start, link.end) for link in links if start <= link.start < end]
    pos = start
    for link_start, link_end in [*link_spans, (end, end)]:
        for match in _WORD.finditer(masked, pos, link_start):
            word = match.group(0).rstrip("'’")
            w_start, w_end = match.start(), match.start() + len(word)
            inside = any(a <= w_start < b for a, b in quoted)
            for part in re.split(r"-", word):
                if not part:
                    continue
                for norm in _expand(fold(part)):
                    out.append(Token(part, w_start, w_end, norm, stem(norm), inside))
        if link_start < end:
            out.append(Token(text[link_start:link_end], link_start, link_end, "<link>",
                             "<link>", False, True))
        pos = max(pos, link_end)
    return out


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk"} or 0x1F000 <= ord(char) <= 0x1FAFF


def _after_marks(masked: str, i: int, end: int) -> int:
    """The index after a run of sentence marks from i, with closing quotes and emoji."""
    j = i
    while j < end and masked[j] in ".!?…\"')]":
        j += 1
    while j < end and _is_emoji(masked[j]):
        j += 1
    return j


def _is_abbreviation(masked: str, i: int, j: int, sentence_start: int) -> bool:
    """Whether the full stop at i ends an abbreviation or an initial, not a sentence."""
    window = masked[max(sentence_start, i - 12):i + 1]
    before = re.search(r"([\w.]+)\.$", fold(window))
    # "J. Smith" is an initial, but "learning R. I've built…" ends a
    # sentence: the writer's "I" never follows an initial.
    starts_with_i = re.match(r"\s+I(?:\b|['’])", masked[j:j + 4]) is not None
    return masked[i] == "." and before is not None and (
        before.group(1).rstrip(".") in _ABBREVIATIONS
        or (len(before.group(1).rstrip(".")) == 1 and not starts_with_i))


def _boundary(masked: str, i: int, end: int, sentence_start: int) -> tuple[int | None, int]:
    """Where a sentence ends at i (None if it does not), and the index to read next."""
    ch = masked[i]
    if ch == "\n":
        return i, i + 1
    if ch in ".!?…":
        j = _after_marks(masked, i, end)
        if not (j >= end or masked[j].isspace()):
            return None, j  # a run of marks inside a word: skip it whole
        if _is_abbreviation(masked, i, j, sentence_start):
            return None, i + 1
        return j, j
    if _is_emoji(ch) and i + 1 < end and masked[i + 1] == " " and i > sentence_start:
        j = i
        while j < end and (_is_emoji(masked[j]) or masked[j] == "\ufe0f"):
            j += 1
        return j, j
    return None, i + 1


def _trimmed(text: str, spans: list[Span]) -> list[Span]:
    """The spans without their surrounding white space; empty ones dropped."""
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _split_sentences(text: str, start: int, end: int, masked: str) -> list[Span]:
    """Sentence spans between start and end; links are masked so '?' in URLs is ignored."""
    spans: list[Span] = []
    i, sentence_start = start, start
    while i < end:
        boundary_end, i = _boundary(masked, i, end, sentence_start)
        if boundary_end is not None:
            if text[sentence_start:boundary_end].strip():
                spans.append((sentence_start, boundary_end))
            sentence_start = boundary_end
    if text[sentence_start:end].strip():
        spans.append((sentence_start, end))
    return _trimmed(text, spans)


def _names(*values: str | None) -> frozenset[str]:
    names: set[str] = set()
    for value in values:
        for word in _WORD.findall(value or ""):
            folded = fold(word)
            if len(folded) >= 2 and folded not in NOT_A_NAME:
                names.add(folded)
    return frozenset(names)


def name_matches(word: str, names: frozenset[str]) -> bool:
    """True when a written word is one of the names (or a short form of one).

    Handles are read as names too: "@farah.dev" and "@kemi_codes" address Farah and Kemi.
    """
    parts = [p for p in re.split(r"[^\w]|_", fold(word).strip(".,!:;@")) if p]
    return any(p == n or (len(p) >= 3 and n.startswith(p)) for p in parts for n in names)


#: Titles before a surname: "Dear Dr Mensah" greets Kwame Mensah by name.
TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof", "professor", "dr.", "mr.", "mrs.", "ms.",
          "mx.", "prof.", "sr", "sra", "herr", "frau", "madame", "monsieur", "mme", "m."}
#: An opening clause: the words before the first comma, "!", colon, dash or emoji.
_OPENING_CLAUSE = re.compile(r"[ \t]*(?P<clause>[^\n,!:;—–.?]{1,60}?)[ \t]*(?:[,!:;—–]|$)")


def _greeting(text: str, start: int, reader: frozenset[str]) -> Greeting | None:
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[start:line_end]
    match = _SALUTATION.match(line)
    if match:
        pos = match.end()
        names: list[str] = []
        end = pos
        while word := _NAME_WORD.match(line, end):
            candidate = word.group(1)
            if any(_is_emoji(c) for c in candidate) or len(names) >= 4:
                break
            folded = fold(candidate)
            looks_like_name = (name_matches(candidate, reader) or candidate[:1].isupper()
                               or folded in NOT_A_NAME)
            if not looks_like_name:
                break
            names.append(candidate)
            end = word.end()
        rest = line[end:]
        punct = re.match(r"[ \t]*[,!.:;—–-]+", rest)
        if punct:
            end += punct.end()
        return Greeting(line[:end].strip(), start + (len(line) - len(line.lstrip())),
                        start + end, match.group("sal"), tuple(names))
    # A name on its own ("Dana," or "Marco, thanks for...") is a greeting too.
    bare = re.match(r"[ \t]*([^\W\d_][\w'’-]*)[ \t]*[,!—–-]+", line)
    if bare and (name_matches(bare.group(1), reader)
                 or (not reader and line[bare.end():].strip() == "")):
        return Greeting(line[:bare.end()].strip(), start, start + bare.end(), "",
                        (bare.group(1),))
    return _foreign_greeting(line, start, reader)


def _foreign_greeting(line: str, start: int, reader: frozenset[str]) -> Greeting | None:
    """A salutation in any language: one short word, then their name or handle.

    "Szia Eszter,", "Merhaba Emre,", "oi João!" and "Salam Tariq," open with a word the
    coach need not know; what makes them a greeting is their shape: a single word and
    the reader's name, closing the opening clause.
    """
    # An emoji closes the opening clause too: "hiii kemi 👋 we're both…".
    cut = next((i for i, c in enumerate(line) if _is_emoji(c)), len(line))
    clause = _OPENING_CLAUSE.match(line[:cut])
    if clause is None:
        return None
    words = clause.group("clause").split()
    text = clause.group("clause")
    while words and all(_is_emoji(c) or c == "\ufe0f" for c in words[-1]):
        words.pop()
    # A salutation of one or two words ("Kia ora"), the name, and at most an honorific
    # ("Namaste Dana ji,").
    if len(words) not in (2, 3) or any(_is_emoji(c) for c in "".join(words)):
        return None
    first, name = words[:2]
    if reader and not name_matches(name, reader) and name_matches(words[-1], reader):
        first, name = " ".join(words[:-1]), words[-1]
    addressed = name_matches(name, reader) if reader else (
        name.startswith("@") or name[:1].isupper())
    if not addressed or not re.sub(r"['’ ]", "", first).isalpha() or len(first) > 12:
        return None
    end = clause.end()
    return Greeting(line[:end].strip(), start + (len(line) - len(line.lstrip())), start + end,
                    first, (name,)) if text else None


def _is_closing(line: str) -> bool:
    words = _WORD.findall(line)
    if not words or "?" in line:
        return False
    first = fold(words[0])
    if first in CLOSING_WORDS and len(words) <= 6:
        return True
    return line.rstrip().endswith(",") and len(words) <= 8 and first not in {"i", "we"}


def _is_signature(line: str, writer: frozenset[str], after_closing: bool) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if all(_is_emoji(c) or c.isspace() or c == "\ufe0f" for c in stripped):
        return True
    words = _WORD.findall(stripped)
    if _DASH_SIGNATURE.match(stripped) and len(words) <= 4:
        return True
    if not words or len(words) > 4 or stripped[-1] in ".?!:,":
        return False
    if writer and all(fold(w) in writer for w in words[:2]):
        return True
    return after_closing or (len(words) <= 3 and all(w[:1].isupper() for w in words))


def _sign_off(text: str, start: int, end: int, writer: frozenset[str]) -> int:
    """Where the sign-off (closing line and signature) starts, or ``end``."""
    lines: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    cut = end
    saw_signature = False
    while lines:
        a, b = lines[-1]
        line = text[a:b]
        if not line.strip():
            lines.pop()
            cut = a
            continue
        if _is_closing(line) and (saw_signature or len(lines) > 1 or not writer):
            cut = a
            lines.pop()
            break
        if _is_signature(line, writer, after_closing=False) and len(lines) > 1:
            saw_signature = True
            cut = a
            lines.pop()
            continue
        break
    return cut


def _inline_sign_off(text: str, spans: list[Span], writer: frozenset[str]) -> int:
    """How many trailing sentences are a sign-off written inline ("... Thanks, Zoë")."""
    n = 0
    for a, b in reversed(spans[1:] if len(spans) > 1 else []):
        sentence = text[a:b]
        words = _WORD.findall(sentence)
        is_name = bool(words) and len(words) <= 3 and (
            all(fold(w) in writer for w in words) or _DASH_SIGNATURE.match(sentence) is not None)
        closing = _is_closing(sentence) and len(words) <= 4
        if is_name or closing or (words and _DASH_SIGNATURE.match(sentence)):
            n += 1
            continue
        break
    return n


def parse(text: str, channel: Channel, purpose: Purpose,
          context: DraftContext | None = None) -> Message:
    """Parse a message into its parts, sentences, links and normalised words."""
    ctx = context or DraftContext()
    reader = _names(ctx.contact.first_name, ctx.contact.name)
    writer = _names(ctx.me.first_name, ctx.me.name)
    links = [Part(m.group(0).rstrip(".,;:!?)"), m.start(), m.start() + len(m.group(0).rstrip(
        ".,;:!?)"))) for m in _URL.finditer(text)]
    quoted = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]

    subject = None
    body_start = 0
    match = _SUBJECT.match(text)
    if match:
        s = match.start("subject")
        subject = Part(match.group("subject").strip(), s, s + len(match.group("subject").rstrip()))
        body_start = match.end()
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1

    greeting = _greeting(text, body_start, reader)
    content_start = greeting.end if greeting else body_start
    # Hostile or pasted-in-error input: read at most MAX_READ characters closely.
    sign_off_start = _sign_off(text, content_start, min(len(text.rstrip()), MAX_READ), writer)
    masked = _mask(text, [(link.start, link.end) for link in links])
    spans = _split_sentences(text, content_start, sign_off_start, masked)
    inline = _inline_sign_off(text, spans, writer)
    if inline:
        sign_off_start = spans[-inline][0]
        spans = spans[:-inline]
    sign_off = None
    tail = text[sign_off_start:].strip()
    if tail:
        sign_off = Part(tail, sign_off_start, len(text.rstrip()))

    sentences = []
    for a, b in spans:
        tokens = _tokens(text, masked, a, b, links, quoted)
        question = re.search(r"\?[^\w?]*$", masked[a:b]) is not None
        sentences.append(Sentence(a, b, text[a:b], tokens, question))
    body_end = spans[-1][1] if spans else content_start
    words = count_words(text[body_start:])
    subject_sentence = None
    if subject is not None and subject.text:
        subject_sentence = Sentence(subject.start, subject.end, subject.text,
                                    _tokens(text, masked, subject.start, subject.end, links,
                                            quoted),
                                    False)
    return Message(text, channel, purpose, ctx, subject, greeting, sign_off,
                   Part(text[content_start:body_end], content_start, body_end), sentences,
                   links, words, reader, writer, subject_sentence)


def count_words(text: str) -> int:
    """Words as a reader would count them (a link is one word)."""
    return len(_WORD.findall(_URL.sub(" link ", text)))
