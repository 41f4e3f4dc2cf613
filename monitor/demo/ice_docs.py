"""Demo documents for the ICE inspection, death and NGO sources, written by the project.

Each is a short summary in the project's own words of a public record, shaped like the real
document so the real parsers read it, and each cites the public address it summarises. Only
facts stated in domain.md section 9 (and the corpus index) are used; where the public record
gives no exact date the document gives none either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ODO_LIST = "https://www.ice.gov/foia-category/office-detention-oversight-detention-facility-compliance-inspections"
ODO_2022 = "https://www.ice.gov/doclib/foia/odo-compliance-inspections/2022-TorranceCounty-EstanciaNM-October.pdf"
CONTRACT_REPO = "https://github.com/n8craig/inspections"
VIAL_PAGE = "https://www.ice.gov/node/62047"
VIAL_PDF = "https://www.ice.gov/doclib/foia/reports/ddrKesleyVial_opr.pdf"
ACLU_NM = "https://www.aclu-nm.org/en/press-releases/aclu-nm-urgently-demands-termination-torrance-county-detention-facilitys-ice-contract"
DWN = "https://www.detentionwatchnetwork.org/pressroom/releases/2022/new-damning-dhs-oig-report-ice-detention-adds-overwhelming-bank-evidence"
ILL = "https://innovationlawlab.org/torrance-county-detention-facility-timeline/"
NOTE = "Demo summary written by the Detention Conditions Monitor project."


@dataclass
class DemoDoc:
    """One demo document: which source parses it, its bytes' text, and where it points."""

    source: str
    external_id: str
    url: str
    title: str
    kind: str  # "pdf" | "html"
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def odo_report(facility: str, place: str, dates: str, body: str) -> str:
    """Text shaped like an ODO compliance inspection report cover and summary."""
    return (
        f"{NOTE}\nOffice of Detention Oversight\nCompliance Inspection\n"
        f"Enforcement and Removal Operations\n{facility}\n{place}\n{dates}\n\f"
        f"COMPLIANCE INSPECTION SUMMARY\n{body}\n"
    )


def foia_page(title: str, category: str, slug: str, pdf: str, published: str) -> str:
    """HTML shaped like an ice.gov FOIA-library node page."""
    return (
        f'<html><head><meta property="article:published_time" content="{published}"></head>'
        f'<body><main><h1><span>{title}</span></h1><article><div class="field '
        f'field--name-field-foia-category"><div class="title">Category</div><div '
        f'class="field__item"><a href="/foia-category/{slug}">{category}</a></div></div>'
        f'<div class="field field--name-field-foia-link"><div class="title">FOIA Link</div>'
        f'<div class="field__item"><a href="{pdf}">{title}</a></div></div></article>'
        f"<p>{NOTE}</p></main></body></html>"
    )


def article(title: str, published: str, paragraphs: list[str]) -> str:
    """HTML shaped like an NGO press release page."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><article><h1>{title}</h1>{body}<p>{NOTE}</p></article></body></html>"
    )
