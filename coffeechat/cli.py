"""The ``coffeechat`` command line: a thin face over the same functions the pages call.

Every failure ends here as one sentence on stderr and an exit code, never a traceback:
1 for problems in the user's data or surroundings (a busy database, a full disk), 2 for
a bad argument (an unknown role, an id that cannot exist), 130 when the learner presses
Ctrl-C. Anything unexpected is written to a log file, and the message says where.
"""

from __future__ import annotations

import errno
import functools
import json
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from coffeechat import banks as banks_mod
from coffeechat.errors import CoffeeChatError
from coffeechat.models import Category, ContactChannel, Tier, a_or_an
from coffeechat.outreach.channels import Channel, Purpose

if TYPE_CHECKING:
    from coffeechat.outreach.coach import CoachReport
    from coffeechat.store import Store

F = TypeVar("F", bound=Callable[..., Any])

#: The largest id both databases can hold (PostgreSQL stores ids as 32-bit INTEGER);
#: a larger number cannot name anything, and would overflow the driver.
MAX_ID = 2**31 - 1
LOG_NAME = "coffeechat-errors.log"
LOG_LIMIT_BYTES = 1_000_000
#: The coach reviews messages; a file far larger than any message is a mistake.
COACH_LIMIT_BYTES = 1_000_000
INTERRUPTED = 130  # the shell's code for "stopped with Ctrl-C"


def _log_failure() -> Path | None:
    """Append the current traceback to the error log; return the log, or None."""
    from coffeechat.settings import data_dir

    entry = f"--- {datetime.now().isoformat(timespec='seconds')}\n{traceback.format_exc()}\n"
    folders: list[Callable[[], Path]] = [data_dir, lambda: Path(tempfile.gettempdir())]
    for folder in folders:
        try:
            log = folder() / LOG_NAME
            if log.exists() and log.stat().st_size > LOG_LIMIT_BYTES:
                log.replace(log.with_name(LOG_NAME + ".old"))  # keep the log small
            with log.open("a", encoding="utf-8") as stream:
                stream.write(entry)
            return log
        except Exception:  # noqa: BLE001, S112 - try the next place; never fail twice
            continue
    return None


class CoffeeChatGroup(click.Group):
    """The root command group: the one place that turns failures into sentences."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report any failure as a message and an exit code."""
        try:
            return super().invoke(ctx)
        except click.Abort as exc:
            # click turns Ctrl-C at a prompt into Abort; treat it as any other Ctrl-C.
            if isinstance(exc.__context__, KeyboardInterrupt):
                ctx.exit(INTERRUPTED)
            raise
        except (click.ClickException, click.exceptions.Exit):
            raise  # click reports these itself, with exit code 2 or the code given
        except CoffeeChatError as exc:  # UnknownChoiceError carries exit code 2
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            ctx.exit(INTERRUPTED)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # the reader went away (| head); click exits quietly
            self._unexpected(ctx)
        except Exception:
            self._unexpected(ctx)

    @staticmethod
    def _unexpected(ctx: click.Context) -> None:
        log = _log_failure()
        where = f" The details are in {log}; please attach it if you report this." if log \
            else ""
        click.echo("Error: Sorry, something went wrong that Coffee Chat did not expect, "
                   f"and the command stopped.{where}", err=True)
        ctx.exit(1)


# click < 8.3 (allowed by pyproject) cannot subscript ParamType at run time.
class RecordId(click.ParamType):  # type: ignore[type-arg]
    """The id of a stored record: a whole number from 1 that the databases can hold."""

    name = "id"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        """Accept a whole number in range; otherwise say what an id looks like."""
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:  # also for numbers too long for Python to read
                number = 0
                if not str(value).strip().lstrip("+-").isdigit():
                    self.fail(f"{_clip(value)!r} is not {a_or_an(self.kind)} id; ids are "
                              "whole numbers such as 12.", param, ctx)
        if not 1 <= number <= MAX_ID:
            self.fail(f"there is no {self.kind} with id {_clip(value)}; ids are whole "
                      f"numbers from 1 to {MAX_ID}.", param, ctx)
        return number


def _clip(value: Any, limit: int = 30) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


CONTACT_ID = RecordId("contact")
CONVERSATION_ID = RecordId("conversation")


class OutputFile(click.Path):
    """A file to write. Empty names are refused before anything runs."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        """Refuse an empty name; otherwise behave as click.Path."""
        if isinstance(value, str) and not value.strip():
            self.fail("the file name is empty. Give one, e.g. -o notes.md.", param, ctx)
        return super().convert(value, param, ctx)


def echo_json(value: Any) -> None:
    """Print JSON the same way everywhere: indented, UTF-8, keys in order."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@click.group(cls=CoffeeChatGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coffeechat")
def main() -> None:
    """Coffee Chat: prepare informational interviews and keep in touch afterwards."""


# ----------------------------------------------------------------------- banks


@main.group()
def banks() -> None:
    """Check and count the question banks."""


@banks.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def banks_check(paths: tuple[Path, ...]) -> None:
    """Validate the built-in banks plus the given files or folders.

    Every problem is printed as PATH:LINE:COLUMN: FIELD: MESSAGE (hint: ...).
    Exits 0 when everything is valid and 1 otherwise.
    """
    try:
        bank = banks_mod.load_bank(list(paths))
    except CoffeeChatError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        click.echo(exc.message, err=True)
        raise SystemExit(1) from None
    stats = bank.stats()
    click.echo(
        f"All good: {stats['questions']} questions and {stats['meetup_openers']} meetup "
        f"openers in {len(bank.files)} files, {stats['roles']} roles, "
        f"{stats['audiences']} audiences."
    )


@banks.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def banks_stats(as_json: bool) -> None:
    """Count questions by category, role and audience."""
    stats = banks_mod.current_bank().stats()
    if as_json:
        echo_json(stats)
        return
    click.echo(f"{stats['questions']} questions, {stats['meetup_openers']} meetup openers")
    for title, key in (("By category", "by_category"), ("By role", "by_role"),
                       ("By audience", "by_audience")):
        click.echo(f"\n{title}:")
        for name, count in stats[key].items():
            click.echo(f"  {name:<16} {count:>4}")


@main.command("roles")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def roles(as_json: bool) -> None:
    """List the target roles you can prepare for."""
    bank = banks_mod.current_bank()
    if as_json:
        echo_json([r.model_dump() for r in bank.catalog.roles])
        return
    for r in bank.catalog.roles:
        click.echo(f"{r.id:<16} {r.title}: {r.summary}")


CATEGORY_CHOICE = click.Choice([c.value for c in Category])


@main.command("plan")
@click.option("--role", required=True, help="Target role id (see `coffeechat roles`).")
@click.option("--audience", required=True, help="Who you will talk to (an audience id).")
@click.option("--minutes", default=20, show_default=True, type=click.IntRange(1, 240),
              help="Time budget for the chat.")
@click.option("--focus", multiple=True, type=CATEGORY_CHOICE,
              help="Lean towards this category; repeat for more.")
@click.option("--exclude", multiple=True, metavar="ID",
              help="Never include this question (already asked); repeatable.")
@click.option("--include", multiple=True, metavar="ID",
              help="Always include this question; repeatable.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Change it for a different, still reproducible, selection.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
def plan(role: str, audience: str, minutes: int, focus: tuple[str, ...],
         exclude: tuple[str, ...], include: tuple[str, ...], seed: int, fmt: str) -> None:
    """Propose questions for one chat that fit the time you have."""
    from coffeechat.planner import make_plan

    bank = banks_mod.current_bank()
    result = make_plan(bank, role, audience, minutes=minutes, focus=focus, exclude=exclude,
                       include=include, seed=seed)
    if fmt == "json":
        echo_json({
            "role": result.role,
            "audience": result.audience,
            "total_minutes": result.total_minutes,
            "budget_minutes": result.budget_minutes,
            "seed": result.seed,
            "items": [
                {"id": i.id, "text": i.text, "category": i.category.value,
                 "theme": i.theme.value if i.theme else None,
                 "minutes": i.minutes, "reason": i.reason}
                for i in result.items
            ],
        })
        return
    role_title = bank.roles[role].title
    audience_title = bank.audiences[audience].title
    click.echo(f"# Plan: {role_title}, talking to {a_or_an(audience_title.lower())}\n")
    click.echo(f"{result.total_minutes} of {result.budget_minutes} minutes planned.\n")
    current: Category | None = None
    for item in result.items:
        if item.category != current:
            current = item.category
            click.echo(f"\n## {current.label}\n")
        click.echo(f"- [ ] {item.text} ({item.minutes} min)")
        click.echo(f"  - {item.reason}")


# ----------------------------------------------------------------------- store


def with_store(func: F) -> F:
    """Add ``--db URL`` and ``--user EMAIL`` to a command; pass it that account's Store."""

    @click.option("--db", "db_url", envvar="COFFEECHAT_DATABASE_URL", metavar="URL",
                  help="Database URL (default: a SQLite file in your data folder).")
    @click.option("--user", "user_email", envvar="COFFEECHAT_USER", metavar="EMAIL",
                  help="Work on the records of the account with this e-mail, on a hosted "
                       "database (default: the local account).")
    @functools.wraps(func)
    def wrapper(*args: Any, db_url: str | None = None, user_email: str | None = None,
                **kwargs: Any) -> Any:
        from coffeechat.store import Store

        store = Store(db_url or None)
        try:
            if user_email:
                store = store.for_account(store.accounts.by_email(user_email).id)
            return func(*args, store=store, **kwargs)
        finally:
            store.dispose()

    return wrapper  # type: ignore[return-value]


def with_directory(func: F) -> F:
    """Add ``--db URL`` to an admin command and pass it the local account's Store."""

    @click.option("--db", "db_url", envvar="COFFEECHAT_DATABASE_URL", metavar="URL",
                  help="Database URL (default: a SQLite file in your data folder).")
    @functools.wraps(func)
    def wrapper(*args: Any, db_url: str | None = None, **kwargs: Any) -> Any:
        from coffeechat.store import Store

        store = Store(db_url or None)
        try:
            return func(*args, store=store, **kwargs)
        finally:
            store.dispose()

    return wrapper  # type: ignore[return-value]


def _parse_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--set")
        out[key.strip()] = value
    return out


@main.group()
def contacts() -> None:
    """List, add and archive the people in your network."""


@contacts.command("list")
@click.option("--search", help="Match name, company, title or common ground.")
@click.option("--tier", type=click.Choice(["close", "regular", "acquaintance"]))
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--archived", is_flag=True, help="Show archived contacts instead.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_store
def contacts_list(store: Store, search: str | None, tier: str | None, tag: str | None,
                  archived: bool, as_json: bool) -> None:
    """List contacts, by name."""
    people = store.contacts.list(search=search, tier=tier, tag=tag, archived=archived)
    if as_json:
        echo_json([p.model_dump(mode="json") for p in people])
        return
    if not people:
        click.echo("No contacts yet. Add one with `coffeechat contacts add --name ...`.")
        return
    for p in people:
        where = " at ".join(x for x in (p.title, p.company) if x)
        click.echo(f"{p.id:>5}  {p.name}" + (f" ({where})" if where else ""))


@contacts.command("add")
@click.option("--name", required=True)
@click.option("--call-them", help="What to call them in greetings, if not the first word.")
@click.option("--title")
@click.option("--company")
@click.option("--location")
@click.option("--met-at", help="Where you met, e.g. the meetup's name.")
@click.option("--met-how", help="How you met, e.g. 'introduced by Sam'.")
@click.option("--channel", type=click.Choice([c.value for c in ContactChannel]))
@click.option("--url", "profile_url", help="Profile address, https://...")
@click.option("--email")
@click.option("--common-ground",
              help="What you share, as one sentence to them, e.g. "
              "\"We're both in the Odin Project Discord.\" Drafts open with it.")
@click.option("--tag", "tags", multiple=True, help="Repeatable.")
@click.option("--tier", type=click.Choice([t.value for t in Tier]), default="regular",
              show_default=True)
@click.option("--cadence", "cadence_days", type=int,
              help="Keep-in-touch cadence in days (default depends on the tier).")
@click.option("--json", "as_json", is_flag=True)
@with_store
def contacts_add(store: Store, as_json: bool, **fields: Any) -> None:
    """Add a contact."""
    fields["tags"] = list(fields["tags"])
    contact = store.contacts.add(fields)
    if as_json:
        echo_json(contact.model_dump(mode="json"))
    else:
        click.echo(f"Added {contact.name} (id {contact.id}).")


@contacts.command("archive")
@click.argument("contact_id", type=CONTACT_ID)
@click.option("--undo", is_flag=True, help="Restore an archived contact.")
@with_store
def contacts_archive(store: Store, contact_id: int, undo: bool) -> None:
    """Archive a contact (nothing is deleted), or restore it with --undo."""
    contact = store.contacts.archive(contact_id, archived=not undo)
    click.echo(f"{'Restored' if undo else 'Archived'} {contact.name}.")


@contacts.command("delete")
@click.argument("contact_id", type=CONTACT_ID)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_store
def contacts_delete(store: Store, contact_id: int, yes: bool) -> None:
    """Delete a contact for good, with their conversations, notes and follow-ups."""
    contact = store.contacts.get(contact_id)
    if not yes and not click.confirm(
            f"Delete {contact.name} and everything about them for good?"):
        click.echo("Nothing was deleted.")
        return
    store.contacts.delete_permanently(contact_id)
    click.echo(f"Deleted {contact.name}.")


@main.command("due")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365),
              help="Also show what is due in the next N days.")
@click.option("--json", "as_json", is_flag=True)
@with_store
def due(store: Store, days: int, as_json: bool) -> None:
    """List follow-ups that are overdue, due today, or coming up."""
    agenda = store.followups.agenda(days_ahead=days)
    if as_json:
        echo_json({
            section: [
                {**v.followup.model_dump(mode="json"), "contact_name": v.contact_name}
                for v in getattr(agenda, section)
            ]
            for section in ("overdue", "today", "week")
        })
        return
    if not (agenda.overdue or agenda.today or agenda.week):
        click.echo("Nothing due. Enjoy the quiet, or reach out to someone new.")
        return
    for title, items in (("Overdue", agenda.overdue), ("Today", agenda.today),
                         (f"Next {days} days", agenda.week)):
        if items:
            click.echo(f"{title}:")
            for v in items:
                f = v.followup
                click.echo(f"  #{f.id} {f.due_on.isoformat()}  {v.contact_name}: {f.text}")


@main.group("import")
def import_group() -> None:
    """Bring contacts in from elsewhere."""


@import_group.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-row report as JSON.")
@with_store
def import_linkedin(store: Store, file: Path, dry_run: bool, as_json: bool) -> None:
    """Import LinkedIn's Connections.csv export."""
    from coffeechat.importers.linkedin import import_file

    report = import_file(store, file, dry_run=dry_run)
    if as_json:
        echo_json(report.as_dict())
        return
    for line in report.text_lines(more=" (add --json to see every row)"):
        click.echo(line)
    if (message := report.nothing_to_import()) is not None:
        click.echo(message)


@main.command("backup")
@click.argument("file", type=OutputFile())
@with_store
def backup(store: Store, file: Path) -> None:
    """Write every table to one versioned JSON file."""
    from coffeechat.store.backup import write_backup

    counts = write_backup(store, file)
    click.echo(f"Backed up {sum(counts.values())} records to {file}: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()))


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_store
def restore(store: Store, file: Path) -> None:
    """Load a backup into an empty account (refuses otherwise; changes nothing on error).

    With --user EMAIL it goes into that account (say, a learner's backup from their
    laptop, restored into their hosted account); without it, into the local account.
    """
    from coffeechat.store.backup import restore_file

    counts = restore_file(store, file)
    click.echo(f"Restored {sum(counts.values())} records: "
               + ", ".join(f"{v} {k}" for k, v in counts.items()))


# -------------------------------------------------------------------- outreach

CHANNEL_CHOICE = click.Choice([c.value for c in Channel])
PURPOSE_CHOICE = click.Choice([p.value for p in Purpose])


def _print_report(report: CoachReport) -> None:
    limit = f" of {report.limit}" if report.limit else ""
    click.echo(f"Score {report.score}/100 · {report.words} words · "
               f"{report.characters}{limit} characters")
    if not report.findings:
        click.echo("Looks good: nothing to fix.")
    for f in report.findings:
        click.echo(f"  [{f.severity}] {f.rule}: {f.message}")
        click.echo(f"      Try: {f.suggestion}")


@main.command("templates")
@click.option("--json", "as_json", is_flag=True)
def templates(as_json: bool) -> None:
    """List the message templates: channel, purpose, title and the details each needs."""
    from coffeechat.outreach.drafts import list_templates, template_problems

    found = list_templates()
    for problem in template_problems():  # the others still work, so list them anyway
        click.echo(f"Warning: {problem}", err=True)
    if as_json:
        echo_json([{"channel": t.meta.channel.value, "purpose": t.meta.purpose.value,
                    "title": t.meta.title, "description": t.meta.description,
                    "requires": t.meta.requires, "user": t.user} for t in found])
        return
    for t in found:
        needs = ", ".join(t.meta.requires) or "nothing"
        click.echo(f"{t.meta.purpose.value:<20} {t.meta.channel.value:<20} {t.meta.title}"
                   f"  (needs: {needs})")


@main.command("draft")
@click.option("--channel", required=True, type=CHANNEL_CHOICE)
@click.option("--purpose", required=True, type=PURPOSE_CHOICE)
@click.option("--contact", "contact_id", type=CONTACT_ID, help="Contact id to write to.")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID,
              help="Conversation id (adds its notes and time budget).")
@click.option("--set", "pairs", multiple=True, metavar="KEY=VALUE",
              help="Fill in a detail, e.g. --set topic='how you moved into QA'.")
@click.option("--json", "as_json", is_flag=True)
@with_store
def draft(store: Store, channel: str, purpose: str, contact_id: int | None,
          conversation_id: int | None, pairs: tuple[str, ...], as_json: bool) -> None:
    """Write a draft message from a template, with the coach's findings."""
    from coffeechat.outreach.service import draft_for

    result = draft_for(store, channel, purpose, contact_id=contact_id,
                       conversation_id=conversation_id, extra=_parse_pairs(pairs))
    if as_json:
        echo_json({"text": result.text, **result.report.as_dict()})
        return
    click.echo(result.text)
    click.echo("")
    _print_report(result.report)


def _read_message(file: Any) -> str:
    """The message text: UTF-8 (a BOM is fine), and no larger than any real message."""
    raw = file.read(COACH_LIMIT_BYTES + 1)
    given = str(getattr(file, "name", "-"))
    name = "standard input" if given in ("-", "<stdin>") else given
    if len(raw) > COACH_LIMIT_BYTES:
        raise click.BadParameter(
            f"{name} is over {COACH_LIMIT_BYTES // 1_000_000} MB; the coach reviews one "
            "message at a time.", param_hint="FILE")
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"{name} is not UTF-8 text (byte {raw[exc.start]:#04x} at position "
            f"{exc.start}). Save it as UTF-8 (\"Unicode\" in most editors) and try again.",
            param_hint="FILE") from None


@main.command("coach")
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--channel", required=True, type=CHANNEL_CHOICE)
@click.option("--purpose", required=True, type=PURPOSE_CHOICE)
@click.option("--name", "first_name", help="The recipient's first name, for the greeting check.")
@click.option("--json", "as_json", is_flag=True)
def coach_cmd(file: Any, channel: str, purpose: str, first_name: str | None,
              as_json: bool) -> None:
    """Review any message text (a file, or - for standard input). Always exits 0."""
    from coffeechat.outreach.coach import coach
    from coffeechat.outreach.context import DraftContext

    ctx = DraftContext.model_validate({"contact": {"first_name": first_name}})
    report = coach(_read_message(file), channel, purpose, ctx)
    if as_json:
        echo_json(report.as_dict())
    else:
        _print_report(report)


@main.command("pitch")
@click.option("--json", "as_json", is_flag=True)
@with_store
def pitch(store: Store, as_json: bool) -> None:
    """Show your 30-second pitch with its word count and speaking time."""
    from coffeechat.pitch import build_pitch

    result = build_pitch(store.profile.get())
    if as_json:
        echo_json({"text": result.text, "words": result.words,
                   "seconds": [result.seconds_low, result.seconds_high],
                   "hints": result.hints})
        return
    if result.text:
        click.echo(result.text)
        click.echo(f"\n{result.words} words, {result.timing} to say.")
    for hint in result.hints:
        click.echo(f"- {hint}")


# --------------------------------------------------------------------- exports


@main.group("export")
def export_group() -> None:
    """Interview sheets, question cards, calendar reminders, spreadsheets, everything."""


def _write(data: bytes | str, output: Path | None, what: str) -> None:
    from coffeechat.files import write_file

    if output is None:
        if isinstance(data, bytes):
            raise click.UsageError(f"The {what} is a binary file: give -o FILE.")
        click.echo(data, nl=False)
        return
    write_file(output, data)
    click.echo(f"Wrote {what} to {output}", err=True)


OUTPUT = click.option("-o", "--output", type=OutputFile(), help="File to write.")


@export_group.command("sheet")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID, required=True)
@OUTPUT
@with_store
def export_sheet(store: Store, conversation_id: int, output: Path | None) -> None:
    """Write the Markdown interview sheet for a conversation (stdout without -o)."""
    from coffeechat.exporters.sheet import sheet_for

    _write(sheet_for(store, banks_mod.current_bank(), conversation_id), output,
           "interview sheet")


@export_group.command("cards")
@click.option("--conversation", "conversation_id", type=CONVERSATION_ID,
              help="Cards for this plan.")
@click.option("--role", help="Cards for a role (with --audience).")
@click.option("--audience", help="Cards for an audience.")
@click.option("--category", "categories", multiple=True, type=CATEGORY_CHOICE,
              help="Only these categories; repeatable.")
@click.option("--minutes", type=click.IntRange(1, 240),
              help="With --role and --audience: a timed plan instead of every match.")
@click.option("--deck", type=click.Choice(["meetup"]), help="The meetup-openers deck.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--per-page", type=click.Choice(["4", "6", "8"]), default="6", show_default=True)
@click.option("--back", is_flag=True, help="Add back sides with follow-up probes (duplex).")
@click.option("--html", "as_html", is_flag=True, help="An HTML print view instead of a PDF.")
@click.option("-o", "--output", type=OutputFile(), required=True, help="File to write.")
@with_store
def export_cards(store: Store, conversation_id: int | None, role: str | None,
                 audience: str | None, categories: tuple[str, ...], minutes: int | None,
                 deck: str | None, paper: str, per_page: str, back: bool, as_html: bool,
                 output: Path) -> None:
    """Printable question cards: for a conversation, a selection, or the meetup deck."""
    from coffeechat.exporters import cards

    bank = banks_mod.current_bank()
    chosen = sum(x is not None for x in (conversation_id, deck)) + bool(role or audience)
    if chosen != 1:
        raise click.UsageError(
            "Choose one deck: --conversation ID, --role/--audience, or --deck meetup.")
    if conversation_id is not None:
        the_deck = cards.deck_for_conversation(store, bank, conversation_id)
    elif deck == "meetup":
        the_deck = cards.meetup_deck(bank)
    else:
        the_deck = cards.deck_from_banks(bank, role=role, audience=audience,
                                         categories=categories or None, minutes=minutes)
    if as_html:
        _write(cards.render_html(the_deck, paper=paper, per_page=int(per_page), back=back),
               output, f"{len(the_deck.cards)} cards (HTML)")
    else:
        _write(cards.render_pdf(the_deck, paper=paper, per_page=int(per_page), back=back),
               output, f"{len(the_deck.cards)} cards (PDF)")


@export_group.command("ics")
@click.option("-o", "--output", type=OutputFile(), required=True, help="File to write.")
@with_store
def export_ics(store: Store, output: Path) -> None:
    """Write follow-up reminders as an .ics file for your calendar."""
    from coffeechat.exporters.calendar import calendar_for

    _write(calendar_for(store), output, "calendar")


@export_group.command("csv")
@click.option("--table", type=click.Choice(["contacts", "conversations", "followups"]),
              required=True)
@click.option("-o", "--output", type=OutputFile(), required=True, help="File to write.")
@with_store
def export_csv(store: Store, table: str, output: Path) -> None:
    """Write contacts, conversations or follow-ups as a spreadsheet-safe CSV."""
    from coffeechat.exporters.spreadsheets import csv_for

    _write(csv_for(store, table), output, f"{table} CSV")


@export_group.command("all")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="The .zip file to write.")
@with_store
def export_all_cmd(store: Store, output: Path) -> None:
    """Export everything as one zip: sheets, cards, CSVs, calendar and a backup."""
    from coffeechat.exporters.bundle import export_all

    _write(export_all(store, banks_mod.current_bank()), output, "everything")


if __name__ == "__main__":  # pragma: no cover
    main()


# ----------------------------------------------------------------------- users


@main.group()
def users() -> None:
    """See, export and erase the accounts of a hosted Coffee Chat."""


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_directory
def users_list(store: Store, as_json: bool) -> None:
    """Every account with its record counts and last sign-in."""
    summaries = store.accounts.summaries()
    if as_json:
        echo_json([{
            "id": s.account.id, "email": s.account.email, "issuer": s.account.issuer,
            "created_at": s.account.created_at, "last_sign_in_at": s.account.last_sign_in_at,
            "counts": s.counts,
        } for s in summaries])
        return
    click.echo(f"{'id':>6}  {'account':<32} {'contacts':>8} {'chats':>6} {'notes':>6} "
               f"{'follow-ups':>10}  last sign-in")
    for s in summaries:
        last = (s.account.last_sign_in_at.isoformat(sep=" ", timespec="minutes")
                if s.account.last_sign_in_at else "never")
        click.echo(f"{s.account.id:>6}  {_clip(s.account.label, 32):<32} "
                   f"{s.counts['contacts']:>8} {s.counts['conversations']:>6} "
                   f"{s.counts['notes']:>6} {s.counts['followups']:>10}  {last}")


@users.command("export")
@click.argument("email")
@click.option("-o", "--output", type=OutputFile(), required=True, help="File to write.")
@with_directory
def users_export(store: Store, email: str, output: Path) -> None:
    """Write one account's records to a backup file (the `coffeechat backup` format)."""
    from coffeechat.store.backup import write_backup

    account = store.accounts.by_email(email)
    counts = write_backup(store.for_account(account.id), output)
    click.echo(f"Exported {sum(counts.values())} records of account {account.id} to {output}.")


@users.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_directory
def users_delete(store: Store, email: str, yes: bool) -> None:
    """Erase an account and every record it holds, all or nothing."""
    account = store.accounts.by_email(email)
    if not yes:
        click.confirm(f"Erase account {account.id} ({account.label}) and all its records? "
                      "This cannot be undone.", abort=True)
    erased = store.accounts.delete(account.id)
    kept = " (the local account itself stays, empty)" if account.is_local else ""
    click.echo(f"Erased account {account.id}: {sum(erased.values())} records{kept}.")
