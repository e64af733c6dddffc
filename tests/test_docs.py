"""Docs are tests: every CLI command has help and appears in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from coffeechat.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "coffeechat") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            out.extend(commands(cmd, path))
    return out


ALL = commands(main)


@pytest.mark.parametrize(("path", "cmd"), ALL, ids=[p for p, _ in ALL])
def test_every_command_has_help_and_is_documented(path: str, cmd: click.Command) -> None:
    assert cmd.help and cmd.help.strip(), f"{path} has no help text"
    assert f"`{path}" in README, f"{path} is not documented in README.md"
    args = path.split()[1:] + ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_readme_gives_the_two_fresh_machine_commands() -> None:
    assert "make run" in README and "make test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci
