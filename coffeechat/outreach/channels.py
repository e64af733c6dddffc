"""Channels and purposes of outreach messages, with each channel's hard limit.

Limits are the published caps: a message cut off by the channel reads badly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coffeechat.models import LinkedInPlan


class Channel(StrEnum):
    """Where a message is sent."""

    LINKEDIN_NOTE = "linkedin_note"
    LINKEDIN_MESSAGE = "linkedin_message"
    EMAIL = "email"
    DISCORD_DM = "discord_dm"
    X_DM = "x_dm"
    IN_PERSON_FOLLOWUP = "in_person_followup"


class Purpose(StrEnum):
    """What a message is for."""

    FIRST_CONTACT = "first_contact"
    INTERVIEW_REQUEST = "interview_request"
    THANK_YOU = "thank_you"
    NO_REPLY_FOLLOWUP = "no_reply_followup"
    KEEP_IN_TOUCH = "keep_in_touch"
    CONNECT_AFTER_MEETUP = "connect_after_meetup"
    INTRO_REQUEST = "intro_request"


@dataclass(frozen=True)
class ChannelInfo:
    """How a channel is shown, and its limit in characters (None: no hard limit)."""

    label: str
    limit: int | None
    note: str


CHANNELS: dict[Channel, ChannelInfo] = {
    Channel.LINKEDIN_NOTE: ChannelInfo(
        "LinkedIn connection note", 200,
        "The note sent with a connection request: 200 characters on a free plan, 300 on "
        "Premium."),
    Channel.LINKEDIN_MESSAGE: ChannelInfo(
        "LinkedIn message", 1900, "A message or InMail body: up to 1,900 characters."),
    Channel.EMAIL: ChannelInfo(
        "Email", None, "Starts with a 'Subject:' line; subjects over 200 characters get cut."),
    Channel.DISCORD_DM: ChannelInfo(
        "Discord DM", 2000, "Discord cuts messages at 2,000 characters."),
    Channel.X_DM: ChannelInfo("X direct message", 10000, "X allows 10,000 characters."),
    Channel.IN_PERSON_FOLLOWUP: ChannelInfo(
        "Follow-up after meeting in person", 1900,
        "Written after meeting at an event; usually sent as a LinkedIn message."),
}

PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.FIRST_CONTACT: "First contact (no ask)",
    Purpose.INTERVIEW_REQUEST: "Ask for a short chat",
    Purpose.THANK_YOU: "Thank you",
    Purpose.NO_REPLY_FOLLOWUP: "One polite follow-up",
    Purpose.KEEP_IN_TOUCH: "Keep in touch / report back",
    Purpose.CONNECT_AFTER_MEETUP: "Connect after a meetup",
    Purpose.INTRO_REQUEST: "Ask for the intro they offered",
}

EMAIL_SUBJECT_LIMIT = 200
PREMIUM_NOTE_LIMIT = 300


def limit_for(channel: Channel, plan: LinkedInPlan = LinkedInPlan.FREE) -> int | None:
    """The hard character limit for a channel, given the learner's LinkedIn plan."""
    if channel == Channel.LINKEDIN_NOTE and plan == LinkedInPlan.PREMIUM:
        return PREMIUM_NOTE_LIMIT
    return CHANNELS[channel].limit
