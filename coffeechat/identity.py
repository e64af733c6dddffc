"""Who is signed in when Coffee Chat is hosted for a group, and how logs stay anonymous.

In hosted mode an OpenID Connect provider vouches for each learner. Their account is the
pair (issuer, subject): the provider's own id for them, which never changes, unlike an
e-mail address. The e-mail and name are kept for display only.

Logs of a hosted server are read by operators who are not the learner, so they must not
carry anyone's name, e-mail, notes or messages. An account is named in logs by
:attr:`Identity.log_id`, a one-way hash, and :class:`PersonalDataFilter` takes e-mail
addresses and the names of signed-in people out of every log line as a second guard.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import traceback
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

#: Claims longer than this are not identities but garbage; providers send far less.
_CLAIM_MAX = 512


class Identity(BaseModel):
    """A signed-in learner, as their identity provider describes them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issuer: str
    subject: str
    email: str = ""
    name: str = ""

    @property
    def log_id(self) -> str:
        """A short, stable name for this account in logs; neither e-mail nor name."""
        digest = hashlib.sha256(f"{self.issuer}\n{self.subject}".encode()).hexdigest()
        return f"acct-{digest[:16]}"

    @property
    def display_name(self) -> str:
        """What the sidebar calls them: their name, else their e-mail, else 'you'."""
        return self.name or self.email or "you"

    @classmethod
    def from_claims(cls, claims: Mapping[str, object]) -> Identity | None:
        """The identity in an ID token's claims, or None without a usable issuer and subject."""

        def claim(key: str) -> str:
            value = claims.get(key)
            if not isinstance(value, str):
                return ""
            return value.strip()[:_CLAIM_MAX]

        issuer, subject = claim("iss"), claim("sub")
        if not issuer or not subject:
            return None
        return cls(issuer=issuer, subject=subject, email=claim("email"), name=claim("name"))


# --- Logs without personal data ---------------------------------------------------------

EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "<e-mail>"
NAME_MASK = "<name>"
#: How many signed-in people one process remembers for masking; the oldest go first.
KNOWN_PEOPLE_MAX = 10_000
#: Shorter names ("Al", "Jo") would mask ordinary words in tracebacks.
_NAME_MIN = 3


def describe_error(exc: BaseException) -> str:
    """An exception for a hosted log: its type and where it happened, never its message.

    The message of an unexpected error can quote what a learner typed (a contact's name, a
    note), so only the type and the stack frames (file, line, function) are kept.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join([f"{type(exc).__module__}.{type(exc).__qualname__} (message withheld)",
                      *lines])


class PersonalDataFilter(logging.Filter):
    """Mask e-mail addresses and the names of signed-in people in every record it sees.

    Attach it to handlers (not loggers): a handler sees every record that reaches it,
    including those propagated from other loggers. The record's text is rewritten in
    place, so whatever formatter the handler uses writes the masked text.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._people: OrderedDict[str, None] = OrderedDict()
        self._pattern: re.Pattern[str] | None = None

    def remember(self, values: Iterable[str]) -> None:
        """Mask these names and e-mail addresses from now on (a signed-in learner's)."""
        with self._lock:
            changed = False
            for value in values:
                value = value.strip()
                if len(value) < _NAME_MIN:
                    continue
                if value in self._people:
                    self._people.move_to_end(value)
                    continue
                self._people[value] = None
                changed = True
                while len(self._people) > KNOWN_PEOPLE_MAX:
                    self._people.popitem(last=False)
            if changed:
                # Longest first, so "Ada Lovelace" is masked whole before "Ada" could be.
                names = sorted(self._people, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)

    def mask(self, text: str) -> str:
        """The text with every e-mail address and remembered name masked."""
        text = EMAIL_RE.sub(EMAIL_MASK, text)
        pattern = self._pattern
        return pattern.sub(NAME_MASK, text) if pattern is not None else text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message, exception and stack text; never drop it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = self.mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True
