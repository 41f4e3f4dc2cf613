"""Bates numbers: stamped on every exhibit page, consecutive, and as the table of exhibits says."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter

from monitor.packets.stamp import stamp_pdf

from .conftest import make_pdf


def _outline_starts(path) -> list[tuple[str, int]]:
    reader = PdfReader(path)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def test_every_exhibit_page_is_stamped_in_sequence(make_packet, unpack) -> None:
    result = make_packet()
    packet = unpack(result.path)
    stamps = [s for s in packet.stamps() if s]
    assert stamps == [f"TCDF-{n:06d}" for n in range(1, 7)]
    assert result.first_bates == "TCDF-000001" and result.last_bates == "TCDF-000006"


def test_exhibit_pages_follow_their_separator_and_match_the_table(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    lines = packet.page_lines()
    stamps = packet.stamps()
    starts = _outline_starts(packet.data("packet.pdf"))
    assert [t.split(":")[0] for t, _ in starts] == ["Exhibit 1", "Exhibit 2", "Exhibit 3"]
    toc = next(page for page in lines if "Table of exhibits" in page)
    toc_text = " ".join(toc)
    expected = {
        1: ("TCDF-000001", "TCDF-000002"),
        2: ("TCDF-000003",),
        3: ("TCDF-000004", "TCDF-000006"),
    }
    for (_, start), numbers in zip(starts, expected.values(), strict=True):
        separator = " ".join(lines[start])
        assert stamps[start] is None and "EXHIBIT" in separator
        for number in numbers:
            assert number in toc_text and number in separator
        pages = range(start + 1, start + 1 + int(numbers[-1][-6:]) - int(numbers[0][-6:]) + 1)
        assert [stamps[i] for i in pages] == [
            f"TCDF-{n:06d}" for n in range(int(numbers[0][-6:]), int(numbers[-1][-6:]) + 1)
        ]
    assert all(s is None for s in stamps[: starts[0][1]])  # front matter is not Bates-numbered


def test_stamped_exhibit_files_are_named_by_first_bates_and_fully_stamped(
    make_packet, unpack
) -> None:
    packet = unpack(make_packet().path)
    assert packet.stamps("exhibits/TCDF-000004.pdf") == [
        "TCDF-000004",
        "TCDF-000005",
        "TCDF-000006",
    ]
    assert packet.stamps("exhibits/TCDF-000003.pdf") == ["TCDF-000003"]  # the rendered HTML page
    assert "Torrance County Detention Facility, Estancia" in " ".join(
        packet.page_lines("exhibits/TCDF-000003.pdf")[0]
    )


def test_fact_citations_point_at_the_stamped_page_of_the_quote(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    facts = json.loads(packet.data("facts.json").read_text())["facts"]
    staffing = next(f for f in facts if f["item"].startswith("staffing") and f["exhibit"] == 3)
    assert staffing["page"] == 2 and staffing["bates"] == "TCDF-000005"
    stamped_page = packet.page_lines("exhibits/TCDF-000004.pdf")[1]
    assert stamped_page[-1] == "TCDF-000005"
    assert "133 of 245 positions filled" in " ".join(stamped_page)


def test_custom_prefix_is_used_everywhere(make_packet, unpack) -> None:
    packet = unpack(make_packet(bates_prefix="ACLU-NM").path)
    assert packet.root.name.startswith("ACLU-NM-torrance-county-")
    text = " ".join(" ".join(p) for p in packet.page_lines())
    assert "ACLU-NM-000006" in text and "TCDF-" not in text


def test_rotated_pages_get_the_stamp_on_their_visible_bottom_right() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(["", "", "", ""])))
    for page, angle in zip(writer.pages, (0, 90, 180, 270), strict=True):
        page.rotate(angle)
    source = io.BytesIO()
    writer.write(source)
    source.seek(0)
    out = io.BytesIO()
    count = stamp_pdf(
        source, out, prefix="X", first=7, title="t", created=datetime(2026, 1, 1), seed="s"
    )
    assert count == 4
    document = pdfium.PdfDocument(out.getvalue())
    for offset in range(len(document)):
        page = document[offset]  # blank pages: any ink is the stamp
        text = page.get_textpage().get_text_range()
        assert f"X-{7 + offset:06d}" in text
        image = page.render(scale=1).to_pil().convert("L")
        width, height = image.size
        corner = image.crop((int(width * 0.6), int(height * 0.93), width, height))
        opposite = image.crop((0, int(height * 0.93), int(width * 0.4), height))
        assert corner.getextrema()[0] < 100, f"no stamp bottom-right at rotation {offset * 90}"
        assert opposite.getextrema()[0] > 200
        page.close()
    document.close()
    del page, document


def test_pages_without_resources_or_content_are_stamped() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=300, height=400)
    source = io.BytesIO()
    writer.write(source)
    source.seek(0)
    out = io.BytesIO()
    assert (
        stamp_pdf(
            source, out, prefix="B", first=1, title="t", created=datetime(2026, 1, 1), seed="s"
        )
        == 1
    )
    assert (PdfReader(out).pages[0].extract_text() or "").strip() == "B-000001"
