"""What every model shares: unknown keys are errors, text is trimmed, ids have one shape."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
)


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=600)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
