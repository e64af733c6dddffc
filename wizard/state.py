"""Shared, cached resources: the database and the question banks.

Nothing important lives only in ``st.session_state``: every change is written to
the database straight away, so a reload or a second tab shows the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from coffeechat import accounts
from coffeechat.banks import Bank, banks_signature, builtin_bank, current_bank
from coffeechat.data_version import DataVersion
from coffeechat.errors import BankError
from coffeechat.settings import database_url, user_banks_dir
from coffeechat.store import Store, engine


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


_ACCOUNT = "_account"


def store() -> Store:
    """The Store of this session: the local learner's, or the signed-in learner's.

    The engine is shared by every session; when the app is hosted (sign-in configured),
    each session's Store is bound to its own account, so every query is that account's
    only (and PostgreSQL's row-level security says the same).
    """
    shared = _store(database_url())
    account_id = _signed_in_account(shared)
    return shared if account_id is None else shared.for_account(account_id)


def erase_account() -> None:
    """Erase the signed-in learner's account and everything in it (hosted only)."""
    known: tuple[tuple[str, str], int] | None = st.session_state.get(_ACCOUNT)
    if known is None:
        raise RuntimeError("erase_account needs a signed-in account")
    _store(database_url()).accounts.delete(known[1])
    st.session_state.pop(_ACCOUNT, None)
    st.session_state.pop(_FIGURES, None)


def _signed_in_account(shared: Store) -> int | None:
    """The account of whoever is signed in, created on first sign-in; None when local."""
    from wizard import auth

    if not auth.hosted_mode():
        return None
    identity = auth.current_identity()
    if identity is None:
        # app.py shows only the sign-in page then; nothing may read learner data.
        st.stop()
    key = (identity.issuer, identity.subject)
    known: tuple[tuple[str, str], int] | None = st.session_state.get(_ACCOUNT)
    if known is None or known[0] != key:
        account = accounts.sign_in(shared, identity.issuer, identity.subject,
                                   identity.email or None)
        st.session_state[_ACCOUNT] = known = (key, account.id)
        # Figures remembered for someone else in this browser session must go.
        st.session_state.pop(_FIGURES, None)
    return known[1]


@st.cache_resource(show_spinner=False)
def _data_version(url: str) -> DataVersion:
    return DataVersion(_store(url).engine)


T = TypeVar("T")
_FIGURES = "_figures"


def remembered(name: str, compute: Callable[[], T], *, along: object = None) -> T:
    """``compute()``, kept in this session until the data changes (any write, anywhere).

    For figures drawn on every click that change only when something is saved, such as
    the journey's counts. They live in this session's own state, never in a cache shared
    with other sessions, and under one key (``_figures``): whatever signs a learner in
    or out must drop that key, as the database URL alone would not tell two accounts
    of one server apart.

    ``along`` is part of the key too (say, a digest of the file being previewed); one
    value is kept per name, so a new ``along`` replaces the old value.
    """
    # Read before computing: a write during the computation then leaves an old key
    # (computed again next time), never old figures under the new key.
    version = (_data_version(database_url()).key(), st.session_state.get(_ACCOUNT), along)
    figures: dict[str, tuple[Any, Any]] = st.session_state.setdefault(_FIGURES, {})
    kept = figures.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]  # type: ignore[no-any-return]
    value = compute()
    figures[name] = (version, value)
    return value


@st.cache_resource(show_spinner=False, max_entries=4)
def _bank(signature: tuple[tuple[str, float, int], ...]) -> Bank | BankError:
    # cache_resource, not cache_data: a Bank never changes, and cache_data would
    # unpickle a fresh copy of every question on every rerun. The signature (the
    # learner's bank files) is the cache key; the loading is the core's.
    try:
        return current_bank()
    except BankError as exc:
        # Remembered too: a refused bank used to be read and parsed again on every
        # rerun (every bank file, half a second and more) only to be refused again.
        # Editing any of the files changes the signature, so a fix is seen at once.
        return exc


def bank() -> Bank:
    """The built-in banks plus the learner's own, reloaded when their files change.

    If the learner's own banks have problems, the built-in questions are used (never a
    partly loaded bank) and the sidebar lists what to fix.
    """
    loaded = _bank(banks_signature(user_banks_dir()))
    if isinstance(loaded, BankError):
        with st.sidebar:
            st.warning(
                "Your own question banks have problems, so only the built-in questions "
                "are in use until they're fixed:\n\n"
                + "\n".join(f"- `{p}`" for p in loaded.problems[:20])
            )
        return builtin_bank()
    return loaded


def database_label() -> str:
    """Where the data lives, for the sidebar: a path, or a server without its password."""
    return engine.database_label(database_url())
