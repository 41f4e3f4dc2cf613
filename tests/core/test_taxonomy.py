from __future__ import annotations

import pytest

from scrapers._taxonomy import CATEGORIES, categorize


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Environmental Health and Safety", "ENV_HEALTH_SAFETY"),
        ("Mental Health Services", "MENTAL_HEALTH_SUICIDE"),
        ("Suicide Prevention and Intervention", "MENTAL_HEALTH_SUICIDE"),
        ("Staff-Detainee Communication", "STAFF_DETAINEE_COMM"),
        ("Detainee communication", "STAFF_DETAINEE_COMM"),
        ("Use of Force and Restraints", "USE_OF_FORCE"),
        ("Sexual Abuse and Assault Prevention and Intervention", "SEXUAL_ABUSE_PREA"),
        ("Special Management Units", "SEGREGATION"),
        ("Law Libraries and Legal Material", "LEGAL_ACCESS"),
        ("Food Service", "FOOD_SERVICE"),
        ("Something unheard of", "OTHER"),
    ],
)
def test_standard_names_map_to_the_taxonomy(label: str, expected: str) -> None:
    assert categorize(label) == expected
    assert expected in CATEGORIES
