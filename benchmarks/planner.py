"""Planner speed: cold bank load, and planning from a 100,000-question bank.

Target: a plan in <= 20 ms from a 100k-question bank, once loaded. The same plan on
the built-in banks is printed beside it as the same-run baseline.

Run: .venv/bin/python benchmarks/planner.py
"""

from __future__ import annotations

import functools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._util import median, ms, timed  # noqa: E402
from coffeechat.banks import Bank, LoadedFile, SourceMap, builtin_bank, load_bank  # noqa: E402
from coffeechat.models import BankFile, Category, Question, Theme  # noqa: E402
from coffeechat.planner import make_plan  # noqa: E402

TARGET_MS = 20.0


def synthetic_bank(base: Bank, n: int = 100_000, seed: int = 7) -> Bank:
    """Random questions; about 2% carry a canonical theme and a third a shorter minimum."""
    rng = random.Random(seed)
    roles = list(base.roles)
    audiences = list(base.audiences)
    cats = list(Category)
    questions = []
    for i in range(n):
        role_scope = "all" if rng.random() < 0.2 else rng.sample(roles, rng.randint(1, 3))
        aud_scope = "all" if rng.random() < 0.5 else rng.sample(audiences, rng.randint(1, 3))
        category = rng.choice(cats)
        minutes = rng.randint(1, 8)
        themes = [t for t in Theme if t != Theme.WHO_ELSE or category == Category.CLOSING]
        questions.append(Question.model_construct(
            id=f"syn.{i}", text=f"Synthetic question {i}?", category=category,
            roles=role_scope, audiences=aud_scope, minutes=minutes,
            min_minutes=rng.randint(1, minutes) if rng.random() < 0.3 else None,
            priority=rng.randint(1, 5), why="Synthetic.", follow_ups=[], core=False,
            theme=rng.choice(themes) if rng.random() < 0.02 else None,
        ))
    bank_file = BankFile.model_construct(title="Synthetic", description=None, deck="interview",
                                         questions=questions)
    return Bank(base.catalog, [LoadedFile("synthetic.yaml", bank_file, SourceMap(), False)])


def main() -> None:
    cold = timed(lambda: load_bank(include_user_dir=False), repeat=5)
    print(f"cold load of built-in banks     first {ms(cold[0])}   median of 5 {ms(median(cold))}")

    base = builtin_bank()
    print(f"built-in bank: {len(base.questions)} questions")
    big = synthetic_bank(base)
    index_time = timed(big.index)[0]
    print(f"synthetic bank: {len(big.questions)} questions, index built in {ms(index_time)}")

    cases = [("frontend", "senior-dev", 20), ("backend", "recruiter", 30),
             ("devops", "eng-manager", 45), ("ml-engineer", "founder", 15)]

    def run(bank: Bank) -> list[float]:
        times = []
        for role, audience, minutes in cases:
            for seed in range(10):
                times += timed(functools.partial(make_plan, bank, role, audience,
                                                 minutes=minutes, seed=seed,
                                                 exclude=["syn.1", "core.path"]))
        return times

    run(big)  # warm-up: first-use caches
    big_times = run(big)
    base_times = run(base)
    print(f"plan, 100k-question bank        median {ms(median(big_times))}   "
          f"max {ms(max(big_times))}   (target <= {TARGET_MS:.0f} ms)")
    print(f"plan, built-in bank (baseline)  median {ms(median(base_times))}   "
          f"max {ms(max(base_times))}")
    print(f"ratio 100k / built-in           {median(big_times) / median(base_times):8.2f}x")
    if median(big_times) * 1000 > TARGET_MS:
        print("TARGET MISSED")


if __name__ == "__main__":
    main()
