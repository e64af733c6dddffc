from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.banks import Bank, LoadedFile, SourceMap, builtin_bank
from coffeechat.errors import PlanError, UnknownChoiceError
from coffeechat.models import (
    CATEGORY_ORDER,
    TIARA,
    Audience,
    BankFile,
    Catalog,
    Category,
    Question,
    Role,
    Theme,
)
from coffeechat.planner import (
    alternatives,
    fit_minutes,
    make_plan,
    needed_themes,
    plan_minutes,
    theme_coverage,
    trim_to_budget,
)

ROLES = ["frontend", "backend"]
AUDIENCES = ["senior-dev", "recruiter"]

CATALOG = Catalog(
    roles=[
        Role(id=r, title=r.title(), summary="s", typical_day="d", skills=["a", "b", "c"],
             talk_to=["senior-dev"])
        for r in ROLES
    ],
    audiences=[Audience(id=a, title=a, description="d", ask_them_about="x") for a in AUDIENCES],
)


def make_bank(questions: list[Question]) -> Bank:
    return Bank(CATALOG, [LoadedFile("test.yaml", BankFile(title="t", questions=questions),
                                     SourceMap(), False)])


scopes = st.one_of(st.just("all"), st.lists(st.sampled_from(ROLES), min_size=1, max_size=2,
                                             unique=True))
audience_scopes = st.one_of(st.just("all"), st.lists(st.sampled_from(AUDIENCES), min_size=1,
                                                      max_size=2, unique=True))


@st.composite
def questions(draw: st.DrawFn) -> list[Question]:
    n = draw(st.integers(min_value=1, max_value=40))
    out = []
    for i in range(n):
        category = draw(st.sampled_from(list(Category)))
        minutes = draw(st.integers(min_value=1, max_value=8))
        # Who-else questions close the chat (the model refuses them anywhere else).
        themes = [t for t in Theme if t != Theme.WHO_ELSE or category == Category.CLOSING]
        out.append(Question(
            id=f"q{i}",
            text=f"Question {i}?",
            category=category,
            roles=draw(scopes),
            audiences=draw(audience_scopes),
            minutes=minutes,
            min_minutes=draw(st.none() | st.integers(min_value=1, max_value=minutes)),
            priority=draw(st.integers(min_value=1, max_value=5)),
            why="because",
            core=draw(st.booleans()) if i < 3 else False,
            theme=draw(st.none() | st.none() | st.sampled_from(themes)),
        ))
    return out


def cheapest_for(qs: list[Question], role: str, audience: str, skip: set[str],
                 wanted: Theme | Category) -> int | None:
    """The shortest time of a question for a theme or a category, as the planner sees it."""
    # Theme.ADVICE == Category.ADVICE as strings, so compare with the right field.
    field = "theme" if isinstance(wanted, Theme) else "category"
    times = [q.shortest for q in qs if q.fits(role, audience) and q.id not in skip
             and getattr(q, field) == wanted]
    return min(times, default=None)


@st.composite
def plan_inputs(draw: st.DrawFn) -> dict[str, object]:
    qs = draw(questions())
    ids = [q.id for q in qs]
    exclude = draw(st.lists(st.sampled_from(ids), max_size=5, unique=True))
    include = draw(st.lists(st.sampled_from([i for i in ids if i not in exclude] or ["none"]),
                            max_size=3, unique=True))
    include = [i for i in include if i != "none"]
    return {
        "questions": qs,
        "role": draw(st.sampled_from(ROLES)),
        "audience": draw(st.sampled_from(AUDIENCES)),
        "minutes": draw(st.integers(min_value=1, max_value=60)),
        "focus": draw(st.lists(st.sampled_from(list(Category)), max_size=2, unique=True)),
        "exclude": exclude,
        "include": include,
        "seed": draw(st.integers(min_value=0, max_value=2**32)),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_inputs())
def test_plan_guarantees(inputs: dict[str, object]) -> None:
    qs: list[Question] = inputs.pop("questions")  # type: ignore[assignment]
    bank = make_bank(qs)
    by_id = {q.id: q for q in qs}
    include: list[str] = inputs["include"]  # type: ignore[assignment]
    exclude: list[str] = inputs["exclude"]  # type: ignore[assignment]
    budget: int = inputs["minutes"]  # type: ignore[assignment]
    role: str = inputs["role"]  # type: ignore[assignment]
    audience: str = inputs["audience"]  # type: ignore[assignment]
    required_minutes = sum(by_id[i].shortest for i in include)

    if required_minutes > budget:
        with pytest.raises(PlanError, match="need .* minutes"):
            make_plan(bank, **inputs)  # type: ignore[arg-type]
        return

    plan = make_plan(bank, **inputs)  # type: ignore[arg-type]
    ids = plan.ids
    # total minutes within budget, and honest
    assert plan.total_minutes == sum(i.minutes for i in plan.items) <= budget
    # each question gets its usual time, or less but never below its minimum, and
    # only as much is taken away as the budget needs
    for item in plan.items:
        assert by_id[item.id].shortest <= item.minutes <= by_id[item.id].minutes
        assert item.theme == by_id[item.id].theme
    assert plan.total_minutes == min(budget, sum(by_id[i].minutes for i in ids))
    # no duplicates
    assert len(ids) == len(set(ids))
    # excluded never appear; required always do
    assert not set(ids) & set(exclude)
    assert set(include) <= set(ids)
    # only questions that fit the role and audience, unless explicitly required
    for qid in ids:
        assert qid in include or by_id[qid].fits(role, audience)
    # ordered by section: opener first, TIARA in order, closer last, who-else last of all
    order = [CATEGORY_ORDER.index(i.category) for i in plan.items]
    assert order == sorted(order)
    if any(i.theme == Theme.WHO_ELSE for i in plan.items):
        assert plan.items[-1].theme == Theme.WHO_ELSE
    # The canonical themes (and who-else from 20 minutes) whenever their shortest
    # questions fit beside the required ones; then TIARA whenever it fits too.
    skip = set(exclude) | set(include)
    required_themes = {by_id[i].theme for i in include}
    required_cats = {by_id[i].category for i in include}
    theme_cost = {t: cheapest_for(qs, role, audience, skip, t)
                  for t in needed_themes(budget) if t not in required_themes}
    available = {t: c for t, c in theme_cost.items() if c is not None}
    needed = required_minutes + sum(available.values())
    if needed <= budget:
        assert set(available) <= {i.theme for i in plan.items}, plan
    tiara_cost = {c: cheapest_for(qs, role, audience, skip, c)
                  for c in TIARA if c not in required_cats}
    coverable = {c: m for c, m in tiara_cost.items() if m is not None}
    if needed + sum(coverable.values()) <= budget:
        assert set(coverable) <= {i.category for i in plan.items}, plan
    # every item says why it was picked
    assert all(i.reason for i in plan.items)
    # deterministic for the same inputs and seed
    assert make_plan(bank, **inputs).ids == ids  # type: ignore[arg-type]


def test_builtin_plan_for_twenty_minutes_has_full_shape() -> None:
    bank = builtin_bank()
    plan = make_plan(bank, "frontend", "senior-dev", minutes=20, seed=1)
    cats = [i.category for i in plan.items]
    assert cats[0] == Category.OPENING
    assert cats[-1] == Category.CLOSING
    assert set(TIARA) <= set(cats)
    assert 15 <= plan.total_minutes <= 20
    # Twenty minutes go mostly to the canonical themes; the tailoring shows in the rest,
    # and in a longer chat there is room for the role's own questions.
    assert any(bank.questions[i].roles != "all" or bank.questions[i].audiences != "all"
               for i in plan.ids), "tailored questions"
    longer = make_plan(bank, "frontend", "senior-dev", minutes=30, seed=1)
    assert any(i.id.startswith("frontend.") for i in longer.items), "role-specific questions"


def test_seed_gives_variety_but_is_reproducible() -> None:
    bank = builtin_bank()
    plans = {tuple(make_plan(bank, "backend", "eng-manager", minutes=30, seed=s).ids)
             for s in range(8)}
    assert len(plans) > 1
    assert make_plan(bank, "backend", "eng-manager", seed=3).ids == make_plan(
        bank, "backend", "eng-manager", seed=3).ids


def test_focus_leans_towards_the_category() -> None:
    bank = builtin_bank()
    plain = make_plan(bank, "devops", "senior-dev", minutes=40)
    focused = make_plan(bank, "devops", "senior-dev", minutes=40, focus=["resources"])

    def count(p: object) -> int:
        return sum(i.category == Category.RESOURCES for i in p.items)  # type: ignore[attr-defined]

    assert count(focused) > count(plain)


def test_required_questions_that_cannot_fit_are_a_clear_error() -> None:
    bank = builtin_bank()
    big = sorted(bank.questions.values(), key=lambda q: -q.minutes)[:4]
    with pytest.raises(PlanError) as exc:
        make_plan(bank, "frontend", "senior-dev", minutes=5, include=[q.id for q in big])
    assert "budget is 5" in str(exc.value)


def test_unknown_ids_and_choices() -> None:
    bank = builtin_bank()
    with pytest.raises(PlanError, match="not in the banks: nope"):
        make_plan(bank, "frontend", "senior-dev", include=["nope"])
    with pytest.raises(UnknownChoiceError):
        make_plan(bank, "frontend", "astronaut")


def test_a_tiny_budget_still_gets_the_best_it_can() -> None:
    plan = make_plan(builtin_bank(), "frontend", "senior-dev", minutes=3)
    assert plan.items and plan.total_minutes <= 3


def test_alternatives_share_the_category_and_skip_planned() -> None:
    bank = builtin_bank()
    plan = make_plan(bank, "mobile", "junior-dev")
    target = plan.items[1]
    alts = alternatives(bank, plan.ids, target.id, "mobile", "junior-dev")
    assert alts
    assert all(q.category == target.category for q in alts)
    assert not {q.id for q in alts} & set(plan.ids)


def test_trim_to_budget_keeps_noted_questions_and_the_shape() -> None:
    bank = builtin_bank()
    plan = make_plan(bank, "frontend", "senior-dev", minutes=40)
    noted = plan.ids[2]
    trimmed = trim_to_budget(bank, plan.ids, 10, keep=[noted])
    assert noted in trimmed
    assert sum(bank.questions[q].shortest for q in trimmed) <= 10
    assert sum(plan_minutes(bank, trimmed, 10).values()) <= 10
    assert [q for q in plan.ids if q in trimmed] == trimmed  # order kept
    cats = [bank.questions[q].category for q in trimmed]
    assert Category.OPENING in cats or Category.CLOSING in cats


# ------------------------------------------------------------- canonical themes

CANONICAL = [Theme.PATH, Theme.TYPICAL_DAY, Theme.ADVICE, Theme.CHALLENGES]


def test_every_role_and_audience_gets_the_canonical_themes() -> None:
    """Every plan of 15, 20 and 30 minutes, for every role and audience, on the real banks."""
    bank = builtin_bank()
    problems: list[str] = []
    count = 0
    for role in bank.roles:
        for audience in bank.audiences:
            for minutes in (15, 20, 30):
                for seed in (0, 1, 7):
                    plan = make_plan(bank, role, audience, minutes=minutes, seed=seed)
                    count += 1
                    where = f"{role} × {audience}, {minutes} min, seed {seed}"
                    themes = [i.theme for i in plan.items if i.theme is not None]
                    wanted = CANONICAL + ([Theme.WHO_ELSE] if minutes >= 20 else [])
                    missing = [t.value for t in wanted if t not in themes]
                    if missing:
                        problems.append(f"{where}: no {', '.join(missing)}")
                    if len(themes) != len(set(themes)):
                        problems.append(f"{where}: a theme twice ({themes})")
                    if minutes >= 20 and plan.items[-1].theme != Theme.WHO_ELSE:
                        problems.append(f"{where}: ends with {plan.items[-1].id}")
                    if plan.total_minutes > minutes:
                        problems.append(f"{where}: {plan.total_minutes} minutes")
                    if minutes >= 30 and not set(TIARA) <= {i.category for i in plan.items}:
                        problems.append(f"{where}: TIARA not covered")
                    for item in plan.items:
                        if item.minutes < bank.questions[item.id].shortest:
                            problems.append(f"{where}: {item.id} squeezed below its minimum")
    assert count == len(bank.roles) * len(bank.audiences) * 9 >= 1000
    assert not problems, f"{len(problems)} problems, first ones: {problems[:10]}"


def themed_bank() -> Bank:
    """Generic canonical questions, and tailored ones that can stand in for two of them."""
    def q(qid: str, category: Category, minutes: int, theme: Theme | None = None,
          low: int | None = None, **scope: object) -> Question:
        return Question(id=qid, text=f"{qid}?", category=category, minutes=minutes,
                        min_minutes=low, why="w", theme=theme, priority=4,
                        core=qid.startswith("core."), **scope)  # type: ignore[arg-type]

    return make_bank([
        q("core.path", Category.OPENING, 4, Theme.PATH, 3),
        q("core.day", Category.INSIGHTS, 4, Theme.TYPICAL_DAY, 3),
        q("core.hard", Category.INSIGHTS, 4, Theme.CHALLENGES, 3),
        q("core.advice", Category.ADVICE, 4, Theme.ADVICE, 3),
        q("core.who", Category.CLOSING, 2, Theme.WHO_ELSE),
        q("fe.oncall-week", Category.INSIGHTS, 5, Theme.TYPICAL_DAY, roles=["frontend"]),
        q("rec.path", Category.OPENING, 6, Theme.PATH, audiences=["recruiter"]),
        q("t", Category.TRENDS, 3, low=2),
        q("r", Category.RESOURCES, 2),
        q("a", Category.ASSIGNMENTS, 3, low=2),
    ])


def test_a_tailored_question_carries_the_theme_when_one_fits() -> None:
    bank = themed_bank()
    plan = make_plan(bank, "frontend", "senior-dev", minutes=30)
    assert "fe.oncall-week" in plan.ids and "core.day" not in plan.ids
    # At 20 minutes its 5 minutes would cost the plan a TIARA category: the generic
    # question, which can be shortened, stands in.
    tight = make_plan(bank, "frontend", "senior-dev", minutes=20)
    assert "core.day" in tight.ids and set(TIARA) <= {i.category for i in tight.items}
    assert {i.theme for i in plan.items} >= {*CANONICAL, Theme.WHO_ELSE}
    # For a backend developer the generic question stands in.
    assert "core.day" in make_plan(bank, "backend", "senior-dev", minutes=30).ids


def test_a_long_tailored_question_never_crowds_out_a_theme() -> None:
    bank = themed_bank()
    # The tailored path question (6 minutes) would leave too little for the rest at 15.
    plan = make_plan(bank, "backend", "recruiter", minutes=15)
    assert {i.theme for i in plan.items} >= set(CANONICAL), plan.ids
    assert "rec.path" not in plan.ids and plan.total_minutes <= 15
    roomy = make_plan(bank, "backend", "recruiter", minutes=30)
    assert "rec.path" in roomy.ids


def test_tight_plans_shorten_questions_down_to_their_minimum() -> None:
    bank = themed_bank()
    plan = make_plan(bank, "backend", "senior-dev", minutes=15)
    minutes = {i.id: i.minutes for i in plan.items}
    # Four canonical questions of 4 minutes do not fit 15 minutes unless shortened.
    assert {"core.path", "core.day", "core.hard", "core.advice"} <= set(minutes)
    assert plan.total_minutes == 15
    assert all(minutes[q] in (3, 4) for q in ("core.path", "core.day", "core.hard",
                                               "core.advice"))
    # With time to spare, nothing is shortened.
    roomy = make_plan(bank, "backend", "senior-dev", minutes=60)
    assert all(i.minutes == bank.questions[i.id].minutes for i in roomy.items)


def test_twenty_minutes_end_with_who_else_even_beside_another_closer() -> None:
    bank = make_bank([
        *themed_bank().questions.values(),
        Question(id="stay", text="May I stay in touch?", category=Category.CLOSING,
                 minutes=1, priority=5, why="w"),
    ])
    plan = make_plan(bank, "backend", "senior-dev", minutes=60, focus=["closing"])
    assert [i.id for i in plan.items][-2:] == ["stay", "core.who"]


def test_fit_minutes_shares_out_the_time() -> None:
    def q(minutes: int, low: int | None = None) -> Question:
        return Question(id=f"q{minutes}-{low or 0}", text="?", category=Category.TRENDS,
                        minutes=minutes, min_minutes=low, why="w")

    assert fit_minutes([q(4, 3), q(3, 2)], 10) == [4, 3]  # fits: usual time
    assert fit_minutes([q(6, 2), q(3, 2)], 7) == [4, 3]  # the longest gives first
    assert fit_minutes([q(4, 3), q(4, 3), q(4, 3)], 10) == [4, 3, 3]  # spare to the first
    assert fit_minutes([q(4, 3), q(2)], 4) == [3, 2]  # never below the minimum, even over
    assert fit_minutes([], 5) == []


def test_trim_drops_duplicated_categories_first() -> None:
    """The case from the issue: trimming kept two Insights and two Advice questions
    and dropped the only Resources and the only Assignments question."""
    def q(qid: str, category: Category, priority: int, minutes: int = 3) -> Question:
        return Question(id=qid, text=f"{qid}?", category=category, minutes=minutes,
                        priority=priority, why="w")

    bank = make_bank([
        q("open", Category.OPENING, 3, 2), q("trend", Category.TRENDS, 4),
        q("ins1", Category.INSIGHTS, 5), q("ins2", Category.INSIGHTS, 4),
        q("adv1", Category.ADVICE, 5), q("adv2", Category.ADVICE, 4),
        q("res", Category.RESOURCES, 2), q("ass", Category.ASSIGNMENTS, 2),
        q("close", Category.CLOSING, 3, 2),
    ])
    plan = list(bank.questions)
    assert sum(bank.questions[i].minutes for i in plan) == 25
    trimmed = trim_to_budget(bank, plan, 20)
    assert trimmed == ["open", "trend", "ins1", "adv1", "res", "ass", "close"]
    # When even one per category is too much, the weakest single goes before the bookends.
    assert trim_to_budget(bank, plan, 13) == ["open", "trend", "ins1", "adv1", "close"]


def test_trim_keeps_the_canonical_themes_and_the_spread() -> None:
    bank = builtin_bank()
    for role, audience in (("frontend", "senior-dev"), ("devops", "recruiter"),
                           ("data-analyst", "career-changer")):
        plan = make_plan(bank, role, audience, minutes=45, seed=3)
        for budget in (20, 15):
            trimmed = trim_to_budget(bank, plan.ids, budget)
            themes = [bank.questions[i].theme for i in trimmed]
            assert set(needed_themes(budget)) <= set(themes), (role, audience, budget)
            assert sum(bank.questions[i].shortest for i in trimmed) <= budget
            cats = [bank.questions[i].category for i in trimmed]
            # Duplicates went first: no category twice while another is missing.
            kept_tiara = [c for c in TIARA if c in cats]
            assert len(kept_tiara) == len(TIARA) or all(
                cats.count(c) == 1 for c in kept_tiara
                if not any(bank.questions[i].theme for i in trimmed
                           if bank.questions[i].category == c)
            ), (role, audience, budget, trimmed)
        assert bank.questions[trim_to_budget(bank, plan.ids, 20)[-1]].theme == Theme.WHO_ELSE


def test_theme_coverage_names_what_is_missing_and_suggests_a_question() -> None:
    bank = themed_bank()
    plan = make_plan(bank, "frontend", "senior-dev", minutes=30)
    assert all(s.covered for s in theme_coverage(bank, plan.ids, 30, "frontend", "senior-dev"))
    edited = [i for i in plan.ids if i != "fe.oncall-week"]
    status = {s.theme: s for s in theme_coverage(bank, edited, 30, "frontend", "senior-dev")}
    assert not status[Theme.TYPICAL_DAY].covered and status[Theme.TYPICAL_DAY].needed
    assert status[Theme.TYPICAL_DAY].suggestion is not None
    # The learner took the tailored one out: the canonical wording comes back.
    assert status[Theme.TYPICAL_DAY].suggestion.id == "core.day"
    # A short chat is told what is missing without needing it.
    short = {s.theme: s for s in theme_coverage(bank, edited, 10, "frontend", "senior-dev")}
    assert Theme.WHO_ELSE not in short and not short[Theme.TYPICAL_DAY].needed
