"""The one finding taxonomy shared by every source (domain.md section 3).

Pure data and a keyword mapper, so scrapers can use it without touching the database.
"""

from __future__ import annotations

import re

CATEGORIES: dict[str, str] = {
    "ENV_HEALTH_SAFETY": "Environmental health and safety",
    "TRANSPORT": "Transportation",
    "INTAKE_CLASSIFICATION": "Admission, intake and classification",
    "SECURITY_CONTROL": "Security and control",
    "SEXUAL_ABUSE_PREA": "Sexual abuse and assault prevention",
    "SEGREGATION": "Segregation and restrictive housing",
    "STAFF_DETAINEE_COMM": "Staff-detainee communication",
    "USE_OF_FORCE": "Use of force and restraints",
    "DISCIPLINE": "Disciplinary system",
    "FOOD_SERVICE": "Food service",
    "HUNGER_STRIKE": "Hunger strikes",
    "MEDICAL_CARE": "Medical care",
    "MENTAL_HEALTH_SUICIDE": "Mental health and suicide prevention",
    "PERSONAL_HYGIENE": "Personal hygiene",
    "COMMUNICATION_ACCESS": "Correspondence, telephone and visitation",
    "RECREATION_RELIGION_WORK": "Recreation, religion and work",
    "GRIEVANCES": "Grievance system",
    "LEGAL_ACCESS": "Legal access",
    "PROPERTY_FUNDS": "Funds and personal property",
    "RECORDS_ADMIN": "Records, files and training",
    "STAFFING": "Staffing",
    "INFECTIOUS_DISEASE": "Infectious disease and COVID-19",
    "OTHER": "Other",
}

FINDING_RESULTS = ("deficient", "compliant", "area_of_concern", "observation", "allegation")

# Categories whose new deficiencies raise CRITICAL_CATEGORY (domain.md section 8).
CRITICAL_CATEGORIES = frozenset(
    {
        "MEDICAL_CARE",
        "MENTAL_HEALTH_SUICIDE",
        "USE_OF_FORCE",
        "SEXUAL_ABUSE_PREA",
        "SEGREGATION",
        "ENV_HEALTH_SAFETY",
    }
)

# Ordered: the first pattern that matches wins, so specific phrases precede broad ones.
_KEYWORDS: list[tuple[str, str]] = [
    ("HUNGER_STRIKE", r"hunger strike"),
    ("SEXUAL_ABUSE_PREA", r"sexual|prea\b"),
    ("MENTAL_HEALTH_SUICIDE", r"suicide|\bmental health|psychiatr"),
    ("USE_OF_FORCE", r"use of force|restraint"),
    ("SEGREGATION", r"segregation|restrictive housing|special management"),
    ("INFECTIOUS_DISEASE", r"covid|infectious|pandemic|communicable|tuberculosis"),
    ("MEDICAL_CARE", r"medical|health care|dental|medication|chronic care|sick call|clinic"),
    ("STAFFING", r"staffing|understaffed|vacanc|staff shortage"),
    ("FOOD_SERVICE", r"food|meal|kitchen|diet"),
    ("PERSONAL_HYGIENE", r"hygiene|shower|laundry|clothing|bedding"),
    ("ENV_HEALTH_SAFETY", r"environmental|sanitation|plumbing|mold|fire|life safety|toilet|sink"),
    ("LEGAL_ACCESS", r"law library|legal|attorney|rights presentation|counsel"),
    ("GRIEVANCES", r"grievance"),
    ("COMMUNICATION_ACCESS", r"visitation|telephone|correspondence|mail\b|phone"),
    (
        "STAFF_DETAINEE_COMM",
        r"staff-detainee|staff detainee|detainee communication|detainee request|language access|interpret",
    ),
    ("DISCIPLINE", r"disciplin"),
    ("TRANSPORT", r"transport"),
    ("INTAKE_CLASSIFICATION", r"admission|intake|classification|release"),
    ("RECREATION_RELIGION_WORK", r"recreation|religio|work program|voluntary work"),
    ("PROPERTY_FUNDS", r"funds|property"),
    (
        "SECURITY_CONTROL",
        r"security|post orders|searches|count|hold room|key and lock|tool control|contraband",
    ),
    ("RECORDS_ADMIN", r"records|detention files|training|staff training"),
]
_COMPILED = [(code, re.compile(pattern, re.I)) for code, pattern in _KEYWORDS]


def categorize(label: str) -> str:
    """Map a raw standard name or heading to a taxonomy code (OTHER when nothing fits)."""
    for code, pattern in _COMPILED:
        if pattern.search(label or ""):
            return code
    return "OTHER"
