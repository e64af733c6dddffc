"""The ``coffeechat`` command line: a thin face over the same functions the pages call.

The root group, its error handling and the shared options live in ``_base``; each
command group has a module of its own, imported here so that its commands register
on ``main``. The console entry point is ``coffeechat.cli:main``.
"""

from coffeechat.cli import banks, exports, outreach, people, users  # noqa: F401  registers commands
from coffeechat.cli._base import (
    CATEGORY_CHOICE,
    CONTACT_ID,
    CONVERSATION_ID,
    CoffeeChatGroup,
    OutputFile,
    RecordId,
    contact_options,
    echo_json,
    json_option,
    main,
    output_option,
    with_store,
)

__all__ = [
    "CATEGORY_CHOICE",
    "CONTACT_ID",
    "CONVERSATION_ID",
    "CoffeeChatGroup",
    "OutputFile",
    "RecordId",
    "contact_options",
    "echo_json",
    "json_option",
    "main",
    "output_option",
    "with_store",
]
