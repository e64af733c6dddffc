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

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def route_through_app() -> None:
    """If Streamlit is running a page without the router, switch discovery off and rerun."""
    if get_script_run_ctx() is None:
        return  # imported outside a script run (a test, the CLI): nothing to route
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
