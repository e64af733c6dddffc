import pandas as pd
import streamlit as st

from coffeechat.importers.linkedin import import_connections
from wizard import state
from wizard.ui import flash, guard, safe

store = state.store()
st.title("Import from LinkedIn")
st.markdown(
    "Bring in the people you're already connected with. In LinkedIn, open **Settings → "
    "Data privacy → Get a copy of your data**, choose **Connections**, and upload the "
    "`Connections.csv` from the download. Nothing is sent anywhere: the file is read on "
    "this computer.\n\nImported connections start as *acquaintances* with no reminders, "
    "so you won't get thousands of nudges."
)

upload = st.file_uploader("Connections.csv", type=["csv"])
if upload is None:
    st.stop()

raw = upload.getvalue()
report = None
with guard("reading the file"):
    report = import_connections(store, raw, where=upload.name, dry_run=True)
if report is None:
    st.stop()

st.header("Preview")
cols = st.columns(4)
cols[0].metric("New", report.created)
cols[1].metric("Updated", report.updated)
cols[2].metric("Skipped", report.skipped)
cols[3].metric("Can't import", report.failed)
frame = pd.DataFrame(
    [
        {"line": r.line, "name": r.name, "what happens": r.outcome, "why": r.reason}
        for r in report.rows
    ]
)
show = st.multiselect(
    "Show",
    ["created", "updated", "skipped", "failed"],
    default=["updated", "skipped", "failed"]
    if len(frame) > 50
    else ["created", "updated", "skipped", "failed"],
)
st.dataframe(
    frame[frame["what happens"].isin(show)] if not frame.empty else frame,
    hide_index=True,
    width="stretch",
)

if report.created + report.updated == 0:
    st.info("Nothing new to import: everyone in this file is already in your contacts.")
    st.stop()

parts = []
if report.created:
    parts.append(f"add {report.created} new contact{'s' if report.created != 1 else ''}")
if report.updated:
    parts.append(f"update {report.updated}")
label = " and ".join(parts).capitalize()
if st.button(label, type="primary"):
    bar = st.progress(0.0, text="Saving contacts…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Saved {done} of {total}")

    with guard("importing"):
        result = import_connections(store, raw, where=upload.name, progress=progress)
        bar.progress(1.0, text="Done")
        flash(result.summary())
        st.success(safe(result.summary()))
        st.page_link("pages/contacts.py", label="See your contacts", icon=":material/group:")
