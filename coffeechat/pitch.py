"""The 30-second elevator pitch: who I am, what I do, where I want to be in 12 months.

Spoken at 130-150 words a minute, 30 seconds is about 65-80 words. The pitch is for
events and for the start of a chat, so it should sound like talking, not a CV.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coffeechat.models import ProfileIn
from coffeechat.outreach.coach import count_words
from coffeechat.templating import sentence

SLOW_WPM = 130
FAST_WPM = 150
TARGET_WORDS = (65, 80)
PARTS = (
    ("pitch_who", "who you are"),
    ("pitch_what", "what you do"),
    ("pitch_where", "where you want to be in 12 months"),
)


@dataclass(frozen=True)
class Pitch:
    """A pitch, its length, and hints to improve it."""

    text: str
    words: int
    seconds_low: int
    seconds_high: int
    hints: list[str] = field(default_factory=list)

    @property
    def timing(self) -> str:
        """'about 25-29 seconds'."""
        if self.seconds_low == self.seconds_high:
            return f"about {self.seconds_low} seconds"
        return f"about {self.seconds_low}-{self.seconds_high} seconds"


def build_pitch(profile: ProfileIn) -> Pitch:
    """Join the three parts into a pitch and say how long it takes to say."""
    parts = [getattr(profile, key) or "" for key, _label in PARTS]
    text = " ".join(sentence(p) for p in parts if p.strip())
    words = count_words(text)
    low = round(words / FAST_WPM * 60)
    high = round(words / SLOW_WPM * 60)
    hints: list[str] = []
    for (_key, label), part in zip(PARTS, parts, strict=True):
        if not part.strip():
            hints.append(f"Add {label}.")
    if words > TARGET_WORDS[1]:
        hints.append(
            f"At {words} words it runs past 30 seconds. Aim for {TARGET_WORDS[0]}-"
            f"{TARGET_WORDS[1]} words: cut detail, keep the story."
        )
    elif text and words < TARGET_WORDS[0] and not hints:
        hints.append(
            f"At {words} words there's room for a little more: a detail about what you're "
            "building helps people remember you."
        )
    return Pitch(text=text, words=words, seconds_low=low, seconds_high=high, hints=hints)
