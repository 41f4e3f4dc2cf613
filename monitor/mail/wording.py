"""What each alert rule means, in words a subscriber reads (subject line and first summary line).

Strings are marked with N_() and translated into the reader's language when a mail is built.
Codes stay in the data; people never see them in a subject line.
"""

from __future__ import annotations

from monitor.i18n import N_

# Subject lines about one OIG recommendation: %(place)s, %(number)s, %(report)s, %(days)s.
RECOMMENDATION_HEADLINES = {
    "OPEN_AGE": N_(
        "%(place)s: ICE has not acted on OIG recommendation %(number)s for %(days)s days"
    ),
    "NON_CONCUR_OPEN": N_(
        "%(place)s: ICE rejected OIG recommendation %(number)s; still open after %(days)s days"
    ),
    "OPEN_PAST_ECD": N_(
        "%(place)s: ICE is past its own deadline on OIG recommendation %(number)s (%(days)s days open)"
    ),
    "NO_RESPONSE_90D": N_(
        "%(place)s: no ICE response to OIG recommendation %(number)s after %(days)s days"
    ),
    "UNRESOLVED_6MO": N_(
        "%(place)s: OIG recommendation %(number)s still unresolved after %(days)s days"
    ),
    "ECD_SLIPPED": N_(
        "%(place)s: ICE pushed back its deadline on OIG recommendation %(number)s again"
    ),
    "STATUS_REGRESSION": N_(
        "%(place)s: the status of OIG recommendation %(number)s went backwards"
    ),
}

# Subject lines for alerts about a facility: %(place)s, %(report)s.
FACILITY_HEADLINES = {
    "MANAGEMENT_ALERT": N_("%(place)s: OIG management alert %(report)s"),
    "CRITICAL_CATEGORY": N_("%(place)s: a new deficiency that puts health or safety at risk"),
    "REPEAT_CATEGORY": N_("%(place)s: the same problem found again in a later inspection"),
    "RATING_CONTRADICTION": N_("%(place)s: a passing rating despite serious findings"),
    "INSPECTION_GAP": N_("%(place)s: no inspection for more than a year"),
    "STAFFING_BELOW_THRESHOLD": N_("%(place)s: staffing far below what is required"),
    "STAFFING_PERSISTENT": N_("%(place)s: understaffing reported again and again"),
    "GUARANTEED_MIN_CUT": N_("%(place)s: ICE cut the guaranteed number of beds"),
    "DEATH_REPORT_LATE": N_("%(place)s: no public report on a death in custody after 90 days"),
}
GENERIC_HEADLINE = N_("%(place)s: %(subject)s")

# The first summary line: why this matters, in one sentence.
EXPLANATIONS = {
    "OPEN_AGE": N_(
        "OIG closes a recommendation only when ICE shows it has carried it out; "
        "this one has stayed open for more than a year."
    ),
    "NON_CONCUR_OPEN": N_(
        "ICE did not agree with this recommendation, so nothing obliges it to act on it."
    ),
    "OPEN_PAST_ECD": N_("ICE set itself a target date for this recommendation and missed it."),
    "NO_RESPONSE_90D": N_(
        "ICE owes OIG a corrective action plan within 90 days of a report (DHS Directive 077-01)."
    ),
    "UNRESOLVED_6MO": N_(
        "A recommendation must be resolved within six months of the report (OMB Circular A-50)."
    ),
    "ECD_SLIPPED": N_("ICE has moved its target date for this recommendation more than once."),
    "STATUS_REGRESSION": N_("A recommendation marked closed or resolved was reported open again."),
    "MANAGEMENT_ALERT": N_(
        "OIG issues a management alert when conditions need immediate action, "
        "before its full report."
    ),
    "CRITICAL_CATEGORY": N_(
        "Inspectors found a deficiency in medical care, mental health, use of force, "
        "sexual abuse, segregation or life safety."
    ),
    "REPEAT_CATEGORY": N_(
        "The same kind of deficiency was found in two or more inspections within two years."
    ),
    "RATING_CONTRADICTION": N_(
        "An inspection passed the facility shortly before or after serious findings there."
    ),
    "INSPECTION_GAP": N_("Facilities of this size are meant to be inspected every year."),
    "STAFFING_BELOW_THRESHOLD": N_(
        "Too few staff puts the health and safety of people held there at risk."
    ),
    "STAFFING_PERSISTENT": N_("Staffing shortfalls appear in documents months apart."),
    "GUARANTEED_MIN_CUT": N_(
        "ICE lowers the guaranteed minimum when a facility cannot safely hold more people."
    ),
    "DEATH_REPORT_LATE": N_(
        "ICE must publish a Detainee Death Report within 90 days of a death in custody."
    ),
}
GENERIC_EXPLANATION = N_("A rule of the monitor found something that needs attention.")

# Generic words in facility names, dropped for a short subject line ("Torrance County").
NAME_SUFFIXES = (
    " Contract Detention Facility",
    " Service Processing Center",
    " ICE Processing Center",
    " Processing Center",
    " Detention Facility",
    " Detention Center",
    " Correctional Facility",
    " Correctional Center",
    " Detention Complex",
)


def short_name(name: str) -> str:
    """A facility's name without the generic ending, for subject lines."""
    for suffix in NAME_SUFFIXES:
        if name.lower().endswith(suffix.lower()) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return name
