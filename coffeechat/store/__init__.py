"""Where the learner's network is kept: SQLite by default, PostgreSQL by URL."""

from coffeechat.store._base import LOCAL, Scope
from coffeechat.store.contacts import QuietContact
from coffeechat.store.followups import Agenda, FollowUpList, FollowUpView
from coffeechat.store.repository import Store

__all__ = ["LOCAL", "Agenda", "FollowUpList", "FollowUpView", "QuietContact", "Scope", "Store"]
