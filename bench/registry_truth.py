"""Hand-checked identity of rows in the six corpus statistics releases (FY2019-FY2026).

Each pair was checked by reading the rows (name, street, city, ZIP, type) side by side and
against the public record of renamings (domain.md section 5). Used by `bench_registry` and by
tests/registry/test_corpus_identity.py.
"""

from __future__ import annotations

from monitor.facilities.registry.accuracy import LabelledPair, RowRef


def _pair(a: tuple[str, str], b: tuple[str, str], note: str) -> LabelledPair:
    return LabelledPair(RowRef(*a), RowRef(*b), note)


# One facility across releases: a respelt city, a new name at the same street address.
SAME = [
    _pair(("FY2022", "RICHWOOD CORRECTIONAL CENTER"), ("FY2024", "RICHWOOD CORRECTIONAL CENTER"),
          "same name and street; city RICHWOOD -> MONROE"),
    _pair(("FY2022", "CHIPPEWA COUNTY SSM"), ("FY2024", "CHIPPEWA COUNTY SSM"),
          "SAULT SAINTE MARIE -> SAULT STE MARIE"),
    _pair(("FY2022", "TORRANCE COUNTY DETENTION FACILITY"), ("FY2024", "TORRANCE/ESTANCIA, NM"),
          "renamed, same street"),
    _pair(("FY2022", "CHASE COUNTY DETENTION FACILITY"), ("FY2024", "CHASE COUNTY JAIL"),
          "renamed, city cut to COTTONWOOD FALL"),
    _pair(("FY2020", "T DON HUTTO RESIDENTIAL CENTER"), ("FY2021", "T. DON HUTTO DETENTION CENTER"),
          "renamed when it changed population"),
    _pair(("FY2020", "BERKS COUNTY FAMILY SHELTER"), ("FY2022", "BERKS COUNTY RESIDENTIAL CENTER1"),
          "renamed, ROAD -> RD"),
    _pair(("FY2022", "DESERT VIEW"), ("FY2024", "DESERT VIEW ANNEX"), "renamed, same street"),
    _pair(("FY2022", "KARNES COUNTY RESIDENTIAL CENTER2"),
          ("FY2024", "KARNES COUNTY IMMIGRATION PROCESSING CENTER"), "renamed, 409 FM 1144"),
    _pair(("FY2022", "PORT ISABEL"), ("FY2024", "PORT ISABEL SPC"), "renamed, same street"),
    _pair(("FY2022", "SOUTH TEXAS FAMILY RESIDENTIAL CENTER3"),
          ("FY2026", "DILLEY IMMIGRATION PROCESSING CENTER"), "renamed, 300 EL RANCHO WAY"),
    _pair(("FY2020", "MAIN - FOLKSTON IPC (D RAY JAMES)"), ("FY2021", "FOLKSTON MAIN IPC"),
          "renamed, HIGHWAY -> HWY"),
    _pair(("FY2022", "OTAY MESA DETENTION CENTER (SAN DIEGO CDF)"),
          ("FY2024", "OTAY MESA DETENTION CENTER"), "name shortened"),
]  # fmt: skip

# Distinct facilities that share a ZIP code, a street or most of a name.
DIFFERENT = [
    _pair(("FY2024", "WEBB COUNTY DETENTION CENTER (CCA)"), ("FY2024", "LAREDO PROCESSING CENTER"),
          "same city, different sites"),
    _pair(("FY2019", "KARNES COUNTY RESIDENTIAL CENTER"),
          ("FY2019", "KARNES COUNTY CIVIL DETENTION CENTER"), "ZIP 78118, same street text"),
    _pair(("FY2022", "KARNES COUNTY RESIDENTIAL CENTER2"),
          ("FY2024", "KARNES COUNTY CORRECTIONAL CENTER"), "ZIP 78118"),
    _pair(("FY2019", "KARNES COUNTY CIVIL DETENTION CENTER"),
          ("FY2020", "KARNES COUNTY CORRECTIONAL CENTER"), "ZIP 78118"),
    _pair(("FY2024", "KARNES COUNTY CORRECTIONAL CENTER"), ("FY2022", "TRUSTED ADULT KARNES FSC"),
          "family staging centre at the same street"),
    _pair(("FY2021", "LA PALMA CORRECTIONAL CENTER"), ("FY2021", "LA PALMA CORRECTION CENTER - APSO"),
          "two units at one address"),
    _pair(("FY2019", "MONTGOMERY ICE PROCESSING CENTER"),
          ("FY2019", "JOE CORLEY ICE PROCESSING CENTER"), "Conroe, same ZIP"),
    _pair(("FY2021", "ESSEX COUNTY CORRECTIONAL FACILITY"),
          ("FY2026", "DELANEY HALL DETENTION FACILITY"), "Doremus Avenue, Newark"),
    _pair(("FY2019", "NORTHERN OREGON CORRECTIONAL FACILITY"),
          ("FY2019", "NORTHERN OREGON JUVENILE DETENTION"), "211 Webber, The Dalles"),
    _pair(("FY2022", "PORT ISABEL"), ("FY2020", "RIO GRANDE VALLEY STAGING"), "same street"),
    _pair(("FY2022", "SOUTH TEXAS FAMILY RESIDENTIAL CENTER3"),
          ("FY2022", "TRUSTED ADULT SOUTH TEX DILLEY FSC"), "same street"),
    _pair(("FY2024", "FOLKSTON MAIN IPC"), ("FY2024", "FOLKSTON ANNEX IPC"), "main and annex"),
    _pair(("FY2026", "FOLKSTON MAIN IPC"), ("FY2026", "FOLKSTON D RAY ICE PROCESSING CTR"),
          "D Ray is its own unit in FY2026"),
    _pair(("FY2026", "FLORENCE SERVICE PROCESSING CENTER"), ("FY2026", "FLORENCE STAGING FACILITY"),
          "same street"),
    _pair(("FY2019", "NEVADA SOUTHERN DETENTION CENTER"),
          ("FY2019", "NYE COUNTY DETENTION CENTER, SOUTHERN (PAHRUMP)"), "Pahrump"),
]  # fmt: skip
