"""Query-string parsing for the public views: bad values become a 400 with a message."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import request
from werkzeug.exceptions import BadRequest

MAX_TEXT = 200


def bad(message: str) -> BadRequest:
    """A 400 whose message is shown to the person who sent the request."""
    return BadRequest(description=message)


def text_arg(name: str, max_length: int = MAX_TEXT) -> str | None:
    """A free-text parameter, stripped; empty means absent."""
    value = (request.args.get(name) or "").strip()
    if len(value) > max_length:
        raise bad(f"Parameter '{name}' is too long (at most {max_length} characters).")
    if "\x00" in value:
        raise bad(f"Parameter '{name}' contains a NUL character.")
    return value or None


def choice_arg(name: str, choices: Iterable[str], default: str | None = None) -> str | None:
    """A parameter that must be one of `choices`."""
    value = text_arg(name)
    if value is None:
        return default
    allowed = list(choices)
    if value not in allowed:
        raise bad(f"Parameter '{name}' must be one of: {', '.join(allowed)} (got '{value}').")
    return value


def int_arg(name: str, default: int, minimum: int = 1, maximum: int = 10_000) -> int:
    """A bounded whole number."""
    value = text_arg(name, 12)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise bad(f"Parameter '{name}' must be a whole number (got '{value}').") from None
    if not minimum <= number <= maximum:
        raise bad(f"Parameter '{name}' must be between {minimum} and {maximum}.")
    return number


def date_arg(name: str) -> date | None:
    """A date in YYYY-MM-DD form."""
    value = text_arg(name, 10)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad(f"Parameter '{name}' must be a date like 2022-03-16 (got '{value}').") from None


def bool_arg(name: str) -> bool:
    """A flag: 1/true/yes/on or 0/false/no/off."""
    value = (text_arg(name, 8) or "").lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise bad(f"Parameter '{name}' must be 1 or 0 (got '{value}').")


def list_arg(name: str, choices: Iterable[str]) -> frozenset[str]:
    """A repeatable parameter (?kind=a&kind=b, or comma-separated), each value checked."""
    allowed = set(choices)
    values = {v.strip() for raw in request.args.getlist(name) for v in raw.split(",") if v.strip()}
    unknown = sorted(values - allowed)
    if unknown:
        raise bad(
            f"Parameter '{name}' has unknown value(s): {', '.join(unknown)}. "
            f"Allowed: {', '.join(sorted(allowed))}."
        )
    return frozenset(values)


def order_arg(default_descending: bool) -> bool:
    """`order=asc|desc`; returns True for descending."""
    value = choice_arg("order", ("asc", "desc"))
    return default_descending if value is None else value == "desc"
