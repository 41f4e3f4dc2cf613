"""Pure normalisers for facility names, addresses, states and ZIP codes (no database)."""

from __future__ import annotations

import math
import re
import unicodedata

from scrapers._states import US_STATES

# Abbreviations ICE's own data uses for the same word in different releases.
_NAME_WORDS = {
    "det": "detention",
    "ctr": "center",
    "cntr": "center",
    "centre": "center",
    "co": "county",
    "cnty": "county",
    "cty": "county",
    "st": "saint",
    "ste": "sainte",
    "corr": "correctional",
    "correction": "correctional",
    "fac": "facility",
    "facil": "facility",
    "pub": "public",
    "sfty": "safety",
    "cplx": "complex",
    "proc": "processing",
    "svc": "service",
    "svcs": "services",
    "inst": "institution",
    "reg": "regional",
    "dept": "department",
    "ipc": "ice processing center",
    "spc": "service processing center",
    "cdf": "contract detention facility",
    "and": "and",
    "&": "and",
}

_ADDRESS_WORDS = {
    "street": "st",
    "road": "rd",
    "drive": "dr",
    "avenue": "ave",
    "av": "ave",
    "boulevard": "blvd",
    "highway": "hwy",
    "hiway": "hwy",
    "parkway": "pkwy",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "circle": "cir",
    "square": "sq",
    "terrace": "ter",
    "trail": "trl",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
    "suite": "ste",
    "route": "rte",
    "county": "co",
    "saint": "st",
    "us": "us",
}

# Words that tell two units on one campus apart (main facility vs annex, staging, family
# residence...): names that differ in any of them are never merged automatically.
QUALIFIER_WORDS = frozenset(
    {
        "annex",
        "staging",
        "hold",
        "holdroom",
        "hospital",
        "hosp",
        "hotel",
        "inn",
        "juvenile",
        "family",
        "residential",
        "women",
        "womens",
        "female",
        "male",
        "men",
        "mens",
        "east",
        "west",
        "north",
        "south",
        "unit",
        "camp",
        "medical",
        "infirmary",
        "transitional",
        "youth",
        "minimum",
        "maximum",
    }
)

# Words every other facility name has; sharing only these says nothing about identity.
GENERIC_WORDS = frozenset(
    [
        "a",
        "and",
        "the",
        "of",
        "at",
        "in",
        "for",
        "ice",
        "us",
        "county",
        "parish",
        "city",
        "detention",
        "center",
        "facility",
        "jail",
        "processing",
        "correctional",
        "corrections",
        "correction",
        "service",
        "services",
        "contract",
        "institution",
        "regional",
        "public",
        "safety",
        "complex",
        "sheriff",
        "sheriffs",
        "department",
        "office",
        "justice",
        "adult",
        "prison",
        "house",
        "federal",
        "law",
        "enforcement",
        "immigration",
        "immigrant",
        "detainee",
        "holding",
        "enforcement",
        "removal",
        "operations",
    ]
)

STATE_CODES = US_STATES

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of `text`, punctuation and accents dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("&", " and ").replace("'", "")
    return [w for w in _NON_WORD.split(folded) if w]


def normalize_name(name: str) -> str:
    """Canonical form of a facility name: lower case, no punctuation, abbreviations expanded."""
    words: list[str] = []
    for word in _ascii_words(name or ""):
        words.extend(_NAME_WORDS.get(word, word).split())
    return " ".join(words)


def normalize_address(address: str | None) -> str:
    """Canonical form of a street address (suffixes and directions abbreviated)."""
    return " ".join(_ADDRESS_WORDS.get(w, w) for w in _ascii_words(address or ""))


def normalize_state(state: str | None) -> str | None:
    """Two-letter state code from a code or a full state name; None when unknown."""
    if not state or not str(state).strip():
        return None
    text = " ".join(_ascii_words(str(state)))
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return STATE_CODES.get(text)


def normalize_zip(value: object) -> str | None:
    """Five-digit ZIP from a number (leading zeros restored) or text like '01234-5678'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or value <= 0 or not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip()
    # Numbers lose leading zeros (2134 is 02134); ZIP+4 comes as 12345-6789 or nine digits.
    plain = re.match(r"^\d{3,5}$", text)
    if plain:
        return text.zfill(5)
    plus_four = re.match(r"^(\d{5})(?:-|\s)?\d{4}$", text)
    return plus_four.group(1) if plus_four else None


def normalize_city(city: str | None) -> str:
    """Canonical form of a city name."""
    words = _ascii_words(city or "")
    # "SAULT STE MARIE" and "SAULT SAINTE MARIE" are one town in ICE's releases.
    return " ".join("saint" if w in ("st", "ste", "sainte") else w for w in words)


def address_key(
    address: str | None, city: str | None, state: str | None, zip_code: object
) -> str | None:
    """Key for the address alias: street, city, state and ZIP; None when street or place is missing."""
    street = normalize_address(address)
    town = normalize_city(city)
    code = normalize_state(state)
    if not street or not (town or normalize_zip(zip_code)) or not code:
        return None
    return f"{street}|{town}|{code}|{normalize_zip(zip_code) or ''}"


def qualifiers(normalized_name: str) -> frozenset[str]:
    """The distinguishing words and numbers in a normalised name."""
    words = normalized_name.split()
    return frozenset(w for w in words if w in QUALIFIER_WORDS or any(c.isdigit() for c in w))


def qualifiers_conflict(name_a: str, name_b: str) -> bool:
    """True when two normalised names differ in a word that tells units apart."""
    return qualifiers(name_a) != qualifiers(name_b)


def distinctive_words(normalized_name: str) -> frozenset[str]:
    """The words of a normalised name that are not generic facility vocabulary."""
    return frozenset(w for w in normalized_name.split() if w not in GENERIC_WORDS)


# Public renamings (domain.md section 5) whose old and new names share no distinctive word:
# at the same address, these pairs of words name one facility.
KNOWN_RENAMES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"lasalle"}), frozenset({"central", "louisiana"})),
    (frozenset({"tacoma"}), frozenset({"northwest"})),
    (frozenset({"denver"}), frozenset({"aurora"})),
)


def names_compatible(name_a: str, name_b: str) -> bool:
    """True when two normalised names share a distinctive word (or a known renaming) and no
    qualifier differs."""
    if qualifiers_conflict(name_a, name_b):
        return False
    words_a, words_b = distinctive_words(name_a), distinctive_words(name_b)
    if words_a & words_b:
        return True
    return any(
        (old <= words_a and new <= words_b) or (old <= words_b and new <= words_a)
        for old, new in KNOWN_RENAMES
    )


def slugify(name: str) -> str:
    """URL slug: lower-case words joined by dashes."""
    return "-".join(_ascii_words(name)) or "facility"
