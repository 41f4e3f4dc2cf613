"""The list of ICE and NGO demo documents (texts in the project's own words)."""

from __future__ import annotations

from monitor.demo.ice_docs import (
    ACLU_NM,
    CONTRACT_REPO,
    DWN,
    ILL,
    NOTE,
    ODO_2022,
    ODO_LIST,
    VIAL_PAGE,
    VIAL_PDF,
    DemoDoc,
    article,
    foia_page,
    odo_report,
)

TCDF = "Torrance County Detention Facility"
ESTANCIA = "Estancia, New Mexico"
ODO_CATEGORY = "office-detention-oversight-detention-facility-compliance-inspections"


def _odo(ext: str, dates: str, body: str, url: str = ODO_LIST) -> DemoDoc:
    """A Torrance ODO report summary."""
    return DemoDoc("ice_odo", f"demo:odo:{ext}", url, f"ODO compliance inspection, {TCDF}, {dates}",
                   "pdf", odo_report(TCDF, ESTANCIA, dates, body))  # fmt: skip


ODO_DOCS = [
    _odo("torrance-2020-07", "July 27-30, 2020",
         "ODO found 6 deficiencies at the facility under PBNDS 2011. ODO requested a Uniform "
         "Corrective Action Plan (UCAP) from ERO El Paso."),
    _odo("torrance-2021-11", "November 16-18, 2021",
         "ODO reviewed the facility's compliance with 26 standards under PBNDS 2011 (Revised 2016). "
         "The facility complied with 18 of the 26 standards reviewed. ODO found 21 deficiencies in "
         "the remaining 8 standards. Final rating: Superior. ODO requested a Uniform Corrective "
         "Action Plan (UCAP)."),
    _odo("torrance-2022-10", "October 25-27, 2022",
         "ODO inspected the facility under PBNDS 2011 (Revised 2016). ICE's FY2023 detention "
         "statistics list this inspection with the final rating: Superior.", ODO_2022),
    _odo("torrance-2024-02", "February 29, 2024",
         "Inspection ending on the date above, under PBNDS 2011 (Revised 2016). ICE's detention "
         "statistics list the final rating: Pass."),
    _odo("torrance-2024-10", "October 24, 2024",
         "Inspection ending on the date above, under PBNDS 2011 (Revised 2016). ICE's detention "
         "statistics list the final rating: Pass."),
]  # fmt: skip

ODO_PAGES = [
    DemoDoc("ice_odo", "https://www.ice.gov/node/62227", "https://www.ice.gov/node/62227",
            "2022 Otero County Processing Center, Chaparral, NM - Nov. 1-3, 2022", "html",
            foia_page("2022 Otero County Processing Center, Chaparral, NM - Nov. 1-3, 2022",
                      "Office of Detention Oversight - Detention Facility Compliance Inspections",
                      ODO_CATEGORY, "https://www.ice.gov/doclib/foia/odo-compliance-inspections/"
                      "oteroCoProcCntrChaparralNM_Nov1-3_2022.pdf", "2022-12-14")),
    DemoDoc("ice_odo", "https://www.ice.gov/node/62204", "https://www.ice.gov/node/62204",
            "2022 Eloy Federal Contract Facility, Eloy, AZ - Nov. 1-3, 2022", "html",
            foia_page("2022 Eloy Federal Contract Facility, Eloy, AZ - Nov. 1-3, 2022",
                      "Office of Detention Oversight - Detention Facility Compliance Inspections",
                      ODO_CATEGORY, "https://www.ice.gov/doclib/foia/odo-compliance-inspections/"
                      "2022-EloyFCF-EloyAZ-November.pdf", "2022-12-14")),
]  # fmt: skip


def _letter(ext: str, facility: str, place: str, period: str, body: str) -> DemoDoc:
    """A contract-inspection cover letter summary."""
    text = (f"{NOTE}\nTO: Assistant Director for Detention Management\nFROM: Lead Compliance "
            f"Inspector\nThe Nakamoto Group, Inc.\nSUBJECT: Annual Inspection of the {facility}\n"
            f"The Nakamoto Group, Inc. performed an annual inspection of the {facility} in {place} "
            f"during the period of {period}. {body}")  # fmt: skip
    return DemoDoc("ice_contract_inspections", f"demo:contract:{ext}", CONTRACT_REPO,
                   f"Contract inspection cover letter, {facility}, {period}", "pdf", text)  # fmt: skip


CONTRACT_DOCS = [
    _letter("torrance-2020", TCDF, ESTANCIA, "September 29, 2020, to October 1, 2020",
            "The inspection checked compliance with PBNDS 2011. This is an IGSA facility. The "
            "inspection was conducted remotely. The facility received a rating of Meets Standards "
            "during the November 2019 annual inspection.\nRecommended Rating and Justification\n"
            "The Lead Compliance Inspector recommends that the facility receive a rating of Meets "
            "Standards."),
    DemoDoc("ice_contract_inspections", "demo:contract:torrance-2020-form", CONTRACT_REPO,
            "Form G-324A summary, Torrance County Detention Facility, 10/1/2020", "pdf",
            f"{NOTE}\nForm G-324A SIS\nFacility Significant Incident Summary (SIS)\nFacility Name: "
            f"{TCDF}\nFacility Operator: CoreCivic of Tennessee\nCurrent Inspection Dates*: From: "
            "9/29/2020 To: 10/1/2020\nRecommended Rating: Meets Standards\nPrevious Inspection "
            "Completion Date*: 11/21/2019\nPrevious Rating: Meets Standards\nSIS Comments: demo."),
    _letter("torrance-2021", TCDF, ESTANCIA, "July 2021",
            "The inspection checked compliance with PBNDS 2011. This is an IGSA facility. The "
            "facility was staffed at fifty percent of the authorized correctional/security "
            "positions.\nRecommended Rating and Justification\nThe Lead Compliance Inspector "
            "recommends that the facility receive a rating of Does Not Meet Standards."),
    _letter("otero-2021", "Otero County Processing Center", "Chaparral, New Mexico",
            "January 27-29, 2021",
            "The inspection checked compliance with PBNDS 2011 with 2016 revisions. This is a DIGSA "
            "facility. This inspection was conducted remotely due to the COVID-19 virus.\n"
            "Recommended Rating and Justification\nThe Lead Compliance Inspector recommends that "
            "the facility receive a rating of Meets Standards."),
]  # fmt: skip

DEATH_DOCS = [
    DemoDoc("ice_deaths", VIAL_PAGE, VIAL_PAGE,
            "Detainee Death Review Report (OPR) - Kesley Vial (Dec. 8, 2022)", "html",
            foia_page("Detainee Death Review Report (OPR) - Kesley Vial (Dec. 8, 2022)", "Reports",
                      "reports", VIAL_PDF, "2022-12-14")),
    DemoDoc("ice_deaths", "demo:death:vial-opr-summary", VIAL_PDF,
            "OPR detainee death review, Kesley Vial (summary)", "pdf",
            f"{NOTE}\nDetainee Death Review - Kesley Vial\nOffice of Professional Responsibility\n"
            "December 8, 2022\nThis summary notes that Kesley Vial, detained at the Torrance County "
            "Detention Facility in Estancia, New Mexico, was pronounced dead at a hospital on "
            "August 15, 2022. The review was "
            "published on the date above; see the cited PDF for its findings."),
]  # fmt: skip

NGO_DOCS = [
    DemoDoc("ngo", ACLU_NM, ACLU_NM, "ACLU of New Mexico calls for ending the Torrance contract",
            "html", article("ACLU of New Mexico calls for ending the Torrance contract",
            "2022-09-30", ["Reacting to the OIG-22-75 report, the ACLU of New Mexico asked ICE to "
            "end its contract for the Torrance County Detention Facility.",
            "It cited a 54% staff vacancy rate at the Torrance County Detention Facility in "
            "January. It also cited 59 positions vacant for an average of 149 days as of July 1, 2022."]),
            {"organization": "aclu_nm"}),
    DemoDoc("ngo", DWN, DWN, "Detention Watch Network on the OIG Torrance management alert",
            "html", article("Detention Watch Network on the OIG Torrance management alert",
            "2022-03-18", ["Detention Watch Network said the Inspector General's alert on the "
            "Torrance County Detention Facility adds to earlier warnings, including a failed "
            "contract inspection and ICE contract discrepancy reports on staffing."]),
            {"organization": "detention_watch_network"}),
    DemoDoc("ngo", ILL, ILL, "Innovation Law Lab: Torrance County Detention Facility timeline",
            "html", article("Innovation Law Lab: Torrance County Detention Facility timeline",
            "2022-10-01", ["A dated timeline of the Torrance County Detention Facility: the IGSA "
            "of May 2019, CoreCivic's management agreement, a hunger strike in May 2020, the ODO "
            "inspection of July 2020 with 6 deficiencies, and the contract inspection of "
            "September 29 to October 1, 2020 rated Meets Standards."]),
            {"organization": "innovation_law_lab"}),
]  # fmt: skip

ALL_DOCS = [*ODO_DOCS, *ODO_PAGES, *CONTRACT_DOCS, *DEATH_DOCS, *NGO_DOCS]
