"""Click to idle in a real browser: Coffee Chat against a plain Streamlit app, same run.

What it does:

- Builds the large dataset of benchmarks/pages.py (10,000 contacts, 2,000 conversations,
  a 5,000-question user bank) and gives the contact that sorts first (the one every
  picker opens on) a planned conversation, so the plan, outreach and notes pages show
  a full plan.
- Starts Coffee Chat (``streamlit run app.py``, as ``make run`` does) and the plain
  three-page app in benchmarks/plain_app/ (sectioned ``st.navigation``, a few widgets),
  each on a free port, headless, usage statistics off, through
  benchmarks/_timed_streamlit.py, which logs each script run's duration.
- Drives both in Debian's Chromium, one tab each, interleaved: one Coffee Chat
  measurement, then the plain app's matching one (A, B, A, B...; B goes first on every
  other round, since the second app measured gains from the first). Each round navigates
  from the sidebar to every page, performs the page's main widget action, and loads
  each app afresh (a new browser context, so a cold cache and a new session).

Click to idle, as measured here:

- The clock starts at the input event in the page (a ``pointerdown`` or the Enter of
  Ctrl+Enter, seen by a capturing listener), or at navigation start for a first load.
- The page is idle when Streamlit says the script run is over (the ``stApp`` element's
  ``data-test-script-state`` is ``notRunning``), at least one message has come over the
  websocket since the input, and the DOM has not changed for a quiet window (250 ms by
  default, ``--quiet``). The figure is the time of the last DOM mutation before that
  window, so the window itself is never counted.
- Mutations inside Streamlit's toast container are ignored: a toast fades out seconds
  later, on its own timer, and the plain app shows none.

Beside each median, where the time went (medians too): the server's script run
(``script``), the websocket messages after the input (``msgs`` and their ``KB``; the
``deltas`` among them are elements sent), and the browser's part after the last message
arrived (``render``).

Targets on the large dataset (issue 13): every sidebar navigation at most 2x the plain
app's; every widget action at most 2x the plain app's action of the same kind; the first
load at most 1.2x. Exit code 0 even if a target is missed (the table says so); 1 if the
run itself failed.

Run: .venv/bin/python -m benchmarks.browser [--rounds N] [--quiet MS] [--compare CHECKOUT]
(``git worktree add /tmp/before main`` then ``--compare /tmp/before`` adds before/after
columns from the same run.)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import build_dataset  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# As in tests/e2e/conftest.py: Chromium's background services try to reach Google.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 900}
NAV_TARGET, ACTION_TARGET, LOAD_TARGET = 2.0, 2.0, 1.2

# Installed before any page script: timestamps of inputs, DOM mutations, script-state
# changes and websocket messages, all on the page's own clock (performance.now()).
PROBE = r"""
(() => {
  const c = window.__cc = {input: null, last: performance.now(), frames: [], states: [],
                           recent: []};
  const inToast = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && el.closest && el.closest('[data-testid="stToastContainer"]'));
  };
  const describe = (r) => {
    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    const id = el && el.closest && el.closest('[data-testid]');
    return r.type + ':' + (r.attributeName || '') + ':' + (el ? el.tagName : '?') + ':'
      + (id ? id.getAttribute('data-testid') : '');
  };
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
        c.states.push([t, r.target.getAttribute('data-test-script-state')]);
      }
      if (inToast(r.target)) continue;
      c.last = t;
      c.recent.push(describe(r));
      if (c.recent.length > 8) c.recent.shift();
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        characterData: true});
  window.addEventListener('pointerdown', () => { c.input = performance.now(); }, true);
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') c.input = performance.now();
  }, true);
  // The top-level fields of a ForwardMsg (protobuf): 5 is a delta (an element sent),
  // 6 is script_finished, whose value says how (2: stopped early for a rerun).
  const scan = (buf) => {
    const b = new Uint8Array(buf);
    let i = 0, delta = 0, finished = -1;
    const varint = () => {
      let v = 0, m = 1;
      for (;;) { const x = b[i++]; v += (x & 127) * m; if (x < 128) return v; m *= 128; }
    };
    while (i < b.length) {
      const tag = varint(), num = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { const v = varint(); if (num === 6) finished = v; }
      else if (wire === 2) { const n = varint(); i += n; if (num === 5) delta = 1; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return [delta, finished];
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const t = performance.now();
        if (e.data instanceof ArrayBuffer) {
          c.frames.push([t, e.data.byteLength, ...scan(e.data)]);
        } else {
          c.frames.push([t, (e.data.size ?? e.data.length ?? 0), 0, -1]);
        }
      });
    }
  };
  c.reset = () => { c.input = null; c.frames = []; c.states = []; };
})();
"""

IDLE = """
(quiet) => {
  const c = window.__cc;
  if (!c || c.input === null) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  // The server must have said that the run the input started is over.
  const ends = c.frames.filter((f) => f[0] >= c.input && f[3] >= 0);
  if (!ends.length || ends[ends.length - 1][3] === 2) return false;
  return performance.now() - c.last >= quiet;
}
"""

SUMMARY = """
() => {
  const c = window.__cc;
  const after = c.frames.filter((f) => f[0] >= c.input);
  return {input: c.input, last: c.last, frames: after.length,
          bytes: after.reduce((n, f) => n + f[1], 0),
          deltas: after.reduce((n, f) => n + f[2], 0),
          last_frame: after.length ? after[after.length - 1][0] : c.input,
          recent: c.recent.slice()};
}
"""


@dataclass
class Sample:
    """One measurement: click to idle and where the time went."""

    total: float
    script: float
    messages: int
    deltas: int
    kilobytes: float
    render: float


@dataclass
class Results:
    """Samples by (app, step)."""

    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=lambda: defaultdict(list))

    def add(self, app: str, step: str, sample: Sample) -> None:
        self.samples[(app, step)].append(sample)

    def median(self, app: str, step: str, attr: str = "total") -> float:
        return statistics.median(getattr(s, attr) for s in self.samples[(app, step)])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(script: str, cwd: Path, env: dict[str, str], log_dir: Path, name: str
          ) -> Iterator[tuple[str, Path]]:
    """Start ``streamlit run script`` (timed); yield its URL and the run-time log."""
    port = free_port()
    runs = log_dir / f"{name}-runs.jsonl"
    out = (log_dir / f"{name}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "_timed_streamlit.py"), str(runs), "run",
         script, "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n"
                                       + (log_dir / f"{name}.log").read_text()) from None
                time.sleep(0.3)
        yield url, runs
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


def server_ms(runs: Path, since: float) -> float:
    """Milliseconds of the script runs that ended since a wall-clock time.

    The wrapper logs a run just after it ends, which on a busy machine can be after the
    page went quiet, so an empty answer is asked again for up to two seconds.
    """
    deadline = time.monotonic() + 2
    while True:
        lines = runs.read_text(encoding="utf-8").splitlines() if runs.exists() else []
        ended = [json.loads(line) for line in lines]
        total = sum(e["ms"] for e in ended if e["end"] >= since)
        if total or time.monotonic() > deadline:
            return total
        time.sleep(0.05)


class Tab:
    """One app in one browser tab, with the probe installed."""

    def __init__(self, browser: Any, name: str, url: str, runs: Path, quiet: float,
                 debug: bool) -> None:
        self.name, self.url, self.runs, self.quiet, self.debug = name, url, runs, quiet, debug
        self.browser = browser
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.open(self.context)

    def open(self, context: Any) -> Any:
        context.add_init_script(PROBE)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    def measure(self, act: Callable[[Any], None], page: Any = None) -> Sample:
        """Run ``act`` (the input to time) and wait for idle."""
        page = page or self.page
        page.evaluate("window.__cc.reset()")
        started = time.time()
        act(page)
        page.wait_for_function(IDLE, arg=self.quiet, polling=20, timeout=60_000)
        return self._sample(page, started)

    def _sample(self, page: Any, started: float) -> Sample:
        info = page.evaluate(SUMMARY)
        if self.debug:
            print(f"    {self.name}: last mutations {info['recent'][-3:]}")
        return Sample(
            total=info["last"] - info["input"],
            script=server_ms(self.runs, started),
            messages=info["frames"],
            deltas=info["deltas"],
            kilobytes=info["bytes"] / 1024,
            render=max(0.0, info["last"] - info["last_frame"]),
        )

    def first_load(self) -> Sample:
        """A new context (cold cache, new session) opening the app's front page."""
        context = self.browser.new_context(viewport=VIEWPORT)
        try:
            page = self.open(context)
            started = time.time()
            page.goto(self.url)
            page.evaluate("window.__cc.input = 0")  # from navigation start
            page.wait_for_function(IDLE, arg=self.quiet, polling=20, timeout=60_000)
            return self._sample(page, started)
        finally:
            context.close()

    def settle(self) -> None:
        """Wait until the tab is idle (after an untimed step)."""
        self.page.evaluate("window.__cc.input = window.__cc.input ?? 0")
        self.page.wait_for_function(IDLE, arg=self.quiet, polling=20, timeout=60_000)

    def on_page(self, title: str) -> None:
        """Go to a page without timing it (so the next action starts there)."""
        if self.current == title:
            return
        self.page.evaluate("window.__cc.reset()")
        nav_to(title)(self.page)
        self.settle()
        self.current = title

    current = ""


# --- The inputs -------------------------------------------------------------------------


def nav_to(title: str) -> Callable[[Any], None]:
    return lambda page: page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=title, exact=True).click()


def select_other(label: str, skip_first: bool = False) -> Callable[[Any], None]:
    """Open a selectbox (untimed) and pick an option other than the chosen one (timed)."""
    def act(page: Any) -> None:
        box = page.get_by_role("combobox", name=label, exact=True)
        current = box.input_value().strip()
        options = page.get_by_role("option")
        for attempt in range(3):  # a click that lands during a rerun can be lost
            box.click()
            try:
                options.first.wait_for(timeout=10_000)
                break
            except Exception:
                if attempt == 2:
                    raise
        texts = [t.strip() for t in options.all_inner_texts()]
        start = 1 if skip_first else 0
        choice = next(i for i in range(start, len(texts)) if texts[i] != current)
        page.evaluate("window.__cc.input = null")  # the opening click is not timed
        options.nth(choice).click()
    return act


def radio_other(label: str) -> Callable[[Any], None]:
    def act(page: Any) -> None:
        group = page.get_by_role("radiogroup", name=label)
        radios = group.get_by_role("radio")
        index = next(i for i in range(radios.count()) if not radios.nth(i).is_checked())
        # The input itself is hidden; its label is what a person clicks.
        group.locator("label").nth(index).click()
    return act


def click_button(name: str) -> Callable[[Any], None]:
    return lambda page: page.get_by_role("button", name=name, exact=True).first.click()


def click_text(text: str) -> Callable[[Any], None]:
    return lambda page: page.get_by_text(text, exact=True).first.click()


def first_pill(page: Any) -> None:
    page.locator("[data-testid='stButtonGroup'] button[data-variant='pills']").first.click()


class Typing:
    """Type a different text into a box each time, then commit it with Ctrl+Enter."""

    def __init__(self, locate: Callable[[Any], Any]) -> None:
        self.locate, self.n = locate, 0

    def __call__(self, page: Any) -> None:
        self.n += 1
        box = self.locate(page)
        box.fill(f"They said the first year is about learning the codebase ({self.n}).")
        box.press("Control+Enter")


@dataclass
class Step:
    """One timed step: sidebar navigation to a page, or a widget action on it."""

    label: str
    kind: str  # "nav", or the widget kind the plain app matches: button, selectbox, ...
    page: str
    act: Callable[[Any], None]


def coffee_chat_steps(only: str | None = None) -> list[Step]:
    """Every step, or (``only``: page titles, comma-separated) those pages' steps."""
    pages = [
        ("Your next step", None),
        ("1 · Profile and pitch", ("radio", "LinkedIn plan radio", radio_other(
            "Your LinkedIn plan"))),
        ("2 · Target role", ("selectbox", "target role selectbox",
                             select_other("Your target role", skip_first=True))),
        ("3 · Where to network", ("pills", "a place to network (pills)", first_pill)),
        ("Contacts", ("toggle", "Show archived toggle", click_text("Show archived contacts"))),
        ("Import from LinkedIn", None),
        ("Question plan", ("button", "Shuffle", click_button(
            "Shuffle for different questions"))),
        ("Outreach", ("button", "Check again", click_button("Check again"))),
        ("Conversation notes", ("text", "a note (Ctrl+Enter)", Typing(
            lambda page: page.get_by_test_id("stTextArea").first.locator("textarea")))),
        ("Follow-ups", ("button", "Done (first follow-up)", click_button("Done"))),
        ("Export", ("radio", "Which cards? radio", radio_other("Which cards?"))),
    ]
    if only:
        wanted = {title.strip() for title in only.split(",")}
        unknown = wanted - {title for title, _ in pages}
        if unknown:
            raise SystemExit(f"No page called {', '.join(sorted(unknown))}; the pages are: "
                             + ", ".join(title for title, _ in pages))
        pages = [page for page in pages if page[0] in wanted]
    steps = []
    for title, action in pages:
        steps.append(Step(f"nav → {title}", "nav", title, nav_to(title)))
        if action:
            kind, label, act = action
            steps.append(Step(f"  {label}", kind, title, act))
    return steps


HOME = "Your next step"
PLAIN_PAGES = ["Choose", "Write", "Review"]
PLAIN_ACTIONS = {
    "selectbox": Step("selectbox", "selectbox", "Choose", select_other("A role")),
    "button": Step("button", "button", "Choose", click_button("Shuffle")),
    "radio": Step("radio", "radio", "Write", radio_other("Channel")),
    "text": Step("text", "text", "Write", Typing(
        lambda page: page.get_by_test_id("stTextArea").first.locator("textarea"))),
    "toggle": Step("toggle", "toggle", "Review", click_text("Show archived")),
    "pills": Step("pills", "pills", "Review", first_pill),
}


def seed_first_contact(url: str) -> None:
    """Give the contact that sorts first a planned, requested conversation with notes."""
    from sqlalchemy import create_engine, func, insert, select

    from coffeechat.banks import builtin_bank
    from coffeechat.planner import make_plan
    from coffeechat.store.tables import ContactRow, ConversationRow, NoteRow

    engine = create_engine(url)
    plan = make_plan(builtin_bank(), "backend", "senior-dev", minutes=30, seed=3).ids
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    from datetime import datetime

    stamp = datetime.fromisoformat(now)
    with engine.begin() as db:
        first = db.execute(select(ContactRow.id).where(ContactRow.archived.is_(False))
                           .order_by(func.lower(ContactRow.name)).limit(1)).scalar_one()
        conv = db.execute(insert(ConversationRow.__table__).values(
            contact_id=first, format="coffee", budget_minutes=30, status="requested",
            role="backend", audience="senior-dev", plan=plan, goal="Learn about backend work",
            why_them="We both taught", created_at=stamp, updated_at=stamp,
        )).inserted_primary_key[0]
        db.execute(insert(NoteRow.__table__), [
            {"contact_id": first, "conversation_id": conv, "question_id": qid,
             "kind": "note", "text": f"What they said about {qid}", "created_at": stamp}
            for qid in plan[:3]])
    engine.dispose()


def copy_database(url: str, name: str) -> str:
    """A copy of the SQLite dataset for a second app, so neither sees the other's writes."""
    import sqlite3

    source = url.removeprefix("sqlite:///")
    target = str(Path(source).with_name(name))
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


def measure_plain(plain: Tab, step: Step) -> Sample:
    """The plain app's counterpart of a step: the next of its pages, or the same widget."""
    if step.kind == "nav":
        target = PLAIN_PAGES[(PLAIN_PAGES.index(plain.current) + 1) % len(PLAIN_PAGES)]
        sample = plain.measure(nav_to(target))
        plain.current = target
        return sample
    action = PLAIN_ACTIONS[step.kind]
    plain.on_page(action.page)
    return plain.measure(action.act)


def run(args: argparse.Namespace) -> Results:
    from playwright.sync_api import sync_playwright

    results = Results()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        started = time.perf_counter()
        url, banks = build_dataset(folder)
        seed_first_contact(url)
        print(f"dataset built in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "COFFEECHAT_DATABASE_URL": url,
               "COFFEECHAT_BANKS_DIR": str(banks), "COFFEECHAT_DATA_DIR": str(folder / "data")}
        apps = [("coffeechat", ROOT, env)]
        if args.compare:
            other = Path(args.compare).resolve()
            apps.append(("before", other, {
                **env, "COFFEECHAT_DATABASE_URL": copy_database(url, "before.sqlite3"),
                "COFFEECHAT_DATA_DIR": str(folder / "before-data"),
                "PYTHONPATH": str(other)}))
        apps.append(("plain", ROOT / "benchmarks" / "plain_app", env))
        served = {name: stack.enter_context(serve("app.py", cwd, app_env, folder, name))
                  for name, cwd, app_env in apps}
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        tabs = {name: Tab(browser, name, app_url, runs, args.quiet, args.debug)
                for name, (app_url, runs) in served.items()}
        plain = tabs.pop("plain")
        for tab in [*tabs.values(), plain]:
            tab.page.goto(tab.url)
            tab.settle()
            tab.current = "Choose" if tab is plain else HOME
        steps = coffee_chat_steps(args.pages)
        for round_no in range(args.rounds + 1):
            keep = round_no > 0  # the first round warms the servers and the browser
            print(f"round {round_no}{'' if keep else ' (warm-up)'}", flush=True)
            # Every app takes its turn at going first: whichever is measured second
            # gains from the first one's warm-up of the shared machine (up to 1.4x in
            # A/B runs of two copies of one page), so the order flips each round.
            apps: list[tuple[str, Tab]] = [*tabs.items(), ("plain", plain)]
            if round_no % 2 == 0:
                apps.reverse()
            for name, tab in apps:
                sample = tab.first_load()
                if keep:
                    results.add(name, "first load", sample)
            for step in steps:
                for name, tab in apps:
                    if tab is plain:
                        key, sample = step.kind, measure_plain(plain, step)
                    else:
                        if step.kind == "nav" and tab.current == step.page:
                            tab.on_page(HOME if step.page != HOME else "Contacts")
                        key, sample = step.label, tab.measure(step.act)
                        tab.current = step.page
                    if keep:
                        results.add(name, key, sample)
    return results


def report(results: Results, steps: list[Step]) -> list[str]:
    """Print the table; return the steps that missed their target."""
    before = bool(results.samples.get(("before", "first load")))
    header = (f"{'step':<36}{'median':>9}{'plain':>9}{'ratio':>7}{'target':>8}"
              f"{'script':>9}{'msgs':>6}{'deltas':>7}{'KB':>7}{'render':>9}")
    if before:
        header += f"{'before':>9}{'ratio':>7}{'script':>9}{'deltas':>7}"
    print()
    print(header)
    print("-" * len(header))
    missed = []
    rows = [("first load", "first load", LOAD_TARGET)] + [
        (s.label, s.kind, NAV_TARGET if s.kind == "nav" else ACTION_TARGET) for s in steps]
    for label, plain_key, target in rows:
        if not results.samples.get(("coffeechat", label)):
            continue
        mine = results.median("coffeechat", label)
        base = results.median("plain", plain_key)
        ratio = mine / base
        flag = "" if ratio <= target else "  <- over"
        if flag:
            missed.append(label)
        line = (f"{label:<36}{mine:>7.0f}ms{base:>7.0f}ms{ratio:>6.1f}x{target:>7.1f}x"
                f"{results.median('coffeechat', label, 'script'):>7.0f}ms"
                f"{results.median('coffeechat', label, 'messages'):>6.0f}"
                f"{results.median('coffeechat', label, 'deltas'):>7.0f}"
                f"{results.median('coffeechat', label, 'kilobytes'):>7.1f}"
                f"{results.median('coffeechat', label, 'render'):>7.0f}ms")
        if before:
            old = results.median("before", label)
            line += (f"{old:>7.0f}ms{old / base:>6.1f}x"
                     f"{results.median('before', label, 'script'):>7.0f}ms"
                     f"{results.median('before', label, 'deltas'):>7.0f}")
        print(line + flag)
    print()
    print("The plain app, for reference:")
    for key in ["first load", "nav", *PLAIN_ACTIONS]:
        if results.samples.get(("plain", key)):
            print(f"  {key:<12}{results.median('plain', key):>7.0f}ms"
                  f"  script {results.median('plain', key, 'script'):>5.0f}ms"
                  f"  msgs {results.median('plain', key, 'messages'):>4.0f}"
                  f"  deltas {results.median('plain', key, 'deltas'):>4.0f}"
                  f"  {results.median('plain', key, 'kilobytes'):>6.1f} KB"
                  f"  (n={len(results.samples[('plain', key)])})")
    n = len(results.samples[("coffeechat", "first load")])
    print(f"\nmedians of {n} rounds; targets: navigation <= {NAV_TARGET}x, widget action <= "
          f"{ACTION_TARGET}x the plain app's of the same kind, first load <= {LOAD_TARGET}x"
          + ("; 'before' is --compare's checkout, same dataset, same run" if before else ""))
    return missed


def main() -> int:
    """Run the benchmark; 0 when it ran (targets or not), 1 when it failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quiet", type=float, default=250.0,
                        help="milliseconds without DOM changes that count as idle")
    parser.add_argument("--compare", metavar="CHECKOUT",
                        help="also run Coffee Chat from another checkout (e.g. a worktree of "
                             "main), on a copy of the same dataset, for before/after figures")
    parser.add_argument("--pages", metavar="TITLES",
                        help="only these pages' steps, by sidebar title, comma-separated "
                             "(e.g. 'Contacts,Follow-ups'); the first load is always timed")
    parser.add_argument("--debug", action="store_true",
                        help="print the last DOM mutations of every measurement")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"This benchmark needs Debian's chromium at {CHROMIUM} "
              "(scripts/ensure-system-packages.sh installs it).", file=sys.stderr)
        return 1
    try:
        results = run(args)
    except Exception as exc:  # a failed run is reported, not a traceback of the table
        print(f"The benchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise
    missed = report(results, coffee_chat_steps())
    if missed:
        print("TARGET MISSED: " + ", ".join(m.strip() for m in missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
