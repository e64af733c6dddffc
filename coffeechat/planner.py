"""Choose and order questions for one conversation, within its time budget.

The plan opens with an opener, walks the TIARA categories in order (Trends,
Insights, Advice, Resources, Assignments) and ends with a closer. Guarantees:

- the total minutes never exceed the budget; when the usual minutes do not fit,
  questions are shortened, each never below its ``min_minutes``;
- no question appears twice, and excluded ids never appear;
- required ids always appear, or :class:`~coffeechat.errors.PlanError` says why not;
- a plan of 15 minutes or more covers the four canonical themes (path, typical day,
  advice, challenges), and a plan of 20 minutes or more ends with who-else, whenever
  the banks hold a fitting question for each and their shortest times fit beside the
  required questions;
- whenever the budget allows after that, every TIARA category gets a question;
- the same inputs and seed always give the same plan.

:func:`make_plan` runs a small builder through named steps:

1. **require** the questions the learner asked for;
2. **cover** what every plan needs, most important first: the canonical themes,
   who-else, each TIARA category, a closer, an opener. Each pick leaves enough
   minutes for the cheapest question of as many later needs as still fit, so a
   tailored pick early on never crowds out a theme later;
3. **fill** the time that is left with the best questions left, at their usual
   length, spread across categories and leaning towards the learner's focus;
4. **order** by section, who-else last, and **fit** the minutes to the budget.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.banks import Bank, static_score
from coffeechat.errors import PlanError
from coffeechat.models import (
    CANONICAL_THEMES,
    CATEGORY_ORDER,
    TIARA,
    Category,
    Plan,
    PlanItem,
    Question,
    Theme,
    a_or_an,
)

DEFAULT_BUDGET = 20
#: Plans this long carry the four canonical themes.
THEMES_FROM_MINUTES = 15
#: Plans this long also end with "who else should I talk to?".
WHO_ELSE_FROM_MINUTES = 20
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
BOOKENDS = (Category.OPENING, Category.CLOSING)


def needed_themes(minutes: int) -> tuple[Theme, ...]:
    """The themes a plan of this many minutes must cover, in order of importance."""
    if minutes >= WHO_ELSE_FROM_MINUTES:
        return (*CANONICAL_THEMES, Theme.WHO_ELSE)
    if minutes >= THEMES_FROM_MINUTES:
        return CANONICAL_THEMES
    return ()


def _groups(index: Mapping[tuple[Any, str, str], list[Question]], key: Category | Theme,
            role: str, audience: str) -> list[list[Question]]:
    """The four index groups that hold the questions fitting this role and audience."""
    return [index.get((key, r, a), []) for r in (role, "*") for a in (audience, "*")]


def _best(groups: list[list[Question]], excluded: Collection[str], limit: int) -> list[Question]:
    merged = heapq.merge(*groups, key=static_score, reverse=True)
    return list(itertools.islice((q for q in merged if q.id not in excluded), limit))


def _quickest(groups: list[list[Question]], excluded: Collection[str]) -> Question | None:
    """The question that can be given the least time; used to keep coverage possible."""
    best: Question | None = None
    for group in groups:
        for q in group:
            if q.id in excluded:
                continue
            if best is None or (q.shortest, -static_score(q)) < (
                best.shortest, -static_score(best)
            ):
                best = q
                if best.shortest == 1:
                    return best
    return best


def best_questions(
    bank: Bank, category: Category, role: str, audience: str, excluded: set[str], limit: int
) -> list[Question]:
    """The best ``limit`` questions of a category for this role and audience."""
    return _best(_groups(bank.index(), category, role, audience), excluded, limit)


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


def fit_minutes(questions: Sequence[Question], budget: int) -> list[int]:
    """The minutes each question gets: its usual time, shortened only as far as needed.

    The longest questions give up time first, and none goes below its
    ``min_minutes``. A plan whose shortest times still overflow gets them all, so
    the caller can see it is over.
    """
    usual = [q.minutes for q in questions]
    if sum(usual) <= budget:
        return usual

    def at_level(level: int) -> list[int]:
        return [max(q.shortest, min(q.minutes, level)) for q in questions]

    # The highest common cap that fits; its leftover minutes go one each to the first
    # questions that could use them, so the opening questions keep a little more time.
    level = max((lv for lv in range(max(usual) + 1) if sum(at_level(lv)) <= budget),
                default=0)
    out = at_level(level)
    spare = budget - sum(out)
    for i, q in enumerate(questions):
        if spare <= 0:
            break
        if out[i] < q.minutes:
            out[i] += 1
            spare -= 1
    return out


def plan_minutes(bank: Bank, plan_ids: Sequence[str], budget: int) -> dict[str, int]:
    """Minutes per question id for a saved plan, as :func:`fit_minutes` gives them."""
    questions = [q for qid in plan_ids if (q := bank.question(qid)) is not None]
    return {q.id: m for q, m in zip(questions, fit_minutes(questions, budget), strict=True)}


# ------------------------------------------------------------------ the builder


@dataclass
class _Pick:
    question: Question
    reason: str


@dataclass(frozen=True)
class _Need:
    """Something every plan should contain: a theme, or a question of a category."""

    pool: tuple[Question, ...]  # candidates, best first
    theme: Theme | None = None
    category: Category | None = None

    @functools.cached_property
    def quickest(self) -> tuple[Question, ...]:
        """The candidates, shortest first."""
        return tuple(sorted(self.pool, key=lambda q: (q.shortest, -static_score(q), q.id)))

    def met(self, themes: Collection[Theme | None], categories: Collection[Category]) -> bool:
        """Whether a plan with these themes and categories already meets the need."""
        if self.theme is not None:
            return self.theme in themes
        return self.category in categories


class _PlanBuilder:
    """One plan in the making; :func:`make_plan` runs its steps in order."""

    def __init__(self, bank: Bank, role: str, audience: str, *, budget: int,
                 focus: set[Category], excluded: set[str], seed: int) -> None:
        self.bank = bank
        self.role = role
        self.audience = audience
        self.budget = budget
        self.focus = focus
        self.blocked = set(excluded)
        self.rng = random.Random(seed)
        #: Static score plus the seed's jitter, for every question looked at.
        self.scores: dict[str, float] = {}
        self.chosen: dict[str, _Pick] = {}
        self.required: set[str] = set()
        self.pools: dict[Category, tuple[Question, ...]] = {}
        #: Minutes taken by the chosen questions, all shortened and all at usual length.
        self.shortest_used = 0
        self.usual_used = 0
        self.has_role_question = False
        self.has_audience_question = False
        self.themes: set[Theme] = set()
        self.categories: set[Category] = set()

    # -- bookkeeping -------------------------------------------------------------

    def score(self, q: Question) -> float:
        return self.scores[q.id]

    def tailoring(self, q: Question) -> float:
        """Favour the first role-specific and the first audience-specific question.

        Tailoring to the role and the person is the point of a plan, so a plan
        should not be all generic questions just because the core ones score high.
        """
        bonus = 0.0
        if q.roles != "all" and not self.has_role_question:
            bonus += TAILORING_BONUS
        if q.audiences != "all" and not self.has_audience_question:
            bonus += TAILORING_BONUS
        return bonus

    def choose(self, q: Question, reason: str | None = None) -> None:
        self.chosen[q.id] = _Pick(q, reason or describe_choice(
            q, self.bank, self.role, self.audience, self.focus))
        self.shortest_used += q.shortest
        self.usual_used += q.minutes
        self.has_role_question |= q.roles != "all"
        self.has_audience_question |= q.audiences != "all"
        if q.theme is not None:
            self.themes.add(q.theme)
        self.categories.add(q.category)

    def ranked(self, pool: Iterable[Question]) -> tuple[Question, ...]:
        """Best first, with the seed's jitter drawn in a fixed order so plans repeat."""
        members = list(pool)
        for q in members:
            if q.id not in self.scores:
                self.scores[q.id] = static_score(q) + self.rng.uniform(0, JITTER)
        return tuple(sorted(members, key=lambda q: (-self.score(q), q.id)))

    # -- step 1: require ---------------------------------------------------------

    def require(self, questions: Sequence[Question]) -> None:
        for q in questions:
            self.choose(q, "You asked to include this one.")
            self.required.add(q.id)
        self.blocked |= self.required

    # -- step 2: cover -----------------------------------------------------------

    def pool(self, index: Mapping[tuple[Any, str, str], list[Question]],
             key: Category | Theme) -> tuple[Question, ...]:
        """The best candidates for a category or a theme, and always the quickest one."""
        groups = _groups(index, key, self.role, self.audience)
        pool = _best(groups, self.blocked, POOL_PER_CATEGORY)
        quickest = _quickest(groups, self.blocked)
        if quickest is not None and all(q.id != quickest.id for q in pool):
            pool.append(quickest)
        return self.ranked(pool)

    def needs(self) -> list[_Need]:
        """What this plan should contain, most important first."""
        for cat in CATEGORY_ORDER:
            self.pools[cat] = self.pool(self.bank.index(), cat)
        out = [_Need(self.pool(self.bank.theme_index(), theme), theme=theme)
               for theme in needed_themes(self.budget)]
        shape = (*TIARA, Category.CLOSING, Category.OPENING)
        out += [_Need(self.pools[cat], category=cat) for cat in shape]
        return out

    def cheapest(self, need: _Need, taken: Collection[str]) -> Question | None:
        return next((q for q in need.quickest if q.id not in taken), None)

    def complete(self, needs: Sequence[_Need], taken: list[Question],
                 room: int) -> tuple[int, int]:
        """Meet ``needs`` in order with their quickest questions, on top of ``taken``.

        One question can meet several needs (the typical-day question is also the
        Insights question), so a need that is already met costs nothing. Returns the
        minutes used and how many of the needs were dealt with before the next one
        no longer fitted in ``room``.
        """
        taken_ids = {q.id for q in taken}
        themes = {q.theme for q in taken}
        categories = {q.category for q in taken}
        used = 0
        for i, need in enumerate(needs):
            if need.met(themes, categories):
                continue
            q = self.cheapest(need, taken_ids)
            if q is None:
                continue  # nothing in the banks can meet it
            if used + q.shortest > room:
                return used, i
            used += q.shortest
            taken_ids.add(q.id)
            themes.add(q.theme)
            categories.add(q.category)
        return used, len(needs)

    def cover(self, needs: Sequence[_Need]) -> None:
        """Meet each need in turn with its best question that leaves room for the rest.

        Before each pick, the needs after it that can all still be met (in order,
        with their quickest questions) are set aside as guarded; a candidate is only
        taken if the guarded needs still fit after it. So a long tailored question
        never pushes out a canonical theme that comes later.
        """
        for i, need in enumerate(needs):
            if need.met(self.themes, self.categories):
                continue
            chosen = [p.question for p in self.chosen.values()]
            quickest = self.cheapest(need, self.chosen)
            if quickest is None:
                continue
            left = self.budget - self.shortest_used
            later = needs[i + 1:]
            kept, stop = self.complete(later, [*chosen, quickest], left - quickest.shortest)
            guarded = later[:stop]
            comfortable = self.budget - self.usual_used - kept
            candidates = [q for q in need.pool if q.id not in self.chosen and q.shortest <= left]
            # The preferred candidate nearly always fits, so look for the best one first
            # rather than ranking them all.
            while candidates:
                q = max(candidates, key=lambda q: self.preference(need, q, comfortable))
                _, met = self.complete(guarded, [*chosen, q], left - q.shortest)
                if met == len(guarded):
                    self.choose(q)
                    break
                candidates.remove(q)

    def preference(self, need: _Need, q: Question,
                   comfortable: int) -> tuple[bool, bool, bool, float, str]:
        """How well ``q`` meets ``need``; the highest wins.

        A question that repeats a theme already in the plan comes last. A theme is
        best carried by a question written for this role or person ("What does an
        on-call week look like?"). Then a question that fits without shortening
        anything beats one that needs squeezing; then the strongest.
        """
        repeats = q.theme in self.themes
        tailored = need.theme is not None and (q.roles != "all" or q.audiences != "all")
        return (not repeats, tailored, q.minutes <= comfortable,
                self.score(q) + self.tailoring(q), q.id)

    # -- step 3: fill ------------------------------------------------------------

    def fill(self) -> None:
        counts = Counter(p.question.category for p in self.chosen.values())
        while True:
            best: tuple[float, str] | None = None
            best_q: Question | None = None
            for cat in CATEGORY_ORDER:
                # Openers and closers are bookends; one of each is plenty unless asked for.
                if cat in BOOKENDS and counts[cat] >= (2 if cat in self.focus else 1):
                    continue
                penalty = SPREAD_PENALTY * counts[cat] - (
                    FOCUS_BONUS if cat in self.focus else 0)
                for q in self.pools[cat]:
                    # Filling never shortens a question: it uses the time left over.
                    if q.id in self.chosen or self.usual_used + q.minutes > self.budget:
                        continue
                    if q.theme in self.themes:
                        continue  # a second typical-day question only repeats the first
                    key = (self.score(q) + self.tailoring(q) - penalty, q.id)
                    if best is None or key[0] > best[0] or (
                        key[0] == best[0] and key[1] < best[1]
                    ):
                        best, best_q = key, q
            if best_q is None:
                return
            self.choose(best_q)
            counts[best_q.category] += 1

    # -- step 4: order and fit ---------------------------------------------------

    def plan(self, seed: int) -> Plan:
        order = {cat: i for i, cat in enumerate(CATEGORY_ORDER)}
        picks = sorted(
            self.chosen.values(),
            key=lambda p: (
                order[p.question.category],
                p.question.theme == Theme.WHO_ELSE,  # the last question of all
                p.question.id not in self.required,
                -static_score(p.question),
                p.question.id,
            ),
        )
        minutes = fit_minutes([p.question for p in picks], self.budget)
        items = [
            PlanItem(
                id=p.question.id,
                text=p.question.text,
                category=p.question.category,
                minutes=m,
                reason=p.reason,
                why=p.question.why,
                follow_ups=list(p.question.follow_ups),
                theme=p.question.theme,
            )
            for p, m in zip(picks, minutes, strict=True)
        ]
        return Plan(
            role=self.role,
            audience=self.audience,
            budget_minutes=self.budget,
            total_minutes=sum(i.minutes for i in items),
            seed=seed,
            items=items,
        )


def _required(bank: Bank, include: Sequence[str], excluded: set[str],
              minutes: int) -> list[Question]:
    """The questions the learner asked for, or a :class:`PlanError` saying what to change."""
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
    required = [bank.questions[qid] for qid in dict.fromkeys(include)]
    need = sum(q.shortest for q in required)
    if need > minutes:
        raise PlanError(
            f"The questions you asked to include need {need} minutes, but the budget is "
            f"{minutes}. Raise the budget or include fewer questions."
        )
    return required


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
    cannot fit, even shortened.
    """
    bank.role(role)
    bank.audience(audience)
    if minutes < 1 or minutes > 240:
        raise PlanError(f"The time budget must be 1-240 minutes (got {minutes}).")
    excluded = set(exclude)
    required = _required(bank, include, excluded, minutes)
    builder = _PlanBuilder(bank, role, audience, budget=minutes,
                           focus={Category(f) for f in focus}, excluded=excluded, seed=seed)
    builder.require(required)
    builder.cover(builder.needs())
    builder.fill()
    return builder.plan(seed)


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


# ------------------------------------------------------------------ trim to fit


def _trim_order(bank: Bank, plan: Sequence[str],
                themes: Iterable[Theme]) -> dict[str, tuple[float, ...]]:
    """How readily each question goes when a plan is trimmed: lowest first.

    A question that is no longer in the banks goes first. Then the questions whose
    category appears more than once, from the most crowded category and weakest
    first, so the plan keeps its spread over TIARA. Then the only question of a
    TIARA category, then the opener and the closer. Last of all, a question that is
    the only one carrying a theme the budget needs.
    """
    questions = {qid: q for qid in plan if (q := bank.question(qid)) is not None}
    crowd = Counter(q.category for q in questions.values())
    carriers = Counter(q.theme for q in questions.values() if q.theme is not None)
    needed = set(themes)
    out: dict[str, tuple[float, ...]] = {}
    for qid in plan:
        q = questions.get(qid)
        if q is None:
            out[qid] = (0,)
        elif q.theme in needed and carriers[q.theme] == 1:
            out[qid] = (4, static_score(q))
        elif crowd[q.category] > 1:
            out[qid] = (1, -crowd[q.category], static_score(q))
        else:
            out[qid] = (3 if q.category in BOOKENDS else 2, static_score(q))
    return out


def trim_to_budget(bank: Bank, plan_ids: Sequence[str], minutes: int,
                   keep: Iterable[str] = ()) -> list[str]:
    """Drop questions until the plan fits ``minutes``, keeping its shape and themes.

    A plan fits when its questions, each shortened to at most its ``min_minutes``,
    fit the time; :func:`fit_minutes` then shares the minutes out. Questions in
    ``keep`` (ones with notes) stay. Duplicated categories go first, and the
    canonical themes the budget needs go last; see :func:`_trim_order`.
    """
    kept = set(keep)
    plan = list(plan_ids)

    def total() -> int:
        return sum(q.shortest for qid in plan if (q := bank.question(qid)) is not None)

    while total() > minutes:
        candidates = [qid for qid in plan if qid not in kept]
        if not candidates:
            break
        order = _trim_order(bank, plan, needed_themes(minutes))
        plan.remove(min(candidates, key=lambda qid: order[qid]))
    return plan


# ------------------------------------------------------------- theme coverage


@dataclass(frozen=True)
class ThemeStatus:
    """Whether a plan covers one canonical theme, and a question to add if not."""

    theme: Theme
    covered: bool
    needed: bool
    suggestion: Question | None = None

    @property
    def mark(self) -> str:
        """The theme with a tick, or marked missing."""
        return f"✓ {self.theme.label}" if self.covered else f"○ {self.theme.label} (missing)"

    @property
    def note(self) -> str | None:
        """What to do about a missing theme the budget needs; None when all is well."""
        if self.covered or not self.needed:
            return None
        start = WHO_ELSE_FROM_MINUTES if self.theme == Theme.WHO_ELSE else THEMES_FROM_MINUTES
        text = (f"No question yet on {self.theme.label.lower()}. Chats of {start} minutes "
                "or more should have one.")
        if self.suggestion is None:
            return text + " None in your banks fits this role and person."
        return f"{text} Try: “{self.suggestion.text}”"


def coverage_line(statuses: Sequence[ThemeStatus]) -> str:
    """One line for the plan page: which key questions the plan covers."""
    return "Key questions: " + " · ".join(s.mark for s in statuses)


def theme_coverage(bank: Bank, plan_ids: Sequence[str], budget: int, role: str,
                   audience: str) -> list[ThemeStatus]:
    """The canonical themes, and who-else from 20 minutes, checked against a plan."""
    present = {q.theme for qid in plan_ids if (q := bank.question(qid)) is not None}
    needed = set(needed_themes(budget))
    shown = needed_themes(max(budget, THEMES_FROM_MINUTES))
    out = []
    for theme in shown:
        covered = theme in present
        suggestion = None
        if not covered:
            suggestion = next((q for q in bank.themed(theme, role, audience)
                               if q.id not in plan_ids), None)
        out.append(ThemeStatus(theme, covered, theme in needed, suggestion))
    return out
