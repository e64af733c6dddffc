"""Where things live: built-in data, the user data directory, and settings from the environment.

Nothing here talks to the network. The user's data stays in their own data directory
unless they point ``COFFEECHAT_DATABASE_URL`` somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "coffeechat"

#: The project root: ``question_banks/`` and ``prompts/`` sit beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_BANKS_DIR = PROJECT_ROOT / "question_banks"
BUILTIN_PROMPTS_DIR = PROJECT_ROOT / "prompts"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"


def data_dir() -> Path:
    """The user's data directory, created on first use."""
    override = os.environ.get("COFFEECHAT_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """The database to use: ``COFFEECHAT_DATABASE_URL`` or a SQLite file in the data dir."""
    url = os.environ.get("COFFEECHAT_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir() / 'coffeechat.sqlite3'}"


def user_banks_dir() -> Path | None:
    """The folder of the learner's own question banks, if one is set and exists."""
    value = os.environ.get("COFFEECHAT_BANKS_DIR", "").strip()
    if value:
        return Path(value).expanduser()
    default = data_dir() / "question_banks"
    return default if default.is_dir() else None


def user_templates_dir() -> Path | None:
    """The folder of the learner's own message templates, if one is set and exists."""
    value = os.environ.get("COFFEECHAT_TEMPLATES_DIR", "").strip()
    if value:
        return Path(value).expanduser()
    default = data_dir() / "templates"
    return default if default.is_dir() else None
