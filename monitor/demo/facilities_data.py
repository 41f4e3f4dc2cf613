"""Demo facts about facilities, as ICE's public detention-statistics releases state them.

Plain data in the project's own words. Every snapshot cites the release it comes from;
every release cites the ice.gov address of its workbook. Slugs are stable: other demo
parts (OIG reports, inspections, deaths, NGO items) attach to facilities by slug.
"""

from __future__ import annotations

from datetime import date
from typing import Any

DOCLIB = "https://www.ice.gov/doclib/detention/"
STATS_PAGE = "https://www.ice.gov/detain/detention-management"

# label -> (release date, public URL). Labels follow `scrapers.ice_stats.release_label`.
# Where the exact workbook address is not certain, the page listing the releases is cited.
RELEASES: dict[str, tuple[date, str]] = {
    "FY2019 as of 2019-10-07": (date(2019, 10, 7), STATS_PAGE),
    "FY2020 as of 2020-09-30": (date(2020, 9, 30), STATS_PAGE),
    "FY2021 as of 2021-04-05": (date(2021, 4, 5), STATS_PAGE),
    "FY2022 as of 2022-09-19": (date(2022, 9, 19), DOCLIB + "FY22-detentionStats.xlsx"),
    "FY2023": (date(2023, 9, 30), STATS_PAGE),
    "FY2024 as of 2024-10-07": (date(2024, 10, 7), DOCLIB + "FY24_detentionStats.xlsx"),
    "FY2025": (date(2025, 9, 30), STATS_PAGE),
    "FY2026 as of 2026-04-02": (date(2026, 4, 2), DOCLIB + "FY26_detentionStats_04092026.xlsx"),
}

TORRANCE_SLUG = "torrance-county-detention-facility"

FacilityFacts = dict[str, Any]


def _snap(gm: int | None, kind: str | None, when: str | None, rating: str | None,
          standard: str | None = "PBNDS 2011", adp: float | None = None,
          **listed: str) -> dict[str, Any]:  # fmt: skip
    """One facility row of one release, reduced to the fields the demo shows.

    `listed` holds the name or address the release printed when it differs from today's.
    """
    return {
        "guaranteed_minimum": gm,
        "last_inspection_type": kind,
        "last_inspection_date": date.fromisoformat(when) if when else None,
        "last_inspection_rating": rating,
        "last_inspection_standard": standard,
        "adp_total": adp,
        **listed,
    }


# The Torrance story of domain.md section 9: 714 guaranteed beds until ICE cut the minimum
# to 505 in March 2022 over low staffing; ratings from the last inspection each release names.
TORRANCE: FacilityFacts = {
    "name": "Torrance County Detention Facility",
    "address": "209 County Road 49",
    "city": "Estancia",
    "state": "NM",
    "zip": "87016",
    "aor": "ELP",
    "type_detailed": "IGSA",
    "detloc": "TOORANM",
    "aliases": [
        ("TORRANCE COUNTY DETENTION FACILITY", "name"),
        ("TORRANCE/ESTANCIA, NM", "name"),
        ("Torrance County Detention Center", "name"),
        ("TCDF", "abbreviation"),
    ],
    "operator": ("CoreCivic", date(2019, 10, 1)),
    "snapshots": {
        "FY2019 as of 2019-10-07": _snap(714, "Regular", "2019-11-21", "Meets Standard", adp=29.9),
        "FY2020 as of 2020-09-30": _snap(714, "Regular", "2020-10-01", "Meets Standard", adp=207.0),
        "FY2021 as of 2021-04-05": _snap(714, "Regular", "2020-10-01", "Meets Standard", adp=24.4),
        "FY2022 as of 2022-09-19": _snap(505, "Regular", "2022-07-14", "Pending",
                                         "PBNDS 2011 - 2016 Revisions", adp=158.7),
        "FY2023": _snap(505, "ODO", "2022-10-27", "Superior", "PBNDS 2011 - 2016 Revisions"),
        "FY2024 as of 2024-10-07": _snap(505, "ODO", "2024-02-29", "Pass",
                                         "PBNDS 2011 - 2016 Revised", adp=305.9,
                                         raw_name="TORRANCE/ESTANCIA, NM"),
        "FY2025": _snap(505, "ODO", "2024-10-24", "Pass", "PBNDS 2011 - 2016 Revisions"),
        "FY2026 as of 2026-04-02": _snap(505, "ODO", "2024-10-24", "Pass",
                                         "PBNDS 2011 - 2016 Revisions", adp=351.9),
    },
}  # fmt: skip

_R19, _R24, _R26 = "FY2019 as of 2019-10-07", "FY2024 as of 2024-10-07", "FY2026 as of 2026-04-02"
_P16 = "PBNDS 2011 - 2016 Revisions"


def _facility(name: str, address: str, city: str, state: str, zip_code: str, aor: str,
              kind: str, aliases: list[str], snapshots: dict[str, dict[str, Any]]) -> FacilityFacts:  # fmt: skip
    return {
        "name": name, "address": address, "city": city, "state": state, "zip": zip_code,
        "aor": aor, "type_detailed": kind, "detloc": None,
        "aliases": [(a, "name") for a in aliases], "operator": None, "snapshots": snapshots,
    }  # fmt: skip


# Facilities OIG has inspected or reported on; facts from the statistics releases cited.
OTHERS: list[FacilityFacts] = [
    _facility("Otero County Processing Center", "26 McGregor Range Road", "Chaparral", "NM",
              "88081", "ELP", "DIGSA", ["OTERO COUNTY PROCESSING CENTER"],
              {_R19: _snap(None, "Regular", "2020-01-30", "Meets Standard", adp=957.9),
               _R24: _snap(500, "ODO", "2024-05-23", "Pass", _P16, adp=850.2)}),
    _facility("Cibola County Correctional Center", "2000 Cibola Loop", "Milan", "NM", "87021",
              "ELP", "IGSA", ["CIBOLA COUNTY CORRECTIONAL CENTER"],
              {_R19: _snap(150, "Regular", "2019-05-09", "Meets Standard", adp=373.5),
               _R26: _snap(None, "ODO", "2025-02-27", "Pass", _P16, adp=235.4)}),
    _facility("Folkston ICE Processing Center", "3026 Highway 252 East", "Folkston", "GA",
              "31537", "ATL", "DIGSA", ["FOLKSTON MAIN IPC", "MAIN - FOLKSTON IPC (D RAY JAMES)"],
              {_R24: _snap(544, "ODO", "2024-07-11", "Pass", _P16, adp=629.9)}),
    _facility("Northwest ICE Processing Center", "1623 E. J Street", "Tacoma", "WA", "98421",
              "SEA", "CDF", ["TACOMA ICE PROCESSING CENTER (NORTHWEST DET CTR)",
                             "NORTHWEST ICE PROCSESING CENTER", "NORTHWEST ICE PROCESSSING CENTER",
                             "Northwest Detention Center"],
              {_R19: _snap(1181, "Regular", "2019-05-16", "Meets Standard", adp=1341.7,
                           raw_name="TACOMA ICE PROCESSING CENTER (NORTHWEST DET CTR)"),
               _R26: _snap(1181, "ODO", "2025-01-30", "Pass", _P16, adp=1289.4)}),
    _facility("Denver Contract Detention Facility", "3130 Oakland St", "Aurora", "CO", "80010",
              "DEN", "CDF", ["Aurora ICE Processing Center", "DENVER CONTRACT DETENTION FACILITY"],
              {_R19: _snap(525, "Regular", "2019-11-27", "Meets Standard", adp=888.4),
               _R26: _snap(600, "ODO", "2025-02-13", "Pass", _P16, adp=1260.0)}),
    _facility("South Texas Family Residential Center", "300 El Rancho Way", "Dilley", "TX",
              "78017", "SNA", "FAMILY", ["SOUTH TEXAS FAMILY RESIDENTIAL CENTER", "South Texas Family Residential Center (Dilley)"],
              {_R19: _snap(2400, "Regular", "2020-01-09", "Pending", "JFRMU Family", adp=1075.4,
                           address="1925 West Highway 85")}),
    _facility("La Palma Correctional Center", "5501 North La Palma Road", "Eloy", "AZ", "85131",
              "PHO", "IGSA", ["LA PALMA CORRECTIONAL CENTER"],
              {_R19: _snap(650, "Regular", "2019-06-27", "Meets Standard", adp=1221.6)}),
    _facility("Krome North Service Processing Center", "18201 SW 12th St", "Miami", "FL",
              "33194", "MIA", "SPC", ["Krome Service Processing Center", "Krome"],
              {_R19: _snap(450, "Regular", "2020-02-13", "Pending", adp=728.3),
               _R26: _snap(450, "ODO", "2025-05-01", "Pass", _P16, adp=860.1)}),
    _facility("Golden State Annex", "611 Frontage Rd", "McFarland", "CA", "93250", "SFR", "CDF",
              ["GOLDEN STATE ANNEX"],
              {_R24: _snap(560, "ODO", "2024-08-01", "Pass", _P16, adp=346.5)}),
    _facility("Mesa Verde ICE Processing Center", "425 Golden State Ave", "Bakersfield", "CA",
              "93301", "SFR", "CDF", ["MESA VERDE ICE PROCESSING CENTER"],
              {_R19: _snap(320, "Regular", "2019-06-27", "Meets Standard", adp=377.0),
               _R26: _snap(320, "ODO", "2025-04-17", "Pass", _P16, adp=360.9)}),
    _facility("Pulaski County Jail", "1026 Shawnee College Road", "Ullin", "IL", "62992", "CHI",
              "IGSA", ["PULASKI COUNTY JAIL"],
              {_R19: _snap(None, "Regular", "2019-03-14", "Meets Standard", adp=178.8)}),
    _facility("Theo Lacy Facility", "501 The City Drive South", "Orange", "CA", "92868", "LOS",
              "IGSA", ["THEO LACY FACILITY"],
              {_R19: _snap(None, "Regular", "2018-11-08", "Meets Standard", "PBNDS 2008",
                           adp=326.0)}),
    _facility("Adelanto ICE Processing Center", "10250 Rancho Road", "Adelanto", "CA", "92301",
              "LOS", "CDF", ["ADELANTO ICE PROCESSING CENTER"],
              {_R19: _snap(1455, "Regular", "2019-11-21", "Meets Standard", adp=1710.9),
               _R26: _snap(640, "ODO", "2025-09-18", "Pass", _P16, adp=1733.2)}),
    _facility("Eloy Federal Contract Facility", "1705 East Hanna Rd.", "Eloy", "AZ", "85131",
              "PHO", "DIGSA", ["ELOY FEDERAL CONTRACT FACILITY", "Eloy Detention Center"],
              {_R19: _snap(None, "Regular", "2020-02-06", "Meets Standard", adp=1451.4),
               _R26: _snap(900, "ODO", "2024-10-31", "Pass", _P16, adp=1329.8)}),
]  # fmt: skip

ALL_FACILITIES: list[FacilityFacts] = [TORRANCE, *OTHERS]
