"""Percent filled and the staffing cross-check: the one place these are computed.

Parsers (OIG reports, ICE cover letters and forms), alerts, charts and packets all call these,
so "54 percent" means the same everywhere. Reported figures are never overwritten: what is
derived here goes alongside them (domain.md section 4).
"""

from __future__ import annotations

from dataclasses import dataclass

# Reports round percentages to whole numbers ("61 percent" for 98/160 = 61.25).
PERCENT_TOLERANCE = 1.0


def percent_filled(filled: int | float | None, required: int | float | None) -> float | None:
    """Filled positions as a percent of required ones, to one decimal; None when unknown."""
    if filled is None or required is None or required <= 0 or filled < 0:
        return None
    return round(100 * filled / required, 1)


def percent_filled_from_vacant(pct_vacant: float | None) -> float | None:
    """Percent filled when only the vacancy rate is stated ("understaffed by 46%")."""
    if pct_vacant is None or not 0 <= pct_vacant <= 100:
        return None
    return round(100.0 - pct_vacant, 1)


@dataclass(frozen=True)
class StaffingCheck:
    """Derived values and whether the reported figures agree with each other.

    `arithmetic_ok` is None when fewer than two independent figures were stated (nothing to
    check), True when every stated relation holds, False when any fails.
    """

    required: int | None
    filled: int | None
    vacancies: int | None
    pct_filled: float | None
    arithmetic_ok: bool | None
    failed: tuple[str, ...] = ()


def check_staffing(
    *,
    required: int | None = None,
    filled: int | None = None,
    vacancies: int | None = None,
    pct_filled_reported: float | None = None,
    pct_vacant_reported: float | None = None,
) -> StaffingCheck:
    """Complete the counts from each other, compute percent filled, and check every relation."""
    failed: list[str] = []
    checks = 0
    if required is not None and filled is not None and vacancies is not None:
        checks += 1
        if filled + vacancies != required:
            failed.append(f"{filled} filled + {vacancies} vacant != {required} required")
    required, filled, vacancies = _complete_counts(required, filled, vacancies)
    computed = percent_filled(filled, required)
    for label, reported in (
        ("filled", pct_filled_reported),
        ("vacancy", percent_filled_from_vacant(pct_vacant_reported)),
    ):
        if computed is not None and reported is not None:
            checks += 1
            if abs(computed - reported) > PERCENT_TOLERANCE:
                failed.append(
                    f"{computed}% filled by the counts, {reported}% by the stated {label} rate"
                )
    if computed is None and pct_filled_reported is not None and pct_vacant_reported is not None:
        checks += 1
        if abs(pct_filled_reported + pct_vacant_reported - 100) > PERCENT_TOLERANCE:
            failed.append(f"{pct_filled_reported}% filled and {pct_vacant_reported}% vacant")
    pct = computed if computed is not None else _reported_percent(pct_filled_reported,
                                                                   pct_vacant_reported)  # fmt: skip
    ok = None if checks == 0 else not failed
    return StaffingCheck(required, filled, vacancies, pct, ok, tuple(failed))


def _complete_counts(
    required: int | None, filled: int | None, vacancies: int | None
) -> tuple[int | None, int | None, int | None]:
    """The third count from the other two (never negative)."""
    if required is None and filled is not None and vacancies is not None:
        required = filled + vacancies
    if filled is None and required is not None and vacancies is not None:
        filled = required - vacancies if vacancies <= required else None
    if vacancies is None and required is not None and filled is not None:
        vacancies = required - filled if filled <= required else None
    return required, filled, vacancies


def _reported_percent(pct_filled: float | None, pct_vacant: float | None) -> float | None:
    if pct_filled is not None:
        return pct_filled
    return percent_filled_from_vacant(pct_vacant)
