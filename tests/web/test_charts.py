"""The SVG charts are accessible, escaped and pure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from monitor.charts import (
    PopulationPoint,
    StaffingPoint,
    population_chart_svg,
    population_table_html,
    staffing_chart_svg,
    staffing_table_html,
)

SVG = "{http://www.w3.org/2000/svg}"
STAFFING = [
    StaffingPoint(date(2021, 7, 1), "security", 50.0),
    StaffingPoint(date(2022, 2, 1), "all", 54.3),
    StaffingPoint(date(2022, 2, 1), "security", 44.7),
]


def test_staffing_chart_has_title_desc_axes_and_one_line_per_group() -> None:
    svg = ET.fromstring(staffing_chart_svg(STAFFING))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and "percent of required positions filled" in (title.text or "")
    assert desc is not None and "lowest 44.7% filled (Security) on 2022-02-01" in (desc.text or "")
    assert svg.get("aria-labelledby") == "staffing-t staffing-d"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Percent filled" in texts and "100%" in texts and "2021-07-01" in texts
    assert "All staff" in texts and "Security" in texts
    assert len(svg.findall(f"{SVG}polyline")) == 1  # "all" has one point: a dot, no line
    assert len(svg.findall(f"{SVG}circle")) == 3


def test_population_chart_and_tables() -> None:
    series = [
        PopulationPoint("FY21", date(2021, 10, 1), 402.0, 714),
        PopulationPoint("FY22 <b>", None, None, 505),
    ]
    markup = population_chart_svg(series, chart_id="pop")
    svg = ET.fromstring(markup)
    assert "guaranteed minimum 505" in (svg.findtext(f"{SVG}desc") or "")
    assert "<b>" not in markup and "FY22 &lt;b&gt;" in markup
    assert "People" in [t.text for t in svg.iter(f"{SVG}text")]
    table = population_table_html(series)
    assert '<th scope="col">Guaranteed minimum</th>' in table and "not reported" in table
    assert "<td>44.7%</td>" in staffing_table_html(STAFFING)


def test_charts_without_data_still_render() -> None:
    assert "No staffing figures" in staffing_chart_svg([])
    assert "No statistics releases" in population_chart_svg([])


def test_x_axis_is_to_scale_in_time_and_labels_do_not_overlap() -> None:
    series = [
        StaffingPoint(date(2020, 1, 1), "all", 80.0),
        StaffingPoint(date(2020, 1, 10), "all", 70.0),
        StaffingPoint(date(2022, 1, 1), "all", 54.0),
    ]
    svg = ET.fromstring(staffing_chart_svg(series))
    xs = [float(c.get("cx") or 0) for c in svg.iter(f"{SVG}circle")]
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 20  # nine days against two years
    labels = [t for t in svg.iter(f"{SVG}text") if (t.text or "").startswith("20")]
    assert [t.text for t in labels] == ["2020-01-01", "2022-01-01"]  # 2020-01-10 would overlap


def test_dense_series_is_a_line_without_markers() -> None:
    series = [
        StaffingPoint(date(2020, 1, 1) + timedelta(days=i), "all", 50.0 + i % 7) for i in range(200)
    ]
    svg = ET.fromstring(staffing_chart_svg(series))
    assert len(svg.findall(f"{SVG}polyline")) == 1 and not svg.findall(f"{SVG}circle")
    assert staffing_table_html(series).count("<tr>") == 201
