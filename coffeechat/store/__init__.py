"""Where the learner's network is kept: SQLite by default, PostgreSQL by URL."""

from coffeechat.store.repository import (
    Agenda,
    FollowUpList,
    FollowUpView,
    QuietContact,
    Store,
)

__all__ = ["Agenda", "FollowUpList", "FollowUpView", "QuietContact", "Store"]
