"""The signed-in identity, and logs that never carry an e-mail address or a name."""

from __future__ import annotations

import io
import logging

import pytest

from coffeechat.identity import (
    EMAIL_MASK,
    KNOWN_PEOPLE_MAX,
    NAME_MASK,
    Identity,
    PersonalDataFilter,
    describe_error,
)


def test_identity_from_claims() -> None:
    who = Identity.from_claims({"iss": "https://id.example.org", "sub": " 42 ",
                                "email": "ada@example.org", "name": "Ada", "is_logged_in": True})
    assert who == Identity(issuer="https://id.example.org", subject="42",
                           email="ada@example.org", name="Ada")
    assert who.display_name == "Ada"


@pytest.mark.parametrize("claims", [{}, {"iss": "x"}, {"sub": "1"}, {"iss": "x", "sub": 5},
                                    {"iss": " ", "sub": "1"}])
def test_no_identity_without_issuer_and_subject(claims: dict[str, object]) -> None:
    assert Identity.from_claims(claims) is None


def test_log_id_is_stable_per_account_and_names_nobody() -> None:
    a = Identity(issuer="https://id", subject="1", email="ada@example.org", name="Ada")
    same = Identity(issuer="https://id", subject="1", email="new@example.org", name="A. L.")
    other = Identity(issuer="https://other", subject="1")
    assert a.log_id == same.log_id != other.log_id
    assert a.log_id.startswith("acct-") and "ada" not in a.log_id


def logger_with_filter() -> tuple[logging.Logger, io.StringIO, PersonalDataFilter]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    guard = PersonalDataFilter()
    handler.addFilter(guard)
    logger = logging.getLogger(f"test-identity-{id(stream)}")
    logger.propagate = False
    logger.addHandler(handler)
    return logger, stream, guard


def test_filter_masks_emails_names_args_and_tracebacks() -> None:
    logger, stream, guard = logger_with_filter()
    guard.remember(["grace@example.org", "Grace Hopper", "Jo"])
    logger.error("Signed in: %s <%s>", "Grace Hopper", "grace@example.org")
    logger.error("someone else: bob.smith+cc@mail.example.co.uk")
    try:
        raise ValueError("contact GRACE HOPPER is missing")
    except ValueError:
        logger.exception("failed")
    logger.error("Jo is a short name and stays")  # too short to mask without harm
    out = stream.getvalue()
    for secret in ("grace@example.org", "Grace Hopper", "GRACE HOPPER", "bob.smith"):
        assert secret not in out
    # The name in the message, the traceback's source line and the exception text.
    assert out.count(NAME_MASK) == 3 and out.count(EMAIL_MASK) == 2
    assert "Jo is a short name" in out


def test_filter_forgets_the_oldest_people_beyond_its_bound() -> None:
    _, _, guard = logger_with_filter()
    guard.remember([f"Person Number {i:05d}" for i in range(KNOWN_PEOPLE_MAX + 5)])
    assert guard.mask("Person Number 00000") == "Person Number 00000"
    assert guard.mask(f"Person Number {KNOWN_PEOPLE_MAX + 4:05d}") == NAME_MASK


def test_describe_error_withholds_the_message() -> None:
    try:
        raise RuntimeError("note about Ada Lovelace")
    except RuntimeError as exc:
        text = describe_error(exc)
    assert "Ada" not in text and "message withheld" in text
    assert "test_identity.py" in text and "builtins.RuntimeError" in text
