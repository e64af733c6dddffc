"""Accounts for a hosted Coffee Chat: sign a person in, and give them their own store.

A local install never calls this: its one learner is the local account, which every
``Store(url)`` serves. A hosted app, after its identity provider has signed someone in::

    account = accounts.sign_in(store, issuer, subject, email)
    mine = accounts.store_for(store, account)   # every query now this account's only

``store`` is the app's one shared Store (the local account's); ``store_for`` is cheap
(it shares the engine), so it can run on every rerun. Nothing here logs an e-mail:
logs name an account by its id only.
"""

from __future__ import annotations

import logging

from coffeechat.store import Store
from coffeechat.store.accounts import Account, AccountSummary

__all__ = ["Account", "AccountSummary", "sign_in", "store_for"]

log = logging.getLogger("coffeechat.accounts")


def sign_in(store: Store, issuer: str, subject: str, email: str | None) -> Account:
    """The account of a signed-in identity: created on first sign-in, stamped each time.

    ``issuer`` and ``subject`` are the OpenID Connect ``iss`` and ``sub`` claims; the
    e-mail is kept for display and for the admin commands only.
    """
    account = store.accounts.sign_in(issuer, subject, email)
    log.info("Account %d signed in", account.id)
    return account


def store_for(store: Store, account: Account) -> Store:
    """The store of one account: reads and writes that account's records only."""
    return store.for_account(account.id)
