"""Load and validate the catalogue and the YAML question banks.

Every problem in every file is collected and reported at once, each with its
``path:line:column``, the field, what is wrong and a hint. Nothing partially loaded
is ever used: either every file is valid and a :class:`Bank` comes back, or a
:class:`~coffeechat.errors.BankError` lists what to fix.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from coffeechat.errors import BankError, Problem, UnknownChoiceError
from coffeechat.models import (
    CATEGORY_ORDER,
    Audience,
    BankFile,
    Catalog,
    Category,
    NetworkingPlace,
    Question,
    Role,
    Theme,
)
from coffeechat.safe_yaml import SourceMap, parse_yaml
from coffeechat.settings import BUILTIN_BANKS_DIR, PROJECT_ROOT, user_banks_dir
from coffeechat.validation import Loc, explain, field_path

#: Largest bank file read; a bank of 2,000 questions is about 600 KB.
MAX_BANK_BYTES = 1_000_000
#: Most bank files read from the learner's own folders and paths.
MAX_BANK_FILES = 100
#: Most questions in the learner's own banks, all files together.
MAX_USER_QUESTIONS = 5_000
#: Problems listed per file; past that, one line says how many more there are.
MAX_PROBLEMS_PER_FILE = 50


# ------------------------------------------------------------------ YAML with places


def _size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _too_big(where: str, size: int | None) -> Problem:
    what = f"is {_size_text(size)}, over" if size is not None else "is over"
    return Problem(
        f"the file {what} the limit of {_size_text(MAX_BANK_BYTES)}",
        where=where, hint="split it into several smaller banks")


def read_yaml(path: Path, where: str) -> tuple[Any, SourceMap, list[Problem]]:
    """Read and parse one YAML file, returning its data, a source map and any problems.

    Files over :data:`MAX_BANK_BYTES` are refused before parsing. Only regular files
    are read, and the read is bounded, so a device, a pipe or a file that grows while
    it is read cannot hang it.
    """
    try:
        if not path.is_file():
            return None, SourceMap(), [Problem(
                "is not a regular file", where=where, hint="give the path of a .yaml file")]
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            return None, SourceMap(), [_too_big(where, size)]
        with path.open("rb") as handle:
            raw = handle.read(MAX_BANK_BYTES + 1)
    except OSError as exc:
        return None, SourceMap(), [
            Problem(f"cannot be read ({exc.strerror})", where=where, hint="check the path")]
    if len(raw) > MAX_BANK_BYTES:
        return None, SourceMap(), [_too_big(where, None)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, SourceMap(), [Problem(
            f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
            where=where, hint="save the file as UTF-8")]
    return parse_yaml(text, where)


def _capped(problems: list[Problem], where: str) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS_PER_FILE` problems, and a line saying how many more."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    return [*problems[:MAX_PROBLEMS_PER_FILE], Problem(
        f"... and {more:,} more problems in this file", where=where,
        hint="fix the ones above first; the rest are often the same mistake")]


# ------------------------------------------------------------ pydantic → file:line


def problems_from_validation(
    exc: ValidationError, root: type[BaseModel], where: str, smap: SourceMap | None
) -> list[Problem]:
    """Map each pydantic error to a :class:`Problem` with its place in the file."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        message, hint = explain(err, root)
        mark = (
            smap.find(loc, prefer_key=err["type"] == "extra_forbidden") if smap else None
        )
        out.append(
            Problem(
                message,
                where=where,
                field=field_path(loc),
                line=mark[0] if mark else None,
                column=mark[1] if mark else None,
                hint=hint,
            )
        )
    return out


# --------------------------------------------------------------------- the Bank


@dataclass(frozen=True)
class LoadedFile:
    """One validated bank file and where it came from."""

    where: str
    bank: BankFile
    smap: SourceMap
    user: bool


class Bank:
    """The merged, validated view of the catalogue and every question bank.

    It never changes after construction, so it can be cached and shared.
    """

    def __init__(self, catalog: Catalog, files: Sequence[LoadedFile]) -> None:
        self.catalog = catalog
        self.files = tuple(files)
        self.roles: dict[str, Role] = {r.id: r for r in catalog.roles}
        self.audiences: dict[str, Audience] = {a.id: a for a in catalog.audiences}
        self.places: dict[str, NetworkingPlace] = {n.id: n for n in catalog.networking}
        interview: dict[str, Question] = {}
        openers: dict[str, Question] = {}
        origin: dict[str, str] = {}
        for loaded in files:
            target = openers if loaded.bank.deck == "meetup" else interview
            for q in loaded.bank.questions:
                # A user question replaces the built-in one with the same id.
                interview.pop(q.id, None)
                openers.pop(q.id, None)
                target[q.id] = q
                origin[q.id] = loaded.where
        self.questions: dict[str, Question] = interview
        self.openers: dict[str, Question] = openers
        self.origin = origin
        self._index: dict[tuple[Category, str, str], list[Question]] | None = None
        self._themed: dict[tuple[Theme, str, str], list[Question]] | None = None
        self._selections: dict[object, tuple[Question, ...]] = {}

    # -- lookups used by every face ------------------------------------------------

    def role(self, role_id: str) -> Role:
        """The role with this id, or a clear error listing the valid ones."""
        try:
            return self.roles[role_id]
        except KeyError:
            raise UnknownChoiceError("role", role_id, sorted(self.roles)) from None

    def audience(self, audience_id: str) -> Audience:
        """The audience with this id, or a clear error listing the valid ones."""
        try:
            return self.audiences[audience_id]
        except KeyError:
            raise UnknownChoiceError("audience", audience_id, sorted(self.audiences)) from None

    def question(self, question_id: str) -> Question | None:
        """Any question, interview or opener, by id."""
        return self.questions.get(question_id) or self.openers.get(question_id)

    def select(
        self,
        *,
        role: str | None = None,
        audience: str | None = None,
        categories: Iterable[Category] | None = None,
        deck: str = "interview",
    ) -> list[Question]:
        """Questions filtered by role, audience and category, in category order."""
        key = (role, audience, tuple(sorted(categories)) if categories else None, deck)
        cached = self._selections.get(key)
        if cached is not None:
            return list(cached)
        pool = self.openers if deck == "meetup" else self.questions
        cats = set(categories) if categories else None
        out = [
            q
            for q in pool.values()
            if (role is None or q.roles == "all" or role in q.roles)
            and (audience is None or q.audiences == "all" or audience in q.audiences)
            and (cats is None or q.category in cats)
        ]
        order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
        out.sort(key=lambda q: (order[q.category], -q.priority, q.id))
        # A Bank never changes, so a selection can be remembered (a few of them).
        if len(self._selections) > 64:
            self._selections.clear()
        self._selections[key] = tuple(out)
        return out

    # -- the planner's index ------------------------------------------------------

    def index(self) -> dict[tuple[Category, str, str], list[Question]]:
        """Questions grouped by (category, role key, audience key), best first.

        A question scoped to ``all`` roles sits under the role key ``*``. For a given
        role and audience each question is in exactly one of the four groups
        (role or *, audience or *), so the planner never sees it twice.
        """
        if self._index is None:
            groups: dict[tuple[Category, str, str], list[Question]] = {}
            for q in self.questions.values():
                role_keys = ["*"] if q.roles == "all" else q.roles
                audience_keys = ["*"] if q.audiences == "all" else q.audiences
                for r in role_keys:
                    for a in audience_keys:
                        groups.setdefault((q.category, r, a), []).append(q)
            for members in groups.values():
                members.sort(key=static_score, reverse=True)
            self._index = groups
        return self._index

    def theme_index(self) -> dict[tuple[Theme, str, str], list[Question]]:
        """Questions carrying a theme, grouped like :meth:`index` but by theme."""
        if self._themed is None:
            groups: dict[tuple[Theme, str, str], list[Question]] = {}
            for q in self.questions.values():
                if q.theme is None:
                    continue
                for r in ["*"] if q.roles == "all" else q.roles:
                    for a in ["*"] if q.audiences == "all" else q.audiences:
                        groups.setdefault((q.theme, r, a), []).append(q)
            for members in groups.values():
                members.sort(key=static_score, reverse=True)
            self._themed = groups
        return self._themed

    def themed(self, theme: Theme, role: str, audience: str) -> list[Question]:
        """Questions carrying ``theme`` that fit this role and audience, best first."""
        index = self.theme_index()
        groups = [index.get((theme, r, a), []) for r in (role, "*") for a in (audience, "*")]
        return list(heapq.merge(*groups, key=static_score, reverse=True))

    def stats(self) -> dict[str, Any]:
        """Counts by category, role and audience."""
        by_category = {c.value: 0 for c in CATEGORY_ORDER}
        by_role = dict.fromkeys(self.roles, 0)
        by_audience = dict.fromkeys(self.audiences, 0)
        for q in self.questions.values():
            by_category[q.category.value] += 1
            for r in self.roles if q.roles == "all" else q.roles:
                by_role[r] = by_role.get(r, 0) + 1
            for a in self.audiences if q.audiences == "all" else q.audiences:
                by_audience[a] = by_audience.get(a, 0) + 1
        return {
            "questions": len(self.questions),
            "meetup_openers": len(self.openers),
            "roles": len(self.roles),
            "audiences": len(self.audiences),
            "by_category": by_category,
            "by_role": by_role,
            "by_audience": by_audience,
        }


def static_score(q: Question) -> float:
    """How strongly a question deserves a place, before the seed adds variety.

    Core questions first, then priority; a question written for a specific role or
    audience beats a generic one of the same priority because it is more useful.
    """
    specific = (0.0 if q.roles == "all" else 1.5) + (0.0 if q.audiences == "all" else 1.0)
    return (6.0 if q.core else 0.0) + q.priority * 2.0 + specific


# ------------------------------------------------------------------- loading


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _bank_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix in {".yaml", ".yml"} and child.name != "catalog.yaml":
                    yield child
        else:
            yield path


def _load_catalog(path: Path) -> tuple[Catalog | None, list[Problem]]:
    where = _display(path)
    data, smap, problems = read_yaml(path, where)
    if problems:
        return None, problems
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, Catalog, where, smap)
    # Cross-references inside the catalogue.
    audience_ids = {a.id for a in catalog.audiences}
    id_lists: dict[str, list[str]] = {
        "roles": [r.id for r in catalog.roles],
        "audiences": [a.id for a in catalog.audiences],
        "networking": [n.id for n in catalog.networking],
    }
    for kind, ids in id_lists.items():
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                line, col = smap.find((kind, i, "id")) or (None, None)
                problems.append(Problem(
                    f"duplicate id {item_id!r} (also {kind}[{seen[item_id]}])", where=where,
                    field=f"{kind}[{i}].id", line=line, column=col, hint="ids must be unique"))
            seen.setdefault(item_id, i)
    for i, role in enumerate(catalog.roles):
        for j, aud in enumerate(role.talk_to):
            if aud not in audience_ids:
                line, col = smap.find(("roles", i, "talk_to", j)) or (None, None)
                problems.append(Problem(
                    f"unknown audience {aud!r}", where=where, field=f"roles[{i}].talk_to[{j}]",
                    line=line, column=col,
                    hint=f"use one of: {', '.join(sorted(audience_ids))}"))
    return (None if problems else catalog), problems


def _check_bank(
    loaded: LoadedFile, catalog: Catalog, problems: list[Problem]
) -> None:
    role_ids = {r.id for r in catalog.roles}
    audience_ids = {a.id for a in catalog.audiences}
    for i, q in enumerate(loaded.bank.questions):
        for key, valid in (("roles", role_ids), ("audiences", audience_ids)):
            scope = getattr(q, key)
            if scope == "all":
                continue
            for j, ref in enumerate(scope):
                if ref not in valid:
                    line, col = loaded.smap.find(("questions", i, key, j)) or (None, None)
                    problems.append(Problem(
                        f"unknown {key[:-1]} {ref!r}", where=loaded.where,
                        field=f"questions[{i}].{key}[{j}]", line=line, column=col,
                        hint=f"use one of: {', '.join(sorted(valid))}, or all"))


def _theme_gaps(
    catalog: Catalog, questions: Iterable[Question]
) -> dict[Theme, set[tuple[str, str]]]:
    """For each theme, the role × audience pairs that no question carrying it fits."""
    pairs = {(r.id, a.id) for r in catalog.roles for a in catalog.audiences}
    gaps = {theme: set(pairs) for theme in Theme}
    for q in questions:
        if q.theme is None or not gaps[q.theme]:
            continue
        if q.roles == "all" and q.audiences == "all":
            gaps[q.theme].clear()
        else:
            gaps[q.theme] -= {pair for pair in gaps[q.theme] if q.fits(*pair)}
    return gaps


def _lost_themes(catalog: Catalog, loaded: Sequence[LoadedFile]) -> list[Problem]:
    """Problems for the themes that the learner's own banks take away from some plans.

    Plans promise the canonical themes, and the built-in banks carry each of them for
    every role and audience (a test holds them to it). The learner's questions can
    only add, or replace a built-in question by its id, so a theme goes missing only
    when a replacement drops its ``theme:`` line or narrows its roles or audiences.
    That is refused, like any other mistake in a bank, with the line to fix: a
    warning would be easy to miss, and every plan after it would quietly be weaker.
    """
    builtin: dict[str, Question] = {}
    merged: dict[str, Question] = {}
    for lf in sorted(loaded, key=lambda lf: lf.user):
        for q in lf.bank.questions:
            merged.pop(q.id, None)  # a replacement in the other deck still replaces
            if lf.bank.deck == "interview":
                merged[q.id] = q
                if not lf.user:
                    builtin[q.id] = q
    before = _theme_gaps(catalog, builtin.values())
    after = _theme_gaps(catalog, merged.values())
    problems: list[Problem] = []
    for theme in Theme:
        lost = after[theme] - before[theme]
        if not lost:
            continue
        names = [f"{r} × {a}" for r, a in sorted(lost)]
        if len(names) > 3:
            names = [*names[:3], f"{len(names) - 3} more"]
        pairs = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        culprit = next(
            ((lf, i, q) for lf in loaded if lf.user for i, q in enumerate(lf.bank.questions)
             if (old := builtin.get(q.id)) is not None and old.theme == theme),
            None,
        )
        if culprit is None:
            problems.append(Problem(
                f"no question carries the theme {theme.value!r} for {pairs}",
                where="your question banks",
                hint=f"add `theme: {theme.value}` to a question that fits them"))
            continue
        lf, i, q = culprit
        old = builtin[q.id]
        # Point at what changed: the theme, or else the scope that got narrower.
        if q.theme != theme:
            key = "theme" if q.theme is not None else "id"
        else:
            key = "roles" if q.roles != old.roles else "audiences"
        line, col = lf.smap.find(("questions", i, key)) or (None, None)
        problems.append(Problem(
            f"replaces {q.id}, which carries the theme {theme.value!r}, so plans for "
            f"{pairs} would have no {theme.value} question",
            where=lf.where, field=f"questions[{i}].{key}", line=line, column=col,
            hint=f"keep `theme: {theme.value}` and the roles and audiences of the built-in "
            "question, or give yours a new id so the built-in one stays"))
    return problems


def load_bank(
    extra: Sequence[Path] = (),
    *,
    builtin_dir: Path = BUILTIN_BANKS_DIR,
    include_user_dir: bool = True,
) -> Bank:
    """Validate the catalogue, the built-in banks and the learner's own banks.

    ``extra`` paths (files or folders) are treated as the learner's banks, like the
    folder named by ``COFFEECHAT_BANKS_DIR``. Raises :class:`BankError` listing every
    problem in every file when anything is wrong.
    """
    problems: list[Problem] = []
    catalog, catalog_problems = _load_catalog(builtin_dir / "catalog.yaml")
    problems.extend(catalog_problems)

    user_paths = list(extra)
    if include_user_dir:
        folder = user_banks_dir()
        if folder is not None:
            if not folder.is_dir():
                problems.append(Problem(
                    "the folder for your own banks does not exist", where=str(folder),
                    hint="create it, or unset COFFEECHAT_BANKS_DIR"))
            else:
                user_paths.append(folder)

    user_files = list(itertools.islice(_bank_files(user_paths), MAX_BANK_FILES + 1))
    if len(user_files) > MAX_BANK_FILES:
        problems.append(Problem(
            f"more than {MAX_BANK_FILES} bank files to read", where=_display(user_files[-1]),
            hint="keep your own questions in fewer files, or point at a smaller folder"))
        user_files = []
    loaded: list[LoadedFile] = []
    user_questions = 0
    for path, is_user in [(p, False) for p in _bank_files([builtin_dir])] + [
        (p, True) for p in user_files
    ]:
        where = _display(path)
        if not path.exists():
            problems.append(Problem("no such file or folder", where=where,
                                    hint="check the path"))
            continue
        data, smap, file_problems = read_yaml(path, where)
        if file_problems:
            problems.extend(_capped(file_problems, where))
            continue
        if is_user:
            # Counted before validation, so a huge list is never validated item by item.
            questions = data.get("questions") if isinstance(data, dict) else None
            user_questions += len(questions) if isinstance(questions, list) else 0
            if user_questions > MAX_USER_QUESTIONS:
                line, col = smap.find(("questions",), prefer_key=True) or (None, None)
                problems.append(Problem(
                    f"your own banks hold more than {MAX_USER_QUESTIONS:,} questions "
                    "once this file is added", where=where, field="questions",
                    line=line, column=col,
                    hint="keep the questions you really use, or split them across folders "
                    "you check one at a time"))
                break
        try:
            bank = BankFile.model_validate(data)
        except ValidationError as exc:
            problems.extend(_capped(problems_from_validation(exc, BankFile, where, smap), where))
            continue
        loaded.append(LoadedFile(where, bank, smap, is_user))

    # Ids: unique within the built-ins, unique within the user's banks; a user
    # question may replace a built-in one with the same id.
    first_seen: dict[tuple[bool, str], tuple[str, int, int]] = {}
    for lf in loaded:
        for i, q in enumerate(lf.bank.questions):
            line, col = lf.smap.find(("questions", i, "id")) or (0, 0)
            key = (lf.user, q.id)
            if key in first_seen:
                other = first_seen[key]
                problems.append(Problem(
                    f"duplicate id {q.id!r} (also at {other[0]}:{other[1]}:{other[2]})",
                    where=lf.where, field=f"questions[{i}].id", line=line, column=col,
                    hint="ids must be unique across all banks; rename one of them"))
            else:
                first_seen[key] = (lf.where, line, col)
    if catalog is not None:
        for lf in loaded:
            _check_bank(lf, catalog, problems)

    if catalog is not None and not problems:
        problems.extend(_lost_themes(catalog, loaded))

    if problems or catalog is None:
        count = len(problems)
        raise BankError(
            f"Found {count} problem{'s' if count != 1 else ''} in the question banks; "
            "nothing was loaded.",
            problems,
        )
    # Built-ins first so the learner's questions override them.
    loaded.sort(key=lambda lf: lf.user)
    return Bank(catalog, loaded)


@functools.lru_cache(maxsize=1)
def builtin_bank() -> Bank:
    """The built-in banks alone, loaded once per process and cached."""
    return load_bank(include_user_dir=False)


def banks_signature(folder: Path | None) -> tuple[tuple[str, float, int], ...]:
    """Names, change times and sizes of the learner's bank files: changes on any edit."""
    if folder is None or not folder.is_dir():
        return ()
    out = []
    for path in sorted(folder.rglob("*.y*ml")):
        stat = path.stat()
        out.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _user_bank(folder: str, signature: tuple[tuple[str, float, int], ...]) -> Bank:
    return load_bank([Path(folder)], include_user_dir=False)


def current_bank() -> Bank:
    """Built-in banks plus the learner's own folder, reloaded only when its files change."""
    folder = user_banks_dir()
    if folder is None:
        return builtin_bank()
    if not folder.is_dir():
        return load_bank()  # reports the missing folder
    return _user_bank(str(folder), banks_signature(folder))


# Words in a job title that say what kind of person someone is, most telling first.
_AUDIENCE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("recruiter", ("recruit", "talent", "sourcer", "sourcing", "people partner")),
    ("founder", ("founder", "cto", "ceo", "chief technology", "owner")),
    ("advocate", ("advocate", "devrel", "developer relations", "evangelist", "community")),
    ("oss-maintainer", ("maintainer", "open source", "open-source")),
    ("eng-manager", ("manager", "head of", "director", "vp ", "vice president")),
    ("junior-dev", ("junior", "graduate", "intern", "apprentice", "entry", "associate")),
    ("senior-dev", ("senior", "staff", "principal", "lead", "architect", "sr.", "sr ")),
)
_CHANGER_HINTS = ("career change", "changed career", "switched from", "moved from",
                  "used to be", "former ", "bootcamp", "self-taught", "career-change")


def guess_audience(bank: Bank, title: str | None, *, background: str | None = None,
                   role: str | None = None) -> str:
    """The kind of person a contact probably is, from their title and what you share.

    A suggestion only: the learner can always change it.
    """
    text = f" {(title or '').lower()} "
    for audience, words in _AUDIENCE_HINTS:
        if audience in bank.audiences and any(w in text for w in words):
            return audience
    if "career-changer" in bank.audiences and any(
        w in (background or "").lower() for w in _CHANGER_HINTS
    ):
        return "career-changer"
    if title and title.strip() and "senior-dev" in bank.audiences:
        return "senior-dev"  # someone doing the job, seniority unknown
    if role and role in bank.roles:
        return bank.roles[role].talk_to[0]
    return next(iter(bank.audiences))
