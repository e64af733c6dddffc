"""Coffee Chat in the browser: the router. Each screen is a thin script in pages/."""

import streamlit as st

from wizard import auth, router
from wizard.ui import guard, show_flash, sidebar_journey

# Before any st.* call: see wizard/router.py (a click that a text box's late save hides).
router.note_request()
st.set_page_config(page_title="Coffee Chat", page_icon="☕", layout="centered")

# The screens are listed once, in wizard/router.py, so the tests can read the same list.
PAGES = router.navigation()

# Hosted for a group (deploy/README.md): a visitor who has not signed in gets the sign-in
# page whatever the URL. The pages stay registered, hidden, so a deep link still resolves
# and nothing else runs.
if auth.needs_sign_in():
    st.navigation(PAGES, position="hidden")
    auth.sign_in_page()
    st.stop()
page = st.navigation(PAGES)
router.follow_the_click(p for section in PAGES.values() for p in section)
if auth.hosted_mode():
    identity = auth.current_identity()
    auth.protect_logs(identity)
    if identity is not None:
        auth.sidebar_account(identity)
sidebar_journey()
show_flash()
with guard("showing this page"):
    page.run()
