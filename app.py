"""Coffee Chat in the browser: the router. Each screen is a thin script in pages/."""

import streamlit as st

from wizard import auth, router
from wizard.ui import guard, show_flash, sidebar_journey

# Before any st.* call: see wizard/router.py (a click that a text box's late save hides).
router.note_request()
st.set_page_config(page_title="Coffee Chat", page_icon="☕", layout="centered")

# Each url_path is its file's name: on a fresh server Streamlit may first resolve a deep
# link by file name (wizard/router.py), and the two must name the same page.
PAGES = {
    "Start": [
        st.Page("pages/home.py", title="Your next step", icon=":material/home:", default=True),
    ],
    "Plan": [
        st.Page(
            "pages/profile.py",
            title="1 · Profile and pitch",
            icon=":material/person:",
            url_path="profile",
        ),
        st.Page("pages/role.py", title="2 · Target role", icon=":material/flag:", url_path="role"),
        st.Page(
            "pages/networking.py",
            title="3 · Where to network",
            icon=":material/explore:",
            url_path="networking",
        ),
    ],
    "People": [
        st.Page(
            "pages/contacts.py", title="Contacts", icon=":material/group:", url_path="contacts"
        ),
        st.Page(
            "pages/import_linkedin.py",
            title="Import from LinkedIn",
            icon=":material/upload_file:",
            url_path="import_linkedin",
        ),
    ],
    "Prepare": [
        st.Page(
            "pages/plan.py", title="Question plan", icon=":material/checklist:", url_path="plan"
        ),
        st.Page("pages/outreach.py", title="Outreach", icon=":material/mail:", url_path="outreach"),
    ],
    "Meet": [
        st.Page(
            "pages/notes.py", title="Conversation notes", icon=":material/coffee:", url_path="notes"
        ),
    ],
    "Keep in touch": [
        st.Page(
            "pages/followups.py", title="Follow-ups", icon=":material/eco:", url_path="followups"
        ),
    ],
    "Export": [
        st.Page(
            "pages/export.py", title="Export", icon=":material/inventory_2:", url_path="export"
        ),
    ],
}

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
