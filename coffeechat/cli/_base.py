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
from typing import Any, TypeVar

import click

from coffeechat.errors import CoffeeChatError
from coffeechat.fields import CONTACT_FIELDS
from coffeechat.models import Category, a_or_an

F = TypeVar("F", bound=Callable[..., Any])

#: The largest id both databases can hold (PostgreSQL stores ids as 32-bit INTEGER);
#: a larger number cannot name anything, and would overflow the driver.
MAX_ID = 2**31 - 1
LOG_NAME = "coffeechat-errors.log"
LOG_LIMIT_BYTES = 1_000_000
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


def json_option(help_text: str | None = None) -> Callable[[F], F]:
    """``--json``: print the result as JSON (bound to the ``as_json`` parameter)."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def output_option(*, required: bool = False,
                  help_text: str = "File to write.") -> Callable[[F], F]:
    """``-o/--output FILE``: where an export goes (an empty name is refused)."""
    return click.option("-o", "--output", type=OutputFile(), required=required,
                        help=help_text)


def echo_json(value: Any) -> None:
    """Print JSON the same way everywhere: indented, UTF-8, keys in order."""
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@click.group(cls=CoffeeChatGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coffeechat")
def main() -> None:
    """Coffee Chat: prepare informational interviews and keep in touch afterwards."""


CATEGORY_CHOICE = click.Choice([c.value for c in Category])


def _store_option(func: F, *, for_user: bool) -> F:
    """Add ``--db URL`` (and with ``for_user``, ``--user EMAIL``); pass an open Store."""

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

    if for_user:
        wrapper = click.option(
            "--user", "user_email", envvar="COFFEECHAT_USER", metavar="EMAIL",
            help="Work on the records of the account with this e-mail, on a hosted "
                 "database (default: the local account).")(wrapper)
    wrapper = click.option("--db", "db_url", envvar="COFFEECHAT_DATABASE_URL", metavar="URL",
                           help="Database URL (default: a SQLite file in your data "
                                "folder).")(wrapper)
    return wrapper  # type: ignore[return-value]


def with_store(func: F) -> F:
    """Add ``--db URL`` and ``--user EMAIL`` to a command; pass it that account's Store."""
    return _store_option(func, for_user=True)


def with_directory(func: F) -> F:
    """Add ``--db URL`` to an admin command and pass it the local account's Store."""
    return _store_option(func, for_user=False)


def contact_options(func: F) -> F:
    """One option per contact field in the registry (``--name``, ``--url``, ``--tag`` ...)."""
    for spec in reversed(CONTACT_FIELDS):
        choices = click.Choice(list(spec.choices)) if spec.widget == "choice" else None
        func = click.option(
            spec.flag, spec.name, required=spec.required, help=spec.cli_help,
            multiple=spec.widget == "tags", type=int if spec.widget == "days" else choices,
            default=spec.default if spec.widget == "choice" else None,
            show_default=spec.widget == "choice" and spec.default is not None,
        )(func)
    return func
