"""Properties of the normalisers, for any input text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monitor.facilities.registry.normalize import (
    address_key,
    names_compatible,
    normalize_name,
    normalize_state,
    normalize_zip,
)

NAMES = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@given(NAMES)
def test_normalize_name_is_idempotent_and_plain(name: str) -> None:
    once = normalize_name(name)
    assert normalize_name(once) == once
    assert all(c.isascii() and (c.isalnum() or c == " ") for c in once)
    assert once == once.strip() and "  " not in once


@given(
    st.one_of(st.integers(-10, 10**7), st.floats(allow_nan=True), st.text(max_size=12), st.none())
)
def test_normalize_zip_gives_five_digits_or_nothing(value: object) -> None:
    result = normalize_zip(value)
    assert result is None or (len(result) == 5 and result.isdigit())


@given(NAMES)
def test_state_is_two_letters_or_nothing(text: str) -> None:
    code = normalize_state(text)
    assert code is None or (len(code) == 2 and code.isupper())


@given(NAMES, NAMES)
def test_name_compatibility_is_symmetric(a: str, b: str) -> None:
    assert names_compatible(normalize_name(a), normalize_name(b)) == names_compatible(
        normalize_name(b), normalize_name(a)
    )


def test_annex_and_main_are_incompatible_even_with_shared_words() -> None:
    assert not names_compatible(
        normalize_name("Folkston Annex IPC"), normalize_name("Folkston IPC")
    )
    assert names_compatible(
        normalize_name("Annex - Folkston IPC"), normalize_name("FOLKSTON ANNEX IPC")
    )


def test_address_key_needs_street_and_state() -> None:
    assert address_key(None, "Estancia", "NM", "87016") is None
    assert address_key("209 County Road 49", "Estancia", None, "87016") is None
    assert address_key("209 County Road 49", "Estancia", "NM", None) == "209 co rd 49|estancia|NM|"
