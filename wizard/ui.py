"""Small building blocks every page uses: safe text, friendly errors, steps, toasts."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from coffeechat import journey
from coffeechat.errors import CoffeeChatError, MissingDetailsError
from coffeechat.identity import describe_error
from coffeechat.settings import data_dir
from coffeechat.templating import md_escape
from wizard import auth, state

log = logging.getLogger("coffeechat")
DONE = ":material/check_circle:"
TODO = ":material/radio_button_unchecked:"


def safe(text: object) -> str:
    """User text made safe for st.markdown: shown literally, never as HTML or Markdown."""
    return md_escape(text)


def _log_path() -> str:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "coffeechat.log")


def _is_streamlit_control(exc: BaseException) -> bool:
    # st.rerun, st.stop and st.switch_page work by raising; never swallow those.
    return type(exc).__module__.startswith("streamlit")


def show_problem(exc: CoffeeChatError) -> None:
    """A domain error as a friendly message, with its details as a list."""
    if isinstance(exc, MissingDetailsError):
        st.warning(
            "A few details are needed before this draft can be written:\n\n"
            + "\n".join(f"- {safe(m)}" for m in exc.missing)
        )
        return
    body = safe(exc.message)
    if exc.problems:
        body += "\n\n" + "\n".join(f"- {safe(p)}" for p in exc.problems[:30])
    st.error(body)


@contextmanager
def guard(what: str = "doing that") -> Iterator[None]:
    """Show errors as friendly messages; never a traceback.

    ``what`` reads after "while", so it is a phrase like "saving your draft".
    """
    try:
        yield
    except CoffeeChatError as exc:
        show_problem(exc)
    except Exception as exc:
        if _is_streamlit_control(exc):
            raise
        logging.basicConfig(filename=_log_path(), level=logging.ERROR)
        if auth.hosted_mode():
            # Other people's data must not reach an operator's log: the account's hash,
            # and the error without its message (which may quote what was typed).
            auth.protect_logs()
            identity = auth.current_identity()
            log.error("Unexpected error while %s (account %s):\n%s", what,
                      identity.log_id if identity else "none", describe_error(exc))
        else:
            log.error("Unexpected error while %s:\n%s", what, traceback.format_exc())
        st.error(
            f"Sorry, something went wrong while {what}. Nothing was lost: every "
            "saved change is in your database. The details are in the log file at "
            f"`{_log_path()}` if you want to report it."
        )


# Kinder words for the messages a form shows most often.
FRIENDLY = {
    "must not be empty": "This one can't be empty.",
}


def field_error(errors: dict[str, str], field: str, where: Any = None) -> None:
    """Show one field's message right under its input (in its column), if it has one."""
    if field in errors:
        message = FRIENDLY.get(errors[field], errors[field])
        (where or st).markdown(f":red[{safe(message)}]")


def toast(message: str, icon: str = ":material/check_circle:") -> None:
    """Confirm a save."""
    st.toast(message, icon=icon)


def redraw_whole_page() -> None:
    """From a callback inside a :func:`page_fragment`: the click changes more than its part."""
    st.session_state[_WHOLE_PAGE] = True


def flash(message: str) -> None:
    """A toast that survives an st.rerun (shown at the top of the next run).

    From a callback inside a :func:`page_fragment`, the whole page reruns to show it.
    """
    st.session_state["_flash"] = message
    redraw_whole_page()


def show_flash() -> None:
    """Show a pending flash message as a toast (app.py, on every run of the whole page)."""
    st.session_state.pop(_WHOLE_PAGE, None)
    message = st.session_state.pop("_flash", None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def step_header(
    title: str, step: int | None = None, of: int | None = None, intro: str = ""
) -> None:
    """Page title with the wizard step, so the order is always clear."""
    if step is not None and of is not None:
        st.caption(f"Plan · step {step} of {of}")
        st.progress(step / of)
    st.title(title)
    if intro:
        st.markdown(intro)


_JOURNEY_DRAWN = "_journey_drawn"


def _journey() -> list[journey.Step]:
    return state.remembered("journey", lambda: journey.steps(state.store()))


_WHOLE_PAGE = "_whole_page_next"
P = ParamSpec("P")


def rerun_alone() -> bool:
    """Whether this run is a :func:`page_fragment`'s rerun alone, not a run of the page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def page_fragment(body: Callable[P, None]) -> Callable[P, None]:
    """``st.fragment`` for the busy part of a page: a click there reruns that part only.

    The rest of the page, the sidebar included, is neither run nor sent again. Two
    things still redraw everything: a save that ticks a step of the journey in the
    sidebar (the first target role, the first plan, ...), and a callback that left a
    message for the next run with :func:`flash` (shown by app.py, which a fragment's
    rerun does not run).
    """

    @st.fragment
    @functools.wraps(body)
    def part(*args: P.args, **kwargs: P.kwargs) -> None:
        # Only when this part reruns alone: in a run of the whole page, app.py has just
        # drawn the sidebar and shown any message (and a page run without app.py, as in
        # AppTest, would otherwise ask for the whole page forever).
        alone = rerun_alone()
        if alone and st.session_state.pop(_WHOLE_PAGE, False):
            st.rerun(scope="app")
        body(*args, **kwargs)
        if alone:
            with guard("showing your progress"):
                if _journey() != st.session_state.get(_JOURNEY_DRAWN):
                    st.rerun(scope="app")

    return part


def sidebar_journey() -> None:
    """The journey checklist in the sidebar: progress through the steps."""
    with guard("showing your progress"):
        items = _journey()
        st.session_state[_JOURNEY_DRAWN] = items
        done = sum(s.done for s in items)
        with st.sidebar:
            st.markdown(f"**Your journey** · {done} of {len(items)}")
            st.progress(done / len(items))
            st.markdown("  \n".join(f"{DONE if s.done else TODO} {s.label}" for s in items))
            if auth.hosted_mode():
                st.caption("Your data is kept on this group's server, in your own account.")
            else:
                st.caption(f"Your data stays on this computer: `{safe(state.database_label())}`")


def query_int(name: str) -> int | None:
    """An integer from the URL (``?contact=3``), or None if absent or not a number."""
    value = st.query_params.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        st.warning(
            f"The link asked for {name} {safe(value)!s}, which isn't a valid id, so it was ignored."
        )
        return None


def back_link() -> bool:
    """The way back to the page that sent the learner here (``?return_to=``), if any."""
    back = journey.return_link(st.query_params.to_dict())
    if back is None:
        return False
    st.page_link(
        f"pages/{back.page}.py",
        label=back.label,
        icon=":material/arrow_back:",
        query_params=back.query,
    )
    return True


def init_state(key: str, value: Any) -> None:
    """Give a widget its starting value once per session (the widget owns the key)."""
    if key not in st.session_state:
        st.session_state[key] = value


@contextmanager
def folded(label: str, key: str, *, start_open: bool = False) -> Iterator[bool]:
    """A tracked expander that says whether to draw what is inside it.

    What is inside is drawn only once the expander has been opened (an element not drawn
    is not sent, which spares every click on the page), and from then on in every run,
    open or not, so a choice made or a word typed in it is never dropped.
    """
    drawn = f"{key}_drawn"
    if key not in st.session_state:  # a new visit: what the last one drew is gone
        st.session_state.pop(drawn, None)
    box = st.expander(label, expanded=start_open, key=key, on_change="rerun")
    with box:
        draw = bool(box.open or start_open or st.session_state.get(drawn))
        if draw:
            st.session_state[drawn] = True
        yield draw
