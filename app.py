"""Coffee Chat in the browser: the router. Each screen is a thin script in pages/."""

import streamlit as st

from wizard import router
from wizard.ui import guard, show_flash, sidebar_journey

# Before any st.* call: see wizard/router.py (a click that a text box's late save hides).
router.note_request()
st.set_page_config(page_title="Coffee Chat", page_icon="☕", layout="centered")

# The screens are listed once, in wizard/router.py, so the tests can read the same list.
PAGES = router.navigation()
page = st.navigation(PAGES)
router.follow_the_click(p for section in PAGES.values() for p in section)
sidebar_journey()
show_flash()
with guard("showing this page"):
    page.run()
