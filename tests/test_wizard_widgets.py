"""The wizard's widgets on their own: small AppTest scripts over a real store.

Each script below runs as a Streamlit script (AppTest.from_function copies its source),
so it imports what it needs itself. The widgets find the database the way the app does,
through COFFEECHAT_DATABASE_URL, and every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from coffeechat.banks import builtin_bank
from coffeechat.models import CATEGORY_ORDER
from coffeechat.planner import make_plan
from coffeechat.store import Store
from wizard.plan_editor import CHANGES
from wizard.ui import safe

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def url(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The widgets' database: the same one the ``store`` fixture opens."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", db_url)
    monkeypatch.chdir(ROOT)
    return db_url


def run(script: Any, *args: Any, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_function(script, args=args, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_beside_the_pages(
    folder: Path, script: Any, *args: Any, query: dict[str, str] | None = None
) -> AppTest:
    """Like run(), for widgets that link to a page: st.page_link only accepts pages of the
    app's navigation, named relative to the main script. So the script sits beside a
    link to pages/ and registers the app's navigation (hidden) before the widget runs.
    """
    (folder / "pages").symlink_to(ROOT / "pages", target_is_directory=True)
    main = folder / "widget_app.py"
    main.write_text(
        "import streamlit as st\n"
        "from wizard import router\n"
        "st.navigation(router.navigation(), position='hidden')\n"
        f"{textwrap.dedent(inspect.getsource(script))}\n"
        f"{script.__name__}(*{args!r})\n",
        encoding="utf-8",
    )
    at = AppTest.from_file(str(main), default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements: Any) -> str:
    return "\n".join(str(e.value) for e in elements)


# --------------------------------------------------------------- forms.saved_input


def name_box() -> None:
    import streamlit as st

    from wizard import forms, state

    store = state.store()
    saves: list[str] = st.session_state.setdefault("saves", [])

    def save(value: str) -> None:
        saves.append(value)
        store.profile.update(name=value)

    forms.saved_input("text_input", "Your name", key="name",
                      stored=store.profile.get().name or "", save=save)


def test_saved_input_saves_what_is_typed_once_and_keeps_it(url: str, store: Store) -> None:
    at = run(name_box)
    assert at.text_input(key="name").value == ""
    at.text_input(key="name").input("Zoë Łukasiewicz").run()
    assert store.profile.get().name == "Zoë Łukasiewicz"
    assert [str(t.value) for t in at.toast] == ["Saved"]
    at.run()
    at.run()
    assert at.text_input(key="name").value == "Zoë Łukasiewicz"
    assert at.session_state["saves"] == ["Zoë Łukasiewicz"], "a rerun saves nothing again"

    # A new session (a reload, another tab) starts from what was stored.
    assert run(name_box).text_input(key="name").value == "Zoë Łukasiewicz"


def test_saved_input_keeps_a_refused_value_in_the_box_with_its_message(
    url: str, store: Store
) -> None:
    store.profile.update(name="Zoë")
    at = run(name_box)
    too_long = "z" * 201
    at.text_input(key="name").input(too_long).run()
    assert not at.exception
    assert at.text_input(key="name").value == too_long
    message = texts(at.markdown)
    assert message.startswith(":red[") and "200" in message, message
    assert "What you typed is still in the box" in message
    assert store.profile.get().name == "Zoë"
    assert not at.toast

    # Fixed, it saves and the message goes.
    at.text_input(key="name").input("Zoë Ł").run()
    assert store.profile.get().name == "Zoë Ł"
    assert not at.markdown


def test_a_refusal_names_the_field_by_its_label() -> None:
    # The message under a box when the core's error is not about a known field.
    from wizard.forms import _message

    assert _message("Your name", "Must not be empty.") == (
        "“Your name” must not be empty. What you typed is still in the box: change it and "
        "click outside to save.")
    assert _message("Tags", "Too many", kept=False) == "“Tags” too many."


def role_box() -> None:
    from wizard import forms, state

    store = state.store()
    forms.saved_input("selectbox", "Target role", key="role", options=["frontend", "backend"],
                      stored=store.profile.get().target_role,
                      save=lambda value: store.profile.update(target_role=value))


def test_saved_input_starts_a_choice_at_the_stored_option(url: str, store: Store) -> None:
    assert run(role_box).selectbox(key="role").value == "frontend"  # nothing stored yet
    store.profile.update(target_role="backend")
    at = run(role_box)
    assert at.selectbox(key="role").value == "backend"
    at.selectbox(key="role").select("frontend").run()
    assert store.profile.get().target_role == "frontend"


# ------------------------------------------------------------------------- pickers


def picking() -> None:
    import streamlit as st

    from wizard.pickers import contact_picker, conversation_picker

    chosen = contact_picker("t")
    st.markdown(f"contact: {chosen.name if chosen else None}")
    if chosen is not None:
        conversation = conversation_picker("t", chosen)
        st.markdown(f"conversation: {conversation.id if conversation else None}")


def shown(at: AppTest) -> list[str]:
    return [m for m in texts(at.markdown).splitlines() if m.startswith(("contact:", "conv"))]


def test_contact_picker_on_an_empty_store_points_to_the_contacts_page(
    url: str, tmp_path: Path
) -> None:
    at = run_beside_the_pages(tmp_path, picking)
    assert "You haven't added anyone yet" in texts(at.info)
    (link,) = at.get("page_link")
    assert link.proto.label == "Add a contact" and link.proto.page == "contacts"
    assert shown(at) == ["contact: None"]


def test_contact_picker_follows_the_address_and_writes_the_choice_back(
    url: str, store: Store
) -> None:
    dana = store.contacts.add({"name": "Dana Park", "title": "Developer", "company": "Acme"})
    sam = store.contacts.add({"name": "Sam Lee"})
    at = run(picking, query={"contact": str(sam.id)})
    box = at.selectbox(key="t_contact_r1")
    assert box.value == sam.id
    assert not at.text_input, "no search box for a short list"
    assert shown(at)[0] == "contact: Sam Lee"

    box.select(dana.id).run()
    assert at.query_params["contact"] == str(dana.id)
    assert shown(at)[0] == "contact: Dana Park"
    assert "Developer at Acme" in texts(at.caption)

    gone = run(picking, query={"contact": "9999"})
    assert "That contact no longer exists" in texts(gone.warning)


def test_contact_picker_search_narrows_the_list(url: str, store: Store) -> None:
    for i in range(12):
        store.contacts.add({"name": f"Person {i:02}", "company": "Beta"})
    store.contacts.add({"name": "Dana Park", "company": "Acme"})
    store.contacts.add({"name": "Dana Park", "company": "Gamma"})
    at = run(picking)
    assert len(at.selectbox[0].options) == 14
    at.text_input(key="t_search").input("Dana").run()
    options = at.selectbox[0].options
    # Two people share a name: their company and id tell them apart.
    assert len(options) == 2 and all(o.startswith("Dana Park · ") for o in options), options
    assert {o.split(" · ")[1] for o in options} == {"Acme", "Gamma"}

    at.text_input(key="t_search").input("nobody like this").run()
    assert "No contacts match that search." in texts(at.info)


def test_conversation_picker_offers_a_new_one_and_keeps_the_choice_in_the_address(
    url: str, store: Store
) -> None:
    dana = store.contacts.add({"name": "Dana Park"})
    older = store.conversations.add({"contact_id": dana.id})
    newer = store.conversations.add({"contact_id": dana.id, "format": "video"})
    at = run(picking, query={"contact": str(dana.id)})
    box = at.selectbox[1]
    assert box.options[-1] == "+ A new conversation"
    assert len(box.options) == 3
    box.select(older.id).run()
    assert at.query_params["conversation"] == str(older.id)
    assert shown(at)[1] == f"conversation: {older.id}"

    # A link to the other conversation opens it, and names its contact on its own.
    at = run(picking, query={"conversation": str(newer.id)})
    assert shown(at) == ["contact: Dana Park", f"conversation: {newer.id}"]


# ---------------------------------------------------------------------- ui helpers


def test_safe_shows_user_text_literally() -> None:
    assert safe("**bold** <img src=x onerror=alert(1)> [a](http://x)") == (
        "\\*\\*bold\\*\\* \\<img src=x onerror=alert(1)\\> \\[a\\](http://x)")
    assert safe("Nguyễn Thị Minh 🌸") == "Nguyễn Thị Minh 🌸"


def flashing() -> None:
    import streamlit as st

    from wizard.ui import flash, show_flash

    show_flash()
    if st.button("Save"):
        flash("Saved Dana Park")
        st.rerun()


def test_flash_survives_a_rerun_and_shows_once() -> None:
    at = run(flashing)
    assert not at.toast
    at.button[0].click().run()
    assert [str(t.value) for t in at.toast] == ["Saved Dana Park"]
    at.run()
    assert not at.toast


def way_back() -> None:
    import streamlit as st

    from wizard.ui import back_link

    st.markdown(f"back: {back_link()}")


def test_back_link_leads_back_only_to_our_pages(tmp_path: Path) -> None:
    at = run_beside_the_pages(tmp_path, way_back,
                              query={"return_to": "plan", "contact": "3", "conversation": "x"})
    assert "back: True" in texts(at.markdown)
    (link,) = at.get("page_link")
    assert link.proto.label == "Back to your plan"
    assert link.proto.page.endswith("plan")
    assert "contact=3" in link.proto.query_string and "conversation" not in link.proto.query_string

    for query in ({}, {"return_to": "https://evil.example"}, {"return_to": "../app"}):
        at = run(way_back, query=query)
        assert "back: False" in texts(at.markdown)
        assert not at.get("page_link")


def guarded(kind: str) -> None:
    import streamlit as st

    from coffeechat.errors import CoffeeChatError
    from wizard.ui import guard

    with guard("saving your draft"):
        if kind == "problem":
            raise CoffeeChatError("That didn't work: a <b>name</b> can't be empty.")
        if kind == "bug":
            raise RuntimeError("a bug")
        if kind == "stop":
            st.stop()
    st.markdown("after the guard")


def test_guard_turns_errors_into_friendly_messages(url: str) -> None:
    at = run(guarded, "problem")
    assert texts(at.error) == "That didn't work: a \\<b\\>name\\</b\\> can't be empty."
    assert "after the guard" in texts(at.markdown)

    at = run(guarded, "bug")
    message = texts(at.error)
    assert "Sorry, something went wrong while saving your draft. Nothing was lost" in message
    assert "Traceback" not in message and "a bug" not in message

    # st.stop and friends work by raising: the guard lets them through.
    at = run(guarded, "stop")
    assert not at.error and "after the guard" not in texts(at.markdown)


def asking_for(name: str) -> None:
    import streamlit as st

    from wizard.ui import query_int

    st.markdown(f"got: {query_int(name)}")


def test_query_int_reads_ids_and_warns_about_the_rest() -> None:
    assert "got: 7" in texts(run(asking_for, "contact", query={"contact": "7"}).markdown)
    at = run(asking_for, "contact", query={"contact": "<b>abc</b>"})
    assert "got: None" in texts(at.markdown)
    assert "isn't a valid id" in texts(at.warning)
    assert "<b>" not in texts(at.warning)
    assert "got: None" in texts(run(asking_for, "contact").markdown)


# ------------------------------------------------------------------- DraftKeeper


def drafting(contact_id: int) -> None:
    import streamlit as st

    from wizard import state
    from wizard.drafts import DraftKeeper

    rendered = st.query_params.get("rendered", "Hi Dana, I saw your talk.")
    keeper = DraftKeeper(state.store(), contact_id, None, "linkedin", "first_contact")
    if keeper.sync(rendered):
        st.info("Kept your edits; the template has something new.")
    keeper.box("Your message")
    st.button("Start over", on_click=keeper.start_over)


def draft_text(store: Store, contact_id: int) -> str | None:
    draft = store.messages.get_draft(contact_id, None, "linkedin", "first_contact")
    return draft.text if draft else None


def test_draft_box_follows_the_template_until_the_learner_edits_it(
    url: str, store: Store
) -> None:
    dana = store.contacts.add({"name": "Dana Park"}).id
    at = run(drafting, dana)
    assert at.text_area[0].value == "Hi Dana, I saw your talk."
    assert draft_text(store, dana) is None, "nothing is stored until the learner types"

    # A new detail changes the rendering: the untouched box follows it.
    at.query_params["rendered"] = "Hi Dana, I saw your PyCon talk."
    at.run()
    assert at.text_area[0].value == "Hi Dana, I saw your PyCon talk."

    # Typed text is stored, survives a new rendering and a new session.
    at.text_area[0].input("Hi Dana! Your PyCon talk on testing stayed with me.").run()
    assert draft_text(store, dana) == "Hi Dana! Your PyCon talk on testing stayed with me."
    at.query_params["rendered"] = "Hi Dana, I saw your PyCon talk in May."
    at.run()
    assert at.text_area[0].value == "Hi Dana! Your PyCon talk on testing stayed with me."
    assert "the template has something new" in texts(at.info)
    fresh = run(drafting, dana, query={"rendered": "Hi Dana, I saw your PyCon talk in May."})
    assert fresh.text_area[0].value == "Hi Dana! Your PyCon talk on testing stayed with me."

    # Start over: back to the template's text, and the stored draft is gone.
    fresh.button[0].click().run()
    assert fresh.text_area[0].value == "Hi Dana, I saw your PyCon talk in May."
    assert draft_text(store, dana) is None


# ------------------------------------------------------------------- plan_editor


def editing(conversation_id: int) -> None:
    from wizard import state
    from wizard.plan_editor import plan_editor

    store = state.store()
    conversation = store.conversations.get(conversation_id)
    plan_editor(store, state.bank(), conversation, conversation.role or "backend",
                conversation.audience or "senior-dev")


@pytest.fixture
def planned(store: Store) -> int:
    bank = builtin_bank()
    dana = store.contacts.add({"name": "Dana Park"}).id
    plan = make_plan(bank, "backend", "senior-dev", minutes=30)
    conversation = store.conversations.add({
        "contact_id": dana, "plan": plan.ids, "role": "backend", "audience": "senior-dev",
        "budget_minutes": 30,
    })
    return conversation.id


def plan_of(store: Store, conversation_id: int) -> list[str]:
    return list(store.conversations.get(conversation_id).plan)


def button(at: AppTest, key: str) -> Any:
    return at.button(key=key)


def change(at: AppTest, conversation_id: int, index: int) -> Any:
    """The "Change" menu of the question at ``index``."""
    return at.menu_button(key=f"change_{conversation_id}_{index}")


def test_plan_editor_moves_removes_and_undoes(url: str, store: Store, planned: int) -> None:
    before = plan_of(store, planned)
    at = run(editing, planned)
    change(at, planned, 0).click("down").run()
    assert plan_of(store, planned) == [before[1], before[0], *before[2:]]
    assert CHANGES["up"] not in change(at, planned, 0).options, "the first cannot move up"
    assert CHANGES["up"] in change(at, planned, 1).options
    assert CHANGES["down"] not in change(at, planned, len(before) - 1).options, (
        "nor the last one down")

    button(at, f"undo_{planned}").click().run()
    assert plan_of(store, planned) == before

    change(at, planned, 1).click("remove").run()
    assert plan_of(store, planned) == [before[0], *before[2:]]
    assert [str(t.value) for t in at.toast][-1] == "Removed from the plan"


def test_a_question_is_swapped_from_its_menu(url: str, store: Store, planned: int) -> None:
    bank = builtin_bank()
    before = plan_of(store, planned)
    at = run(editing, planned)
    assert not at.radio, "the other choices are only looked up when asked for"
    change(at, planned, 2).click("swap").run()
    choices = at.radio(key=f"swap_{planned}_2")
    assert choices.label == f"Other {bank.questions[before[2]].category.label} questions"
    new_id = next(q.id for q in bank.questions.values() if choices.options[0].startswith(q.text))
    choices.set_value(new_id).run()
    assert plan_of(store, planned) == [*before[:2], new_id, *before[3:]]
    assert [str(t.value) for t in at.toast][-1] == "Swapped"
    assert not at.radio, "the choices fold away once one is taken"

    # Changing one's mind: the choices fold away and the plan stays as it was.
    change(at, planned, 2).click("swap").run()
    assert at.radio
    button(at, f"keep_{planned}").click().run()
    assert not at.radio
    assert plan_of(store, planned) == [*before[:2], new_id, *before[3:]]


def test_an_added_question_goes_into_its_own_section(
    url: str, store: Store, planned: int
) -> None:
    bank = builtin_bank()
    at = run(editing, planned)
    # "Add a question" is only filled in once it is opened (a tracked expander).
    at.session_state[f"add_open_{planned}"] = True
    at.run()
    at.selectbox(key=f"add_cat_{planned}").select("trends").run()
    question = at.selectbox(key=f"add_{planned}")
    choice = question.options[0]
    new_id = next(q.id for q in bank.questions.values() if choice.startswith(q.text))
    question.select(new_id).run()
    button(at, f"add_btn_{planned}").click().run()
    plan = plan_of(store, planned)
    assert new_id in plan
    order = [CATEGORY_ORDER.index(bank.questions[q].category) for q in plan]
    assert order == sorted(order), "the plan stays in TIARA order"


def test_an_over_budget_plan_can_be_trimmed(url: str, store: Store, planned: int) -> None:
    bank = builtin_bank()
    store.conversations.update(planned, budget_minutes=10)
    at = run(editing, planned)
    assert "over" in texts(at.warning)
    button(at, f"trim_{planned}").click().run()
    total = sum(bank.questions[q].shortest for q in plan_of(store, planned))
    assert total <= 10
    assert not at.warning
