"""Load files a review platform ingests: Concordance DAT and Opticon OPT, plus facts CSV/JSON."""

from __future__ import annotations

import csv
import json

THORN, DC4 = "\u00fe", "\x14"


def _dat(packet) -> list[list[str]]:
    raw = packet.data("packet.dat").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    rows = []
    for line in raw.decode("utf-8-sig").split("\r\n")[:-1]:
        fields = line.split(DC4)
        assert all(f.startswith(THORN) and f.endswith(THORN) for f in fields)
        rows.append([f[1:-1] for f in fields])
    return rows


def test_concordance_dat_has_the_standard_fields_per_document(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    header, *rows = _dat(packet)
    assert header == [
        "BEGBATES",
        "ENDBATES",
        "FILENAME",
        "SHA256",
        "PAGECOUNT",
        "SOURCEURL",
        "CUSTODIAN",
    ]
    assert rows[2] == [
        "TCDF-000004",
        "TCDF-000006",
        "originals/003-oig-22-31.pdf",
        rows[2][3],
        "3",
        "https://www.oig.dhs.gov/reports/oig-22-31.pdf",
        "DHS Office of Inspector General",
    ]
    manifest = (packet.root / "manifest-sha256.txt").read_text()
    for row in rows:
        assert f"{row[3]}  data/{row[2]}" in manifest
    assert rows[0][6] == "The Nakamoto Group, Inc."


def test_opticon_opt_has_one_line_per_stamped_page(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    lines = packet.data("packet.opt").read_text().splitlines()
    assert len(lines) == 6
    assert lines[0] == "TCDF-000001,VOL001,exhibits\\TCDF-000001.pdf,Y,,,2"
    assert lines[1] == "TCDF-000002,VOL001,exhibits\\TCDF-000001.pdf,,,,"
    assert lines[3] == "TCDF-000004,VOL001,exhibits\\TCDF-000004.pdf,Y,,,3"
    for line in lines:
        image = line.split(",")[2].replace("\\", "/")
        assert packet.data(image).is_file()


def test_facts_csv_and_json_agree_and_carry_citations(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    rows = list(csv.DictReader(packet.data("facts.csv").read_text().splitlines()))
    data = json.loads(packet.data("facts.json").read_text())
    assert data["selection"]["facility"] == "torrance-county"
    assert [r["item"] for r in rows] == [f["item"] for f in data["facts"]]
    plumbing = next(r for r in rows if r["kind"] == "finding")
    assert plumbing["quote"] == "plumbing failures in 83 of 157 cells"
    assert plumbing["page"] == "2" and plumbing["bates"] == "TCDF-000005"
    assert plumbing["report_number"] == "OIG-22-31"
