"""Make sure every page runs through the router in app.py, even on a fresh server.

Why this exists (Streamlit 1.67, ``streamlit/runtime/pages_manager.py`` and
``runtime/scriptrunner/script_runner.py``):

- ``PagesManager.uses_pages_directory`` is one flag for the whole process. The first
  session to connect sets it to True because a ``pages/`` folder sits next to app.py.
- While it is True, every script run goes through ``_mpa_v1``: Streamlit builds its own
  navigation from the files in ``pages/`` and runs the file that matches the URL.
  app.py is only the "main page" of that list, so ``/outreach`` runs
  ``pages/outreach.py`` directly: raw file names in the sidebar, no sections, no
  journey checklist, no error guard.
- Only a call to ``st.navigation`` sets the flag to False, and only app.py calls it. So
  on a fresh server, deep links stay unrouted for every session until someone opens
  ``/``.

No configuration option changes this: ``client.showSidebarNavigation = false`` only hides
the sidebar list (ours too) and still runs the page without app.py. Renaming ``pages/``
would fix it, but links, tests and habits all name that folder.

So the first script run in the process, whichever file it is, turns folder discovery
off, exactly as ``st.navigation`` does, and reruns. The rerun keeps the URL and its query
string and goes through app.py, which then routes to the page that was asked for. This
runs once per process, on the first import of the ``wizard`` package (every page and
app.py import it before drawing anything).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def route_through_app() -> None:
    """If Streamlit is running a page without the router, switch discovery off and rerun."""
    if get_script_run_ctx() is None:
        return  # imported outside a script run (a test, the CLI): nothing to route
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


# --- A click on a link while a text box still holds uncommitted typing ------------------
#
# Streamlit's browser code commits a text box on blur, but from a React effect that runs
# *after* the click handler of the link that took the focus. So the browser sends two
# requests, in this order (seen on the websocket in Chromium):
#   1. "run page Q" (the link), with no widget values;
#   2. "run page P" (the page being left), carrying the typed text.
# The second wins: the click is swallowed and page P is drawn again. Streamlit also drops
# P's widget state when request 1 switches page, so every widget of P comes back from
# the browser at once. The field helpers in wizard/forms.py make that harmless (each
# starts from the stored value and saves only real changes); this part honours the click:
# when a run of page P saved an edit although the run just before it asked for page Q,
# the edit is from a page the learner has left, so after saving it we go to Q.

_lock = threading.Lock()
_recent: OrderedDict[str, tuple[tuple[str, float], ...]] = OrderedDict()
_SESSIONS_KEPT = 1000
# A stale commit arrives milliseconds after the click; a generous bound for slow machines.
_STALE_WITHIN_S = 5.0
_EDITED = "_router_edited_on"


def note_request() -> None:
    """Remember which page this run was asked for. Call first in app.py, before any st.*.

    It runs before the first Streamlit call on purpose: any st.* call is a point where a
    newer request can stop this run, and request 1 above is stopped almost at once.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    asked = ctx.page_script_hash
    if asked == ctx.pages_manager.main_script_hash:
        asked = ""  # opened by URL: the page is known by name only; never a stale click
    with _lock:
        previous = _recent.pop(ctx.session_id, ())
        _recent[ctx.session_id] = (*previous[-1:], (asked, time.monotonic()))
        while len(_recent) > _SESSIONS_KEPT:
            _recent.popitem(last=False)


def note_edit() -> None:
    """From a field's callback: the learner's typing was saved in this run, on this page."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        st.session_state[_EDITED] = ctx.page_script_hash


def follow_the_click(pages: Iterable[StreamlitPage]) -> None:
    """After saving typing from a page the learner has just left, go where they clicked."""
    edited_on = st.session_state.pop(_EDITED, None)
    ctx = get_script_run_ctx()
    if ctx is None or not edited_on:
        return
    with _lock:
        recent = _recent.get(ctx.session_id, ())
    if len(recent) < 2:
        return
    (clicked, clicked_at), (this, this_at) = recent
    if edited_on != this or not clicked or clicked == this:
        return
    if this_at - clicked_at > _STALE_WITHIN_S:
        return
    for page in pages:
        # Streamlit identifies a page by the hash of its URL path (navigation/page.py).
        if page._script_hash == clicked:
            st.switch_page(page)


# --- The screens ----------------------------------------------------------------------
#
# The one list of screens, as plain data: app.py builds its st.navigation from it and the
# tests read it, so a new page gets its smoke test (and a page file that nobody routes to
# fails a test) without anyone keeping a second list.


@dataclass(frozen=True)
class Screen:
    """One page script and how the navigation shows it."""

    path: str
    title: str
    icon: str
    default: bool = False

    @property
    def url_path(self) -> str | None:
        """The file's name, or None for the default page (it lives at ``/``).

        On a fresh server Streamlit may first resolve a deep link by file name (see the
        top of this module), and the two must name the same page.
        """
        if self.default:
            return None
        return self.path.removeprefix("pages/").removesuffix(".py")


SECTIONS: dict[str, tuple[Screen, ...]] = {
    "Start": (Screen("pages/home.py", "Your next step", ":material/home:", default=True),),
    "Plan": (
        Screen("pages/profile.py", "1 · Profile and pitch", ":material/person:"),
        Screen("pages/role.py", "2 · Target role", ":material/flag:"),
        Screen("pages/networking.py", "3 · Where to network", ":material/explore:"),
    ),
    "People": (
        Screen("pages/contacts.py", "Contacts", ":material/group:"),
        Screen("pages/import_linkedin.py", "Import from LinkedIn", ":material/upload_file:"),
    ),
    "Prepare": (
        Screen("pages/plan.py", "Question plan", ":material/checklist:"),
        Screen("pages/outreach.py", "Outreach", ":material/mail:"),
    ),
    "Meet": (Screen("pages/notes.py", "Conversation notes", ":material/coffee:"),),
    "Keep in touch": (Screen("pages/followups.py", "Follow-ups", ":material/eco:"),),
    "Export": (Screen("pages/export.py", "Export", ":material/inventory_2:"),),
}

#: Every screen, in the order the navigation lists them.
SCREENS: tuple[Screen, ...] = tuple(s for section in SECTIONS.values() for s in section)


def navigation() -> dict[str, list[StreamlitPage]]:
    """The st.navigation argument: the screens, by section (call it from app.py)."""
    return {
        section: [
            st.Page(s.path, title=s.title, icon=s.icon, url_path=s.url_path, default=s.default)
            for s in screens
        ]
        for section, screens in SECTIONS.items()
    }
