"""Password hashing with argon2id (memory-hard) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
# Long inputs are fine for argon2 but there is no reason to hash megabytes per login attempt.
MAX_LENGTH = 1024


class WeakPassword(ValueError):
    """The proposed password does not meet the policy; the message says why."""


# RFC 9106's low-memory profile; the test suite swaps in a cheaper one (tests/conftest.py).
PARAMETERS = profiles.RFC_9106_LOW_MEMORY


def _hasher() -> PasswordHasher:
    """The hasher for this process."""
    return PasswordHasher.from_parameters(PARAMETERS)


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches `stored_hash`; never raises on a bad password or hash."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the stored hash uses weaker parameters than the current profile."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def check_policy(password: str, *, email: str = "") -> None:
    """Raise WeakPassword unless the password is long enough and not the email address."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    if email and password.strip().lower() == email.strip().lower():
        raise WeakPassword("The password must not be your email address.")
    if len(set(password)) < 4:
        raise WeakPassword("The password repeats too few different characters.")


# A real hash verified when the account does not exist, so timing does not reveal accounts.
_DUMMY_HASH: dict[str, str] = {}


def burn_verification(password: str) -> None:
    """Spend the same time as a real verification (for unknown accounts)."""
    key = "cheap" if _hasher().memory_cost < 1024 else "real"
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password("not-a-real-password-0")
    verify_password(_DUMMY_HASH[key], password)
