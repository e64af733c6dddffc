import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from coffeechat.importers.csvfile import MAX_BYTES
from coffeechat.importers.linkedin import import_connections
from coffeechat.importers.progress import Progress, progress_label
from coffeechat.importers.report import ImportReport
from wizard import auth, state
from wizard.ui import guard, init_state, safe


@contextmanager
def progress_bar(*, dry_run: bool) -> Iterator[Progress]:
    """A bar that appears once an import has taken a second, and goes when it ends."""
    spot = st.empty()

    def show(done: int, total: int) -> None:
        spot.progress(done / total, text=progress_label(done, total, dry_run=dry_run))

    try:
        yield Progress(show)
    finally:
        spot.empty()


store = state.store()
st.title("Import from LinkedIn")
st.markdown(
    "Bring in the people you're already connected with. In LinkedIn, open **Settings → "
    "Data privacy → Get a copy of your data**, choose **Connections**, and upload the "
    "`Connections.csv` from the download. Nothing is sent anywhere else: the file is read "
    "here and kept " + auth.where_data_lives() + ".\n\nImported connections start as "
    "*acquaintances* with no reminders, "
    "so you won't get thousands of nudges."
)

# Each finished import gets a fresh uploader (a new key), so the file just imported,
# its preview and its button go away and only the result stays on screen.
init_state("linkedin_round", 0)
finished = st.session_state.pop("linkedin_finished", None)
if finished:
    st.success(safe(finished))
    st.page_link("pages/contacts.py", label="See your contacts", icon=":material/group:")

upload = st.file_uploader("Connections.csv", type=["csv"], max_upload_size=MAX_BYTES // 2**20,
                          key=f"linkedin_upload_{st.session_state['linkedin_round']}")
if upload is None:
    st.stop()

raw, name = upload.getvalue(), upload.name


def preview() -> ImportReport:
    with progress_bar(dry_run=True) as progress:
        return import_connections(store, raw, where=name, dry_run=True,
                                  progress=progress)


report = None
with guard("reading the file"):
    # Kept until the file or the data changes: choosing which rows to show, or any other
    # click here, used to read and check the whole file again (a second for 30,000 rows).
    report = state.remembered("linkedin_preview", preview,
                              along=(name, hashlib.sha256(raw).hexdigest()))
if report is None:
    st.stop()

st.header("Preview")
for note in report.notes:
    st.info(safe(note))
cols = st.columns(4)
cols[0].metric("New", report.created)
cols[1].metric("Updated", report.updated)
cols[2].metric("Skipped", report.skipped)
cols[3].metric("Can't import", report.failed)
frame = pd.DataFrame(
    [
        {"line": r.line, "name": r.name, "what happens": r.outcome, "why": r.reason}
        for r in report.rows
    ],
    columns=["line", "name", "what happens", "why"],
)
show = st.multiselect(
    "Show",
    ["created", "updated", "skipped", "failed"],
    default=["updated", "skipped", "failed"]
    if len(frame) > 50
    else ["created", "updated", "skipped", "failed"],
)
st.dataframe(frame[frame["what happens"].isin(show)], hide_index=True, width="stretch")

nothing = report.nothing_to_import()
if nothing is not None:
    st.info(safe(nothing))
    st.stop()

parts = []
if report.created:
    parts.append(f"add {report.created} new contact{'s' if report.created != 1 else ''}")
if report.updated:
    parts.append(f"update {report.updated}")
label = " and ".join(parts).capitalize()
if st.button(label, type="primary"):
    result = None
    with guard("importing"), progress_bar(dry_run=False) as progress:
        result = import_connections(store, raw, where=upload.name, progress=progress)
    if result is not None:
        st.session_state["linkedin_finished"] = result.summary()
        st.session_state["linkedin_round"] += 1
        st.rerun()
