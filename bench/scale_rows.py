"""Row generators of the scale dataset; each table's rows come from its own seeded RNG."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scrapers._staffing_math import percent_filled
from scrapers._taxonomy import CATEGORIES

N_FACILITIES = 1_500
N_DOCUMENTS = 20_000
N_FINDINGS = 200_000
N_RECOMMENDATIONS = 20_000
EVENTS_PER_RECOMMENDATION = 5
N_SNAPSHOTS = 100_000
N_RELEASES = 67
N_DEATHS = 300
BUSIEST_EVERY = 20  # every twentieth document concerns facility-0001

STATES = ["TX", "CA", "AZ", "NM", "LA", "GA", "FL", "NY", "NJ", "WA", "CO", "IL", "PA", "MS"]
AORS = ["HOU", "SNA", "LOS", "SND", "PHO", "ELP", "NOL", "ATL", "MIA", "NYC", "NEW", "SEA"]
TYPES = ["IGSA", "DIGSA", "CDF", "SPC", "USMS IGA", "STAGING"]
# (source key, document kind, share of documents out of 10)
SOURCES = [
    ("dhs_oig", "report", 4),
    ("ice_odo", "inspection", 2),
    ("ice_contract_inspections", "inspection", 1),
    ("ngo", "ngo", 1),
    ("ice_deaths", "death_review", 1),
    ("ice_stats", "workbook", 1),
]
WORDS = [
    "detainees",
    "staffing",
    "vacancies",
    "medical",
    "care",
    "segregation",
    "mold",
    "plumbing",
    "grievances",
    "understaffed",
    "officers",
    "sanitation",
    "showers",
    "mental",
    "health",
    "suicide",
    "watch",
    "use",
    "of",
    "force",
    "telephone",
    "access",
    "legal",
    "library",
    "food",
    "service",
    "hunger",
    "strike",
    "recreation",
    "inspection",
    "deficiency",
    "standard",
    "corrective",
    "action",
    "plan",
    "housing",
    "unit",
    "overcrowding",
]
CATEGORY_KEYS = sorted(CATEGORIES)
RESULTS = ["deficient"] * 6 + ["compliant"] * 2 + ["area_of_concern", "observation", "allegation"]
BASE_DAY = date(2012, 1, 1)
CLOCK = datetime(2026, 1, 1, tzinfo=UTC)

Rows = Iterator[dict[str, Any]]


def archived_bytes(index: int) -> bytes:
    """The stand-in archived file of document `index` (its version's sha256 is of these)."""
    return f"scale-doc-{index}".encode()


def _rng(name: str) -> random.Random:
    return random.Random(f"scale-v1:{name}")


class ScaleRows:
    """All rows of the dataset; documents' facilities and dates are fixed up front.

    `scale` shrinks every count (tests crawl a small copy); the busiest facility keeps its
    share, every twentieth document. Scale 1 gives the benchmark dataset, unchanged.
    """

    def __init__(self, scale: float = 1.0) -> None:
        if not 0 < scale <= 1:
            raise ValueError(f"scale must be in (0, 1], got {scale}")
        self.n_facilities = max(20, round(N_FACILITIES * scale))
        self.n_documents = max(BUSIEST_EVERY * 10, round(N_DOCUMENTS * scale))
        self.n_findings = round(N_FINDINGS * scale)
        self.n_recommendations = round(N_RECOMMENDATIONS * scale)
        self.n_snapshots = round(N_SNAPSHOTS * scale)
        self.n_deaths = max(30, round(N_DEATHS * scale))
        rng = _rng("documents")
        self.doc_facility = [
            1 if i % BUSIEST_EVERY == 0 else rng.randint(2, self.n_facilities)
            for i in range(self.n_documents)
        ]
        self.doc_date = [
            BASE_DAY + timedelta(days=rng.randint(0, 5_200)) for _ in range(self.n_documents)
        ]
        weights = [share for _, _, share in SOURCES]
        self.doc_source = rng.choices(range(len(SOURCES)), weights=weights, k=self.n_documents)
        self.oig_docs = [i for i in range(self.n_documents) if self.doc_source[i] == 0]
        self.inspection_docs = [
            i for i in range(self.n_documents) if SOURCES[self.doc_source[i]][1] == "inspection"
        ]
        self.inspection_of = {doc: n + 1 for n, doc in enumerate(self.inspection_docs)}

    def tables(self) -> list[tuple[str, Rows]]:
        """(table name, rows) in foreign-key order."""
        makers: list[tuple[str, Callable[[], Rows]]] = [
            ("source", self.sources), ("facility", self.facilities),
            ("facility_alias", self.aliases), ("stat_release", self.releases),
            ("facility_stat_snapshot", self.snapshots), ("document", self.documents),
            ("document_version", self.versions), ("document_page", self.pages),
            ("document_facility", self.document_facilities), ("inspection", self.inspections),
            ("finding", self.findings), ("recommendation", self.recommendations),
            ("recommendation_status_event", self.status_events),
            ("staffing_observation", self.staffing), ("death_record", self.deaths),
        ]  # fmt: skip
        return [(name, make()) for name, make in makers]

    def sources(self) -> Rows:
        for n, (key, _, _) in enumerate(SOURCES, start=1):
            silent = key == "ngo"  # one source fell silent long ago (SOURCE_SILENT)
            yield {
                "id": n, "key": key, "name": key.replace("_", " ").title(),
                "url": f"https://example.org/{key}", "schedule": "0 6 * * *",
                "expected_cadence_days": 30, "enabled": True, "consecutive_failures": 0,
                "last_run_at": CLOCK, "last_success_at": CLOCK,
                "last_new_document_at": CLOCK - timedelta(days=400 if silent else 10),
            }  # fmt: skip

    def facilities(self) -> Rows:
        rng = _rng("facilities")
        for n in range(1, self.n_facilities + 1):
            yield {
                "id": n, "slug": f"facility-{n:04d}", "name": f"Facility {n:04d} Detention Center",
                "detloc": f"SCALE{n:04d}", "address": f"{n} County Road {n % 90}",
                "city": f"Town {n % 400:03d}", "state": STATES[n % len(STATES)],
                "zip": f"{10000 + n * 7:05d}", "aor": AORS[n % len(AORS)],
                "type_detailed": TYPES[n % len(TYPES)], "capacity": rng.randint(20, 2_000),
                "created_at": CLOCK,
            }  # fmt: skip

    def aliases(self) -> Rows:
        for n in range(1, self.n_facilities + 1):
            for kind, alias, norm in (
                (
                    "name",
                    f"FACILITY {n:04d} DETENTION CENTER",
                    f"facility {n:04d} detention center",
                ),
                ("detloc", f"SCALE{n:04d}", f"SCALE{n:04d}"),
            ):
                yield {"facility_id": n, "kind": kind, "alias": alias, "normalized": norm,
                       "source": "scale", "created_at": CLOCK}  # fmt: skip

    def releases(self) -> Rows:
        for r in range(1, N_RELEASES + 1):
            label = f"FY{2015 + r // 8} scale release {r:02d}"
            yield {
                "id": r, "label": label, "release_date": date(2015, 1, 1) + timedelta(days=45 * r),
                "file_name": f"scale-{r:02d}.xlsx", "sha256": hashlib.sha256(label.encode()).hexdigest(),
                "sheet_name": "Facilities", "header_row": 7, "columns": ["Name", "City", "State"],
                "drift": None, "document_id": None, "imported_at": CLOCK,
            }  # fmt: skip

    def snapshots(self) -> Rows:
        rng = _rng("snapshots")
        count = 0
        for r in range(1, N_RELEASES + 1):
            for f in range(1, self.n_facilities + 1):
                if count == self.n_snapshots:
                    return
                count += 1
                cut = f % 50 == 1 and r > N_RELEASES // 2  # GUARANTEED_MIN_CUT candidates
                yield {
                    "facility_id": f, "release_id": r, "row_number": f + 7,
                    "raw_name": f"FACILITY {f:04d} DETENTION CENTER", "state": STATES[f % len(STATES)],
                    "aor": AORS[f % len(AORS)], "type_detailed": TYPES[f % len(TYPES)],
                    "adp_total": round(rng.uniform(1, 1_500), 2), "alos": round(rng.uniform(5, 120), 1),
                    "guaranteed_minimum": 505 if cut else 714,
                    "last_inspection_rating": rng.choice(["Pass", "Meets Standard", "Superior", "Fail"]),
                    "last_inspection_date": date(2015, 1, 1) + timedelta(days=45 * r - rng.randint(0, 300)),
                    "population": None, "extra": None,
                }  # fmt: skip

    def documents(self) -> Rows:
        for i in range(self.n_documents):
            key, kind, _ = SOURCES[self.doc_source[i]]
            when = self.doc_date[i]
            number = f"OIG-{when.year % 100:02d}-{i:05d}" if key == "dhs_oig" else None
            yield {
                "id": i + 1, "source_id": self.doc_source[i] + 1, "external_id": f"scale-{i:05d}",
                "kind": kind, "title": f"{kind.replace('_', ' ').title()} {i:05d} at Facility {self.doc_facility[i]:04d}",
                "url": f"https://example.org/{key}/{i:05d}", "publisher": key, "report_number": number,
                "report_type": "management_alert" if key == "dhs_oig" and i % 25 == 0 else None,
                "published_date": when, "fiscal_year": when.year, "summary": None, "is_public": True,
                "review_status": "accepted", "current_version_id": i + 1, "created_at": CLOCK,
            }  # fmt: skip

    def versions(self) -> Rows:
        for i in range(self.n_documents):
            sha = hashlib.sha256(archived_bytes(i)).hexdigest()
            yield {
                "id": i + 1, "document_id": i + 1, "sha256": sha, "size": 40_000 + i,
                "content_type": "application/pdf", "fetched_at": CLOCK,
                "storage_path": f"scale/{sha[:2]}/{sha}", "page_count": 1,
            }  # fmt: skip

    def pages(self) -> Rows:
        rng = _rng("pages")
        for i in range(self.n_documents):
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            body = f"Facility {self.doc_facility[i]:04d} Detention Center. {words}."
            yield {"version_id": i + 1, "page_number": 1, "text": body}

    def document_facilities(self) -> Rows:
        for i in range(self.n_documents):
            yield {"document_id": i + 1, "facility_id": self.doc_facility[i], "raw_name": None,
                   "confidence": 1.0, "role": "subject"}  # fmt: skip

    def inspections(self) -> Rows:
        rng = _rng("inspections")
        for doc in self.inspection_docs:
            reviewed = rng.randint(15, 40)
            compliant = rng.randint(reviewed // 2, reviewed)
            end = self.doc_date[doc]
            yield {
                "id": self.inspection_of[doc], "facility_id": self.doc_facility[doc], "document_id": doc + 1,
                "inspector": SOURCES[self.doc_source[doc]][0], "inspection_type": "compliance",
                "start_date": end - timedelta(days=2), "end_date": end, "date_uncertain": False,
                "standards_reviewed": reviewed, "standards_compliant": compliant,
                "standards_deficient": reviewed - compliant, "deficiency_count": rng.randint(0, 30),
                "rating": rng.choice(["Superior", "Good", "Acceptable", "Deficient", "Pass", "Fail"]),
                "review_status": "accepted",
            }  # fmt: skip

    def findings(self) -> Rows:
        rng = _rng("findings")
        for j in range(self.n_findings):
            doc = j % self.n_documents
            category = rng.choice(CATEGORY_KEYS)
            yield {
                "document_id": doc + 1, "facility_id": self.doc_facility[doc],
                "inspection_id": self.inspection_of.get(doc), "category": category,
                "result": rng.choice(RESULTS), "raw_label": f"{category.replace('_', ' ').title()} standard",
                "summary": None, "found_date": self.doc_date[doc], "is_repeat": j % 7 == 0,
                "observed_on": self.doc_date[doc], "observed_until": self.doc_date[doc],
                "observed_precision": "day",
                "no_causation": SOURCES[self.doc_source[doc]][0] == "ice_deaths",
                "page": 1, "quote": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "review_status": "accepted",
            }  # fmt: skip

    def recommendations(self) -> Rows:
        docs = self.oig_docs
        for r in range(self.n_recommendations):
            doc = docs[r % len(docs)]
            yield {
                "id": r + 1, "document_id": doc + 1, "facility_id": self.doc_facility[doc],
                "number": r // len(docs) + 1, "text": f"Recommendation {r + 1}: ensure adequate staffing and medical care.",
                "addressee_raw": "Director of U.S. Immigration and Customs Enforcement",
                "addressee_office": "ICE Director", "significant": r % 3 == 0,
                "issued_date": self.doc_date[doc], "page": 1,
            }  # fmt: skip

    def status_events(self) -> Rows:
        rng = _rng("status")
        docs = self.oig_docs
        for r in range(self.n_recommendations):
            issued = self.doc_date[docs[r % len(docs)]]
            concurrence = "non_concur" if r % 20 == 0 else "concur"
            closes = r % 5 < 3
            target = issued + timedelta(days=180)
            for step, offset in enumerate((30, 120, 300, 600, 900)):
                if r % 10 == 0:
                    target += timedelta(days=rng.randint(60, 200))  # ECD keeps slipping
                yield {
                    "recommendation_id": r + 1, "document_id": None,
                    "observed_date": issued + timedelta(days=offset), "concurrence": concurrence,
                    "resolution": "resolved" if step and concurrence == "concur" else "unresolved",
                    "implementation": "closed" if closes and step == EVENTS_PER_RECOMMENDATION - 1 else "open",
                    "target_date": target, "page": None, "quote": None, "recorded_at": CLOCK,
                }  # fmt: skip

    def staffing(self) -> Rows:
        rng = _rng("staffing")
        for doc in self.oig_docs + self.inspection_docs[:2_000]:
            required = rng.randint(50, 400)
            filled = rng.randint(required // 3, required)
            yield {
                "facility_id": self.doc_facility[doc], "document_id": doc + 1,
                "as_of_date": self.doc_date[doc], "role_group": rng.choice(["all", "security", "medical"]),
                "observed_on": self.doc_date[doc], "observed_until": self.doc_date[doc],
                "observed_precision": "day",
                "required": required, "filled": filled, "vacancies": required - filled,
                "pct_filled_reported": round(100 * filled / required),
                "pct_filled": percent_filled(filled, required),
                "arithmetic_ok": True, "page": 1, "review_status": "accepted",
            }  # fmt: skip

    def deaths(self) -> Rows:
        rng = _rng("deaths")
        for n in range(1, self.n_deaths + 1):
            died = BASE_DAY + timedelta(days=rng.randint(0, 5_000))
            reported = died + timedelta(days=90) if n % 4 else None  # some reports late
            yield {
                "facility_id": 1 if n % 30 == 0 else rng.randint(2, self.n_facilities),
                "person_name": f"Person {n:04d}", "date_of_death": died,
                "press_release_date": died + timedelta(days=2), "death_report_date": reported,
            }  # fmt: skip
