"""How well the coach agrees with a strict human coach on a labelled corpus.

Prints recall and precision per rule, the false-alarm rate on good messages, and the
coach's time per message next to a same-run baseline (parsing alone, and a plain
word count), for each corpus: the first author's training and held-out parts, and an
independent author's training and held-out parts.

    .venv/bin/python benchmarks/coach_eval.py            # every part
    .venv/bin/python benchmarks/coach_eval.py --part train --show-misses

A finding counts when its severity is error or warning; info notes never count.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coffeechat.models import LinkedInPlan  # noqa: E402
from coffeechat.outreach.channels import Channel, Purpose  # noqa: E402
from coffeechat.outreach.coach import coach  # noqa: E402
from coffeechat.outreach.context import DraftContext  # noqa: E402
from coffeechat.outreach.message import parse  # noqa: E402
from coffeechat.outreach.rules import RULES  # noqa: E402

CORPORA = {
    "train": ROOT / "tests" / "data" / "coach_corpus.yaml",
    "holdout": ROOT / "tests" / "data" / "coach_corpus_holdout.yaml",
    # A second author's corpus, written from the rule list alone, to check that the
    # rules generalise beyond the messages they were developed against.
    "independent": ROOT / "tests" / "data" / "coach_corpus_independent.yaml",
    "independent-holdout": ROOT / "tests" / "data" / "coach_corpus_independent_holdout.yaml",
    # A third author's corpus, also written blind, scored once before any rule change.
    "blind3": ROOT / "tests" / "data" / "coach_corpus_blind3.yaml",
}
#: Parts printed here but not enforced by the test suite. The third blind corpus labels
#: a job pitch inside an intro request (b3047), a purpose `job-ask` does not check.
BENCHMARK_ONLY = {"blind3"}
#: Targets from the issue: every rule found 95% of the time, good messages left alone.
MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.03


@dataclass(frozen=True)
class Labelled:
    """One message of the corpus."""

    id: str
    text: str
    channel: Channel
    purpose: Purpose
    context: DraftContext
    expect: frozenset[str]


@dataclass
class Scores:
    """Counts per rule, and the good messages the coach warned on."""

    messages: int = 0
    good: int = 0
    false_alarms: list[str] = field(default_factory=list)
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def recall(self, rule: str) -> float | None:
        """Share of the messages breaking ``rule`` that the coach flagged."""
        total = self.tp[rule] + self.fn[rule]
        return self.tp[rule] / total if total else None

    def precision(self, rule: str) -> float | None:
        """Share of the coach's ``rule`` findings that a human coach agrees with."""
        total = self.tp[rule] + self.fp[rule]
        return self.tp[rule] / total if total else None

    @property
    def false_alarm_rate(self) -> float:
        """Share of good messages that got any error or warning."""
        return len(self.false_alarms) / self.good if self.good else 0.0


def _context(item: dict[str, Any]) -> DraftContext:
    to = item.get("to")
    return DraftContext.model_validate({
        "me": {"name": item.get("me"), "first_name": item.get("me")},
        "contact": {"first_name": to, "name": item.get("name", to),
                    "company": item.get("company")},
        "event": item.get("event"),
        "linkedin_plan": LinkedInPlan.PREMIUM if item.get("plan") == "premium"
        else LinkedInPlan.FREE,
    })


def load(part: str) -> list[Labelled]:
    """The labelled messages of one part of the corpus."""
    data = yaml.safe_load(CORPORA[part].read_text(encoding="utf-8"))
    return [Labelled(str(item["id"]), item["text"], Channel(item["channel"]),
                     Purpose(item["purpose"]), _context(item), frozenset(item["expect"]))
            for item in data["messages"]]


def predicted(item: Labelled) -> set[str]:
    """Rules the coach raises at error or warning level."""
    report = coach(item.text, item.channel, item.purpose, item.context)
    return {f.rule for f in report.findings if f.severity in ("error", "warning")}


def evaluate(items: list[Labelled]) -> Scores:
    """Compare the coach's findings with the labels."""
    scores = Scores()
    for item in items:
        got = predicted(item)
        scores.messages += 1
        if not item.expect:
            scores.good += 1
            if got:
                scores.false_alarms.append(item.id)
        for rule in got & item.expect:
            scores.tp[rule] += 1
        for rule in got - item.expect:
            scores.fp[rule] += 1
            scores.misses.append(f"{item.id}: extra {rule}")
        for rule in item.expect - got:
            scores.fn[rule] += 1
            scores.misses.append(f"{item.id}: missed {rule}")
    return scores


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:5.1f}%"


def report(part: str, scores: Scores) -> str:
    """A table of recall and precision per rule, and the false-alarm rate."""
    lines = [f"\n{part}: {scores.messages} messages, {scores.good} good",
             f"{'rule':<18} {'broken':>6} {'recall':>7} {'precision':>9}"]
    for rule in RULES:
        broken = scores.tp[rule] + scores.fn[rule]
        lines.append(f"{rule:<18} {broken:>6} {_pct(scores.recall(rule)):>7} "
                     f"{_pct(scores.precision(rule)):>9}")
    lines.append(f"false alarms on good messages: {len(scores.false_alarms)}/{scores.good} "
                 f"= {scores.false_alarm_rate * 100:.1f}%")
    return "\n".join(lines)


def timing(items: list[Labelled], rounds: int = 3) -> str:
    """Time per message for the coach, next to parsing alone and a plain word count."""
    def per_message(fn: Any) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for item in items:
                fn(item)
            best = min(best, (time.perf_counter() - start) / len(items))
        return best * 1e6

    baseline = per_message(lambda i: len(re.findall(r"\w+", i.text)))
    parsing = per_message(lambda i: parse(i.text, i.channel, i.purpose, i.context))
    full = per_message(lambda i: coach(i.text, i.channel, i.purpose, i.context))
    hostile = Labelled("hostile", "hi u ?. [" * 20_000, Channel.EMAIL,
                       Purpose.INTERVIEW_REQUEST, DraftContext(), frozenset())
    start = time.perf_counter()
    coach(hostile.text, hostile.channel, hostile.purpose, hostile.context)
    worst = time.perf_counter() - start
    return (f"\ntime per message (best of {rounds}, {len(items)} messages): "
            f"word count {baseline:.1f} µs · parse {parsing:.0f} µs · coach {full:.0f} µs"
            f"\nhostile input ({len(hostile.text):,} characters): coach {worst:.2f} s")


def main() -> int:
    """Print the figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    parts = list(CORPORA) if args.part == "all" else [args.part]
    ok = True
    everything: list[Labelled] = []
    for part in parts:
        items = load(part)
        everything += items
        scores = evaluate(items)
        print(report(part, scores))
        if args.show_misses:
            print("\n".join(scores.misses))
        low = [r for r in RULES if (scores.recall(r) or 1.0) < MIN_RECALL]
        if low or scores.false_alarm_rate > MAX_FALSE_ALARMS:
            ok = False
            print(f"below target: recall {low}, false alarms "
                  f"{scores.false_alarm_rate * 100:.1f}%")
    print(timing(everything))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
