"""The learner's own profile: one record per account."""

from __future__ import annotations

from typing import Any

from coffeechat.clock import now
from coffeechat.models import Profile, ProfileIn
from coffeechat.store._base import Repository
from coffeechat.store.tables import ProfileRow, row_dict
from coffeechat.validation import parse


class Profiles(Repository):
    """Read and save the learner's profile."""

    def get(self) -> Profile:
        """The learner's profile; an empty one until they fill it in."""
        with self._db.reading() as s:
            row = s.scalars(self._select(ProfileRow)).first()
            if row is None:
                return Profile()
            data = row_dict(row)
            data.pop("id")
            return Profile.model_validate(data)

    def save(self, profile: ProfileIn | dict[str, Any]) -> Profile:
        """Validate and store the whole profile."""
        valid = profile if isinstance(profile, ProfileIn) else parse(ProfileIn, profile,
                                                                      what="profile")
        values = valid.model_dump(mode="json")
        values["updated_at"] = now()
        with self._db.writing() as s:
            row = s.scalars(self._select(ProfileRow)).first()
            if row is None:
                row = ProfileRow()
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
        return self.get()

    def update(self, **changes: Any) -> Profile:
        """Change some profile fields, keeping the rest."""
        data = self.get().model_dump(exclude={"updated_at"})
        data.update(changes)
        return self.save(parse(ProfileIn, data, what="profile"))
