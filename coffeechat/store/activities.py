"""Activities: networking time, with or without a contact."""

from __future__ import annotations

import builtins
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func

from coffeechat.models import Activity, ActivityIn, Contact
from coffeechat.store._base import Repository, contact_row, model
from coffeechat.store.followups import reschedule_keep_in_touch
from coffeechat.store.tables import ActivityRow
from coffeechat.validation import parse


class Activities(Repository):
    """Log networking time and sum it up."""

    def log(self, activity: ActivityIn | dict[str, Any]) -> Activity:
        """Record networking time; with a contact it resets their keep-in-touch clock."""
        valid = (
            activity
            if isinstance(activity, ActivityIn)
            else parse(ActivityIn, activity, what="activity")
        )
        with self._db.writing() as s:
            # The contact is looked up first: an id of no contact of this account is
            # a NotFoundError, never a foreign-key failure.
            contact = (model(Contact, contact_row(s, valid.contact_id))
                       if valid.contact_id is not None else None)
            row = ActivityRow(**valid.model_dump(mode="python"))
            s.add(row)
            s.flush()
            if contact is not None:
                reschedule_keep_in_touch(s, contact)
            return model(Activity, row)

    def list(self, *, start: date | None = None, end: date | None = None,
             contact_id: int | None = None) -> builtins.list[Activity]:
        """Activities between two dates (inclusive), oldest first."""
        query = self._select(ActivityRow).order_by(ActivityRow.day, ActivityRow.id)
        if start is not None:
            query = query.where(ActivityRow.day >= start)
        if end is not None:
            query = query.where(ActivityRow.day <= end)
        if contact_id is not None:
            query = query.where(ActivityRow.contact_id == contact_id)
        with self._db.reading() as s:
            return [model(Activity, row) for row in s.scalars(query)]

    def minutes_by_day(self, start: date, end: date) -> dict[date, int]:
        """Networking minutes per day between two dates (inclusive)."""
        query = (
            self._select(ActivityRow.day, func.sum(ActivityRow.minutes))
            .where(and_(ActivityRow.day >= start, ActivityRow.day <= end))
            .group_by(ActivityRow.day)
        )
        out = {start + timedelta(days=i): 0 for i in range((end - start).days + 1)}
        with self._db.reading() as s:
            for day, minutes in s.execute(query):
                out[day] = int(minutes or 0)
        return out
