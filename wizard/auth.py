"""Sign-in for a hosted Coffee Chat: Streamlit's own OpenID Connect (st.login, st.user).

Hosted mode is on exactly when the secrets file Streamlit reads (``.streamlit/secrets.toml``
or the files named by ``secrets.files``) has an ``[auth]`` section; deploy/README.md says
what goes in it. Without one, nothing here shows: the app is the one-learner laptop app,
with no sign-in page.

The store is bound to :func:`current_identity` (its issuer and subject name the account);
this module only says who is there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import streamlit as st
from streamlit.errors import StreamlitAuthError

from coffeechat.identity import Identity, PersonalDataFilter
from coffeechat.templating import md_escape

#: One filter for the whole process: it remembers every signed-in person to mask them.
LOG_FILTER = PersonalDataFilter()

SIGN_IN_INTRO = (
    "Coffee Chat helps you get ready for informational interviews: short, friendly chats "
    "with people who already do the job you want. It helps you write a first message, plan "
    "your questions, take notes and keep in touch afterwards."
)
WHAT_IS_STORED = """\
- **Your e-mail address**, from the sign-in, so you find your own work when you come
  back. Your name is only shown to you, in the sidebar.
- **What you write here**: your pitch, the people you add, your drafts, your notes from
  each chat and your follow-ups.

Only you can see them. You can download all of them, or delete your account, from the
Export page at any time. There are no ads and no tracking."""


def hosted_mode() -> bool:
    """True when the secrets file configures sign-in (an ``[auth]`` section)."""
    # load_if_toml_exists first: reading st.secrets without any secrets file raises.
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def where_data_lives() -> str:
    """Where the learner's records are kept, as the pages say it."""
    return "on your group's server, in your own account" if hosted_mode() else \
        "on this computer"


def current_identity() -> Identity | None:
    """The signed-in learner (issuer, subject, e-mail, name), or None if nobody is."""
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        return None
    return Identity.from_claims(claims)


def needs_sign_in() -> bool:
    """True when this visitor must sign in before seeing anything else."""
    return hosted_mode() and current_identity() is None


def sign_in_page() -> None:
    """The only page a visitor sees before signing in: what this is, what it keeps."""
    st.title("☕ Welcome to Coffee Chat")
    st.markdown(SIGN_IN_INTRO)
    st.subheader("What this server keeps for you")
    st.markdown(WHAT_IS_STORED)
    if st.button("Sign in", type="primary", icon=":material/login:"):
        try:
            st.login()
        except StreamlitAuthError:
            st.error(
                "Sign-in isn't set up fully on this server yet, so nobody can sign in for "
                "now. Please let the person who runs it know; nothing you saved is lost."
            )
    st.caption("You'll sign in with your group's usual account, then come straight back here.")


def sidebar_account(identity: Identity) -> None:
    """Who is signed in, and the way out, at the top of the sidebar."""
    with st.sidebar:
        st.caption(f"Signed in as **{md_escape(identity.display_name)}**")
        if st.button("Sign out", icon=":material/logout:", key="_sign_out"):
            st.logout()


def _handlers() -> Iterator[logging.Handler]:
    # Streamlit gives each of its loggers its own handler and stops propagation, so the
    # root logger's handlers alone would miss them.
    yield from logging.root.handlers
    # Used when no handler is configured: a warning from any logger then goes to stderr.
    if logging.lastResort is not None:
        yield logging.lastResort
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            yield from logger.handlers


def protect_logs(identity: Identity | None = None) -> None:
    """Mask e-mail addresses and signed-in names in every log handler of this process.

    Cheap enough to call on every run: handlers added since the last call (the error log
    file is opened on the first error) get the filter too.
    """
    if identity is not None:
        LOG_FILTER.remember([identity.email, identity.name])
    for handler in _handlers():
        if LOG_FILTER not in handler.filters:
            handler.addFilter(LOG_FILTER)
