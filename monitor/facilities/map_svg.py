"""Server-rendered SVG for the national page: the facility map and the open-recommendation
trend. Pure functions, no scripts or inline CSS (the Content-Security-Policy forbids both);
each figure has a <title> and <desc> and the page carries a table with the same data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import escape

from monitor import i18n
from monitor.facilities.geo import states
from monitor.facilities.national import ATTENTION, NationalRow
from monitor.facilities.projection import HEIGHT, WIDTH

# Colour and size per attention level; size differs too so colour is not the only cue.
DOT_STYLE = {
    "urgent": ("#b3261e", 9.0),
    "concern": ("#d98e04", 7.5),
    "open": ("#1b5e9e", 6.0),
    "none": ("#6b7280", 4.5),
}


def swatch(level: str) -> str:
    """A small dot in a level's colour and size, for the HTML legend and table."""
    colour, radius = DOT_STYLE[level]
    return (
        f'<svg class="swatch" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">'
        f'<circle cx="10" cy="10" r="{radius}" fill="{colour}"/></svg>'
    )


def map_svg(rows: Sequence[NationalRow]) -> str:
    """US states with one dot per placed facility, most urgent drawn last (on top)."""
    placed = [r for r in rows if r.position]
    counts = {level: sum(r.attention == level for r in placed) for level in ATTENTION}
    desc = "; ".join(
        i18n.gettext("%(level)s: %(count)s", level=i18n.gettext(v), count=counts[k])
        for k, v in ATTENTION.items()
    )
    title = i18n.ngettext(
        "Map of %(num)s facility by what needs attention",
        "Map of %(num)s facilities by what needs attention",
        len(placed),
    )
    below = i18n.gettext("The table below lists every facility.")
    out = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(desc)}. {escape(below)}</desc>',
        '<g fill="#eef1f5" stroke="#8a96a3" stroke-width="0.8">',
    ]
    out += [f'<path d="{s.path}"><title>{escape(s.name)}</title></path>' for s in states().values()]
    out.append("</g>")
    order = list(ATTENTION)[::-1]
    for r in sorted(placed, key=lambda r: order.index(r.attention)):
        colour, radius = DOT_STYLE[r.attention]
        x, y = r.position or (0, 0)
        out.append(
            f'<circle class="dot {r.attention}" cx="{x}" cy="{y}" r="{radius}" fill="{colour}" '
            f'stroke="#fff" stroke-width="1.5" data-state="{escape(r.state or "")}">'
            f"<title>{escape(r.name)}: {escape(i18n.gettext(ATTENTION[r.attention]))}</title></circle>"
        )
    return "".join([*out, "</svg>"])


TREND_W, TREND_H, PAD_L, PAD_B, PAD_T = 360, 220, 40, 40, 16


def trend_svg(points: Sequence[tuple[date, int]]) -> str:
    """Bars of open recommendations at each period end; a narrow viewBox keeps text >= 11 px."""
    top = max((n for _, n in points), default=0) or 1
    step = (TREND_W - PAD_L - 8) / max(len(points), 1)
    plot_h = TREND_H - PAD_B - PAD_T
    title = i18n.gettext("Open OIG recommendations at the end of each half year")
    desc = i18n.gettext(
        "From %(count)s period ends; the most was %(top)s. The table below gives every figure.",
        count=len(points),
        top=top,
    )
    out = [
        f'<svg class="trend" viewBox="0 0 {TREND_W} {TREND_H}" role="img" '
        'aria-labelledby="trend-title trend-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(desc)}</desc>',
        f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end" font-size="13">{top}</text>',
        f'<text x="{PAD_L - 6}" y="{TREND_H - PAD_B}" text-anchor="end" font-size="13">0</text>',
    ]
    label_every = max(1, round(len(points) / 5))
    for i, (day, count) in enumerate(points):
        h = plot_h * count / top
        x = PAD_L + i * step
        out.append(
            f'<rect x="{x + 1:.1f}" y="{TREND_H - PAD_B - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="#1b5e9e"><title>{i18n.day(day, i18n.current())}: '
            f"{count}</title></rect>"
        )
        if i % label_every == 0 or i == len(points) - 1:
            out.append(
                f'<text x="{x + step / 2:.1f}" y="{TREND_H - PAD_B + 18}" text-anchor="middle" '
                f'font-size="13">{day.year}</text>'
            )
    return "".join([*out, "</svg>"])
