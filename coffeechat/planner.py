"""Choose and order questions for one conversation, within its time budget.

The plan opens with an opener, walks the TIARA categories in order (Trends,
Insights, Advice, Resources, Assignments) and ends with a closer. Guarantees:

- the total minutes never exceed the budget;
- no question appears twice, and excluded ids never appear;
- required ids always appear, or :class:`~coffeechat.errors.PlanError` says why not;
- whenever the budget allows, every TIARA category gets at least one question;
- the same inputs and seed always give the same plan.

Choosing happens in three passes. Required questions go in first. Then coverage:
one question for each TIARA category (and an opener and a closer, if they still
fit), always keeping enough minutes back for the categories not yet covered. Then
the remaining minutes are filled with the best questions left, spreading them
across categories and leaning towards the learner's focus.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coffeechat.banks import Bank, static_score
from coffeechat.errors import PlanError
from coffeechat.models import (
    CATEGORY_ORDER,
    TIARA,
    Category,
    Plan,
    PlanItem,
    Question,
    a_or_an,
)

DEFAULT_BUDGET = 20
#: How many of the best questions per category the fill pass looks at. The seed's
#: jitter is smaller than the gap that this many places makes, so looking further
#: down would never change the result.
POOL_PER_CATEGORY = 40
JITTER = 2.5
#: Each question already chosen from a category makes the next one from it this
#: much less attractive, so a plan does not become five Trends questions.
SPREAD_PENALTY = 3.0
FOCUS_BONUS = 4.0
TAILORING_BONUS = 5.0


@dataclass
class _Pick:
    question: Question
    reason: str


def best_questions(
    bank: Bank, category: Category, role: str, audience: str, excluded: set[str], limit: int
) -> list[Question]:
    """The best ``limit`` questions of a category for this role and audience."""
    index = bank.index()
    groups = [
        index.get((category, r, a), [])
        for r in (role, "*")
        for a in (audience, "*")
    ]
    merged = heapq.merge(*groups, key=static_score, reverse=True)
    out: list[Question] = []
    for q in merged:
        if q.id in excluded:
            continue
        out.append(q)
        if len(out) >= limit:
            break
    return out


def _cheapest(
    bank: Bank, category: Category, role: str, audience: str, excluded: set[str]
) -> Question | None:
    """The quickest question of a category; used to keep coverage possible."""
    index = bank.index()
    best: Question | None = None
    for r in (role, "*"):
        for a in (audience, "*"):
            for q in index.get((category, r, a), ()):
                if q.id in excluded:
                    continue
                if best is None or (q.minutes, -static_score(q)) < (
                    best.minutes, -static_score(best)
                ):
                    best = q
                    if best.minutes == 1:
                        return best
    return best


def describe_choice(q: Question, bank: Bank, role: str, audience: str,
                    focus: set[Category] | frozenset[Category] = frozenset()) -> str:
    """One line on why a question suits this plan."""
    if q.core:
        return "A core question worth asking in every chat."
    role_title = bank.roles[role].title.lower() if role in bank.roles else role
    audience_title = (
        bank.audiences[audience].title.lower() if audience in bank.audiences else audience
    )
    if q.roles != "all" and q.audiences != "all":
        return f"Written for {role_title} roles and for talking to {a_or_an(audience_title)}."
    if q.roles != "all":
        return f"Specific to {role_title} roles."
    if q.audiences != "all":
        return f"Plays to what {a_or_an(audience_title)} knows best."
    if q.category in focus:
        return f"Matches your focus on {q.category.label}."
    return f"A strong {q.category.label} question that fits your time."


def make_plan(
    bank: Bank,
    role: str,
    audience: str,
    *,
    minutes: int = DEFAULT_BUDGET,
    focus: Iterable[Category | str] = (),
    exclude: Iterable[str] = (),
    include: Sequence[str] = (),
    seed: int = 0,
) -> Plan:
    """Build an ordered plan of questions for one conversation.

    Raises :class:`UnknownChoiceError` for an unknown role or audience and
    :class:`PlanError` when the budget is invalid or the required questions
    cannot fit.
    """
    bank.role(role)
    bank.audience(audience)
    if minutes < 1 or minutes > 240:
        raise PlanError(f"The time budget must be 1-240 minutes (got {minutes}).")
    focus_set = {Category(f) for f in focus}
    excluded = set(exclude)

    # -- pass 1: required questions ------------------------------------------------
    chosen: dict[str, _Pick] = {}
    required: list[Question] = []
    unknown = [qid for qid in include if bank.questions.get(qid) is None]
    if unknown:
        raise PlanError(
            "These questions are not in the banks: " + ", ".join(unknown)
            + ". Check the ids with `coffeechat banks stats` or remove them."
        )
    clash = [qid for qid in include if qid in excluded]
    if clash:
        raise PlanError(
            "These questions are both required and excluded: " + ", ".join(clash)
            + ". Remove them from one of the two lists."
        )
    for qid in dict.fromkeys(include):
        required.append(bank.questions[qid])
    need = sum(q.minutes for q in required)
    if need > minutes:
        raise PlanError(
            f"The questions you asked to include need {need} minutes, but the budget is "
            f"{minutes}. Raise the budget or include fewer questions."
        )
    for q in required:
        chosen[q.id] = _Pick(q, "You asked to include this one.")
    used = need
    blocked = excluded | set(chosen)

    rng = random.Random(seed)
    pools: dict[Category, list[tuple[float, Question]]] = {}
    for cat in CATEGORY_ORDER:
        pool = best_questions(bank, cat, role, audience, blocked, POOL_PER_CATEGORY)
        cheapest = _cheapest(bank, cat, role, audience, blocked)
        if cheapest is not None and all(q.id != cheapest.id for q in pool):
            pool.append(cheapest)
        # Jitter comes from the seed in a fixed order, so plans are reproducible.
        scored = [(static_score(q) + rng.uniform(0, JITTER), q) for q in pool]
        scored.sort(key=lambda sq: (-sq[0], sq[1].id))
        pools[cat] = scored

    def tailoring(q: Question) -> float:
        """Favour the first role-specific and the first audience-specific question.

        Tailoring to the role and the person is the point of a plan, so a plan
        should not be all generic questions just because the core ones score high.
        """
        bonus = 0.0
        if q.roles != "all" and not any(p.question.roles != "all" for p in chosen.values()):
            bonus += TAILORING_BONUS
        if q.audiences != "all" and not any(
            p.question.audiences != "all" for p in chosen.values()
        ):
            bonus += TAILORING_BONUS
        return bonus

    def covered(cat: Category) -> bool:
        return any(p.question.category == cat for p in chosen.values())

    def min_minutes(cat: Category) -> int:
        return min((q.minutes for _, q in pools[cat] if q.id not in chosen), default=10**6)

    # -- pass 2: coverage -----------------------------------------------------------
    # Aim for the full shape (opener, TIARA, closer); if it cannot fit, keep TIARA and
    # the closer; if that cannot fit, keep TIARA (that is the guarantee). Within the
    # chosen shape, the strongest categories pick first, always leaving enough
    # minutes for the cheapest question of every category still to come.
    def best_score(cat: Category) -> float:
        return max((score for score, q in pools[cat] if q.id not in chosen), default=0.0)

    def pick(cat: Category, room: int) -> bool:
        nonlocal used
        fitting = [(score + tailoring(q), q) for score, q in pools[cat]
                   if q.id not in chosen and q.minutes <= room]
        if not fitting:
            return False
        q = max(fitting, key=lambda sq: (sq[0], sq[1].id))[1]
        chosen[q.id] = _Pick(q, describe_choice(q, bank, role, audience, focus_set))
        used += q.minutes
        return True

    shapes = (
        [*TIARA, Category.CLOSING, Category.OPENING],
        [*TIARA, Category.CLOSING],
        list(TIARA),
    )
    for shape in shapes:
        uncovered = [c for c in shape if not covered(c) and pools[c]]
        if used + sum(min_minutes(c) for c in uncovered) > minutes:
            continue
        uncovered.sort(key=lambda c: (-best_score(c), CATEGORY_ORDER.index(c)))
        for i, cat in enumerate(uncovered):
            still_to_come = sum(min_minutes(c) for c in uncovered[i + 1:])
            pick(cat, minutes - used - still_to_come)
        break
    # Whatever is still uncovered gets its cheapest question, if that still fits.
    for cat in sorted(CATEGORY_ORDER, key=min_minutes):
        if not covered(cat) and pools[cat] and used + min_minutes(cat) <= minutes:
            q = min((q for _, q in pools[cat] if q.id not in chosen),
                    key=lambda q: (q.minutes, -static_score(q), q.id))
            chosen[q.id] = _Pick(q, describe_choice(q, bank, role, audience, focus_set))
            used += q.minutes

    # -- pass 3: fill -------------------------------------------------------------
    counts = dict.fromkeys(CATEGORY_ORDER, 0)
    for p in chosen.values():
        counts[p.question.category] += 1
    while True:
        best: tuple[float, str] | None = None
        best_q: Question | None = None
        for cat in CATEGORY_ORDER:
            # Openers and closers are bookends; one of each is plenty unless asked for.
            if cat in (Category.OPENING, Category.CLOSING) and counts[cat] >= (
                2 if cat in focus_set else 1
            ):
                continue
            penalty = SPREAD_PENALTY * counts[cat] - (FOCUS_BONUS if cat in focus_set else 0)
            for score, q in pools[cat]:
                if q.id in chosen or used + q.minutes > minutes:
                    continue
                key = (score + tailoring(q) - penalty, q.id)
                if best is None or key[0] > best[0] or (key[0] == best[0] and key[1] < best[1]):
                    best, best_q = key, q
        if best_q is None:
            break
        chosen[best_q.id] = _Pick(best_q, describe_choice(best_q, bank, role, audience, focus_set))
        counts[best_q.category] += 1
        used += best_q.minutes

    # -- order: by section, then required and stronger questions first ---------------
    order = {cat: i for i, cat in enumerate(CATEGORY_ORDER)}
    required_ids = {q.id for q in required}
    picks = sorted(
        chosen.values(),
        key=lambda p: (
            order[p.question.category],
            p.question.id not in required_ids,
            -static_score(p.question),
            p.question.id,
        ),
    )
    items = [
        PlanItem(
            id=p.question.id,
            text=p.question.text,
            category=p.question.category,
            minutes=p.question.minutes,
            reason=p.reason,
            why=p.question.why,
            follow_ups=list(p.question.follow_ups),
        )
        for p in picks
    ]
    return Plan(
        role=role,
        audience=audience,
        budget_minutes=minutes,
        total_minutes=sum(i.minutes for i in items),
        seed=seed,
        items=items,
    )


def alternatives(
    bank: Bank, plan_ids: Sequence[str], question_id: str, role: str, audience: str, limit: int = 8
) -> list[Question]:
    """Questions of the same category that could replace ``question_id`` in a plan."""
    current = bank.questions.get(question_id)
    if current is None:
        return []
    taken = set(plan_ids)
    return [
        q
        for q in best_questions(bank, current.category, role, audience, taken, limit + len(taken))
        if q.id != question_id
    ][:limit]


def replan(bank: Bank, role: str, audience: str, current: Sequence[str], *, minutes: int,
           keep: Iterable[str] = (), focus: Iterable[Category | str] = (),
           seed: int = 0) -> Plan:
    """A fresh plan that keeps the current questions listed in ``keep`` (ones with notes)."""
    kept = set(keep)
    include = [q for q in current if q in kept and q in bank.questions]
    return make_plan(bank, role, audience, minutes=minutes, focus=focus, include=include,
                     seed=seed)


def trim_to_budget(bank: Bank, plan_ids: Sequence[str], minutes: int,
                   keep: Iterable[str] = ()) -> list[str]:
    """Drop the least valuable questions until the plan fits ``minutes``.

    Questions in ``keep`` (ones with notes) stay; the opener and the closer go last,
    so the chat keeps its shape for as long as it can.
    """
    kept = set(keep)
    plan = list(plan_ids)

    def total() -> int:
        return sum(q.minutes for qid in plan if (q := bank.question(qid)) is not None)

    def value(qid: str) -> tuple[int, float]:
        q = bank.question(qid)
        if q is None:
            return (0, -1.0)  # a question no longer in the banks goes first
        bookend = q.category in (Category.OPENING, Category.CLOSING)
        return (1 if bookend else 0, static_score(q))

    while total() > minutes:
        candidates = [qid for qid in plan if qid not in kept]
        if not candidates:
            break
        plan.remove(min(candidates, key=value))
    return plan
