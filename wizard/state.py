"""Shared, cached resources: the database and the question banks.

Nothing important lives only in ``st.session_state``: every change is written to
the database straight away, so a reload or a second tab shows the same data.
"""

from __future__ import annotations

import streamlit as st

from coffeechat.banks import Bank, banks_signature, builtin_bank, current_bank
from coffeechat.errors import BankError
from coffeechat.settings import database_url, user_banks_dir
from coffeechat.store import Store, engine


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The one Store for this database URL, shared by every session."""
    return _store(database_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _bank(signature: tuple[tuple[str, float, int], ...]) -> Bank:
    # cache_resource, not cache_data: a Bank never changes, and cache_data would
    # unpickle a fresh copy of every question on every rerun. The signature (the
    # learner's bank files) is the cache key; the loading is the core's.
    return current_bank()


def bank() -> Bank:
    """The built-in banks plus the learner's own, reloaded when their files change.

    If the learner's own banks have problems, the built-in questions are used (never a
    partly loaded bank) and the sidebar lists what to fix.
    """
    folder = user_banks_dir()
    try:
        return _bank(banks_signature(folder))
    except BankError as exc:
        with st.sidebar:
            st.warning(
                "Your own question banks have problems, so only the built-in questions "
                "are in use until they're fixed:\n\n"
                + "\n".join(f"- `{p}`" for p in exc.problems[:20])
            )
        return builtin_bank()


def database_label() -> str:
    """Where the data lives, for the sidebar: a path, or a server without its password."""
    return engine.database_label(database_url())
