"""Demo OIG material: which reports, at which public URLs, and their HTML pages.

The report texts in monitor/data/demo/oig/*.txt are the project's own short paraphrases of
public DHS OIG reports (US government works), written for the demo; they are not the
reports' text. The listing and report pages below mimic the structure of oig.dhs.gov.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "demo" / "oig"
SITE = "https://www.oig.dhs.gov"
ASSETS = f"{SITE}/sites/default/files/assets"


@dataclass(frozen=True)
class DemoReport:
    number: str
    title: str
    issued: date
    slug: str
    pdf_url: str
    summary: str

    @property
    def detail_url(self) -> str:
        return f"{SITE}/reports/{self.issued.year}/{self.slug}"

    @property
    def fiscal_year(self) -> int:
        return self.issued.year + 1 if self.issued.month >= 10 else self.issued.year

    def text(self) -> str:
        """The project-written report text (pages separated by '=== page ===')."""
        return (DATA / f"{self.number}.txt").read_text(encoding="utf-8")


REPORTS = [
    DemoReport(
        "OIG-22-75", "Violations of Detention Standards at ICE's Torrance County Detention Facility",
        date(2022, 9, 28), "violations-detention-standards-ices-torrance-county-detention-facility",
        f"{ASSETS}/2022-09/OIG-22-75-Sep22.pdf",
        "Our unannounced inspection found Torrance critically understaffed, with unsanitary "
        "living conditions and delays in medical care."),
    DemoReport(
        "OIG-22-31",
        "Management Alert - Immediate Removal of All Detainees from the Torrance County Detention Facility",
        date(2022, 3, 16),
        "management-alert-immediate-removal-all-detainees-torrance-county-detention-facility",
        f"{ASSETS}/2022-03/OIG-22-31-Mar22.pdf",
        "Staffing shortages and unsanitary conditions at Torrance put detainees at immediate "
        "risk; we recommended relocating all detainees."),
    DemoReport(
        "OIG-21-30",
        "Violations of Detention Standards amid COVID-19 Outbreak at La Palma Correctional Center in Eloy, AZ",
        date(2021, 3, 30),
        "violations-detention-standards-amid-covid-19-outbreak-la-palma-correctional-center-eloy-az",
        f"{ASSETS}/2021-04/OIG-21-30-Mar21.pdf",
        "La Palma did not enforce COVID-19 precautions and did not meet several detention "
        "standards."),
    DemoReport(
        "OIG-17-43-MA",
        "Management Alert on Issues Requiring Immediate Action at the Theo Lacy Facility in Orange, California",
        date(2017, 3, 6),
        "management-alert-issues-requiring-immediate-action-theo-lacy-facility-orange-california",
        f"{ASSETS}/Mga/2017/OIG-mga-030617.pdf",
        "Food handling, sanitation and classification problems at Theo Lacy required "
        "immediate action."),
]  # fmt: skip


def listing_html(reports: list[DemoReport]) -> str:
    """An ICE-filtered listing page: number, (summary +) title link, mm/dd/yyyy, FY."""
    rows = "\n".join(
        f"<tr><td>{r.number}</td><td><p>{escape(r.summary)}</p>"
        f'<a href="{r.detail_url.removeprefix(SITE)}">{escape(r.title)}</a></td>'
        f"<td><time>{r.issued:%m/%d/%Y}</time></td><td>{r.fiscal_year}</td></tr>"
        for r in reports
    )
    return (
        "<!DOCTYPE html><html><head><title>Audits, Inspections, and Evaluations</title></head>"
        '<body><h1>Audits, Inspections, and Evaluations</h1><table class="views-table">'
        "<thead><tr><th>Report Number</th><th>Title</th><th>Issue Date</th>"
        f"<th>Fiscal Year</th></tr></thead><tbody>{rows}</tbody></table></body></html>"
    )


def detail_html(report: DemoReport) -> str:
    """A report page with the labelled fields oig.dhs.gov shows."""
    fields = [
        ("Executive Summary", f"<p>{escape(report.summary)}</p>"),
        ("Report Number", report.number),
        ("Issue Date", f"<time>{report.issued:%m/%d/%Y}</time>"),
        ("Document File", f'<a href="{report.pdf_url}">{report.pdf_url.rsplit("/", 1)[-1]}</a>'),
        ("DHS Agency", "ICE"),
        ("Oversight Area", "Detention"),
        ("Fiscal Year", str(report.fiscal_year)),
    ]
    body = "".join(
        f'<div class="field"><div class="field__label">{label}</div>'
        f'<div class="field__item">{value}</div></div>'
        for label, value in fields
    )
    return (
        f"<!DOCTYPE html><html><head><title>{escape(report.title)} | OIG</title></head>"
        f"<body><h1>{escape(report.title)}</h1>{body}</body></html>"
    )
