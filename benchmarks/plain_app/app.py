"""A plain three-page Streamlit app: the baseline that benchmarks/browser.py compares with.

Sectioned navigation and a few widgets per page, nothing cached, nothing clever: what
Streamlit itself costs for a click, on the same machine, in the same run.
"""

import streamlit as st

st.set_page_config(page_title="Plain app", layout="centered")
PAGES = {
    "Start": [st.Page("choose.py", title="Choose", url_path="choose", default=True)],
    "Write": [st.Page("write.py", title="Write", url_path="write")],
    "Review": [st.Page("review.py", title="Review", url_path="review")],
}
page = st.navigation(PAGES)
st.sidebar.markdown("**A plain app** · three pages")
page.run()
