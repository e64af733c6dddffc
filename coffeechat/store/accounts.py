"""Accounts: who signs in, and the admin's view of every account.

An account is known by its identity provider's issuer and subject (stable for a
person at one provider, unlike an e-mail address). The local account (id 1, issuer
``local``) always exists: it is the one learner of an install without sign-in.

This is the only part of the store that reads more than one account, and it reads
only the accounts table plus per-account counts. Counting or erasing an account's
rows declares that account first, as every learner query does, so PostgreSQL's
row-level security holds here too.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from coffeechat.clock import now
from coffeechat.errors import AccountError, ConflictError
from coffeechat.store._base import Database, Scope, declare, mine
from coffeechat.store.tables import LOCAL_ACCOUNT_ID, TABLES, AccountRow

#: Longest issuer, subject and e-mail kept (the columns' sizes). A provider that sends
#: longer ones is refused rather than truncated, so two people never become one.
MAX_ISSUER = 300
MAX_SUBJECT = 300
MAX_EMAIL = 320
LOCAL_ISSUER = "local"


@dataclass(frozen=True)
class Account:
    """Someone who signs in."""

    id: int
    issuer: str
    subject: str
    email: str | None
    created_at: datetime
    last_sign_in_at: datetime | None

    @property
    def is_local(self) -> bool:
        """The account of a local install (no sign-in)."""
        return self.id == LOCAL_ACCOUNT_ID

    @property
    def label(self) -> str:
        """How the admin commands name the account."""
        return self.email or ("(local)" if self.is_local else f"(account {self.id})")


@dataclass(frozen=True)
class AccountSummary:
    """An account with how many records of each kind it holds."""

    account: Account
    counts: dict[str, int]


def _account(row: AccountRow) -> Account:
    return Account(row.id, row.issuer, row.subject, row.email, row.created_at,
                   row.last_sign_in_at)


def _checked(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ConflictError(f"The sign-in gave no {what}, so no account was opened. "
                            "Check the identity provider's settings.")
    if len(value) > limit:
        raise ConflictError(f"The sign-in gave a {what} longer than {limit} characters, so "
                            "no account was opened. Check the identity provider's settings.")
    return value


class Accounts:
    """Sign people in, find accounts by e-mail, count and erase them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def sign_in(self, issuer: str, subject: str, email: str | None) -> Account:
        """The account of this identity: created on first sign-in, stamped on every one.

        Two replicas signing the same new person in at once get the same account.
        """
        issuer = _checked(issuer, "issuer", MAX_ISSUER)
        subject = _checked(subject, "subject", MAX_SUBJECT)
        if issuer == LOCAL_ISSUER:
            raise ConflictError("The identity provider's issuer may not be 'local': that "
                                "name belongs to the local account. Use the provider's URL.")
        mail = (email or "").strip() or None
        if mail is not None and len(mail) > MAX_EMAIL:
            mail = None  # display only: not worth refusing a sign-in over
        stamp = now()
        dialect = postgresql if self._db.dialect == "postgresql" else sqlite
        upsert = dialect.insert(AccountRow).values(
            issuer=issuer, subject=subject, email=mail, created_at=stamp,
            last_sign_in_at=stamp)
        upsert = upsert.on_conflict_do_update(
            index_elements=["issuer", "subject"],
            set_={"email": mail, "last_sign_in_at": stamp},
        ).returning(AccountRow.id)
        with self._db.unscoped() as s:
            account_id = s.execute(upsert).scalar_one()
            return _account(s.get_one(AccountRow, account_id))

    def get(self, account_id: int) -> Account:
        """One account by id."""
        with self._db.unscoped() as s:
            row = s.get(AccountRow, account_id)
            if row is None:
                raise AccountError(f"There is no account with id {account_id}.")
            return _account(row)

    def by_email(self, email: str | None) -> Account:
        """The account with this e-mail (any case); no e-mail means the local account."""
        if email is None or not email.strip():
            return self.get(LOCAL_ACCOUNT_ID)
        wanted = email.strip()
        with self._db.unscoped() as s:
            rows = s.scalars(select(AccountRow).where(
                func.lower(AccountRow.email) == wanted.lower()).order_by(AccountRow.id)).all()
        if not rows:
            raise AccountError(f"There is no account with the e-mail {wanted!r}. "
                               "`coffeechat users list` shows the accounts there are; an "
                               "account is opened when its owner first signs in.")
        if len(rows) > 1:
            ids = ", ".join(str(r.id) for r in rows)
            raise AccountError(f"{len(rows)} accounts (ids {ids}) use the e-mail {wanted!r}, "
                               "signed in through different providers, so it does not say "
                               "which one. Nothing was changed.")
        return _account(rows[0])

    def list(self) -> builtins.list[Account]:
        """Every account, oldest first."""
        with self._db.unscoped() as s:
            return [_account(r) for r in s.scalars(select(AccountRow).order_by(AccountRow.id))]

    def summaries(self) -> builtins.list[AccountSummary]:
        """Every account with its record counts, in one transaction."""
        out = []
        with self._db.unscoped() as s:
            for row in s.scalars(select(AccountRow).order_by(AccountRow.id)).all():
                declare(s, Scope(row.id))
                values = s.execute(select(*(
                    select(func.count()).select_from(t).where(mine(row.id, t)).scalar_subquery()
                    for t in TABLES))).one()
                out.append(AccountSummary(_account(row), {
                    t.__tablename__: int(n) for t, n in zip(TABLES, values, strict=True)}))
        return out

    def delete(self, account_id: int) -> dict[str, int]:
        """Erase every record of an account, and the account unless it is the local one.

        All or nothing: one transaction. Returns how many rows went from each table.
        """
        erased: dict[str, int] = {}
        with self._db.unscoped() as s:
            if s.get(AccountRow, account_id) is None:
                raise AccountError(f"There is no account with id {account_id}.")
            declare(s, Scope(account_id))
            # Children first, as well as ON DELETE CASCADE, so it holds even where a
            # SQLite file was opened with foreign keys off.
            for table in reversed(TABLES):
                result: Any = s.execute(delete(table).where(mine(account_id, table)))
                erased[table.__tablename__] = int(result.rowcount or 0)
            if account_id != LOCAL_ACCOUNT_ID:
                s.execute(delete(AccountRow).where(AccountRow.id == account_id))
        return erased
