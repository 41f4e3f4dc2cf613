"""Server-rendered, accessible SVG charts (pure functions: data in, markup out).

Each chart has a <title> and <desc> wired with aria-labelledby, labelled axes, and a
matching HTML table (`*_table_html`) as the data alternative. No scripts, no inline CSS:
only presentation attributes, so the strict Content-Security-Policy allows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import escape

from monitor import i18n
from monitor.i18n import N_, gettext
from monitor.labels import release_name

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 16, 64
LABEL_GAP = 90  # minimum distance between two x-axis labels, in SVG units
MAX_MARKERS = 80  # beyond this many points a series is drawn as a line without point markers
# Colour-blind-safe palette, with a distinct dash pattern per series so colour is not needed.
STYLES = [("#1b5e9e", ""), ("#b8520a", "6 3"), ("#2e7d32", "2 3"), ("#7b1fa2", "10 3 2 3")]
ROLE_LABELS = {
    "all": N_("All staff"),
    "security": N_("Security"),
    "medical": N_("Medical"),
    "mental_health": N_("Mental health"),
}
# Chart text is written when the chart is drawn, in the language of the page drawing it.


def _role(group: str) -> str:
    return gettext(ROLE_LABELS[group]) if group in ROLE_LABELS else group


def _day(value: date | None) -> str:
    return i18n.day(value, i18n.current())


def _n(value: float | int) -> str:
    return i18n.number(value, i18n.current())


@dataclass(frozen=True)
class StaffingPoint:
    as_of: date
    role_group: str
    pct_filled: float
    document_id: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class PopulationPoint:
    label: str
    release_date: date | None
    adp: float | None
    guaranteed_minimum: int | None


def _positions(days: Sequence[date | None]) -> list[float]:
    """Horizontal position (0..1) of each x value: to scale in time when every date is known."""
    known = [d for d in days if d is not None]
    if len(days) <= 1:
        return [0.5] * len(days)
    if len(known) == len(days) and known[-1] != known[0]:
        span = (known[-1] - known[0]).days
        return [(d - known[0]).days / span for d in known]
    return [i / (len(days) - 1) for i in range(len(days))]


def _x(position: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * position


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value / top if top else 0)


def _open(chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" class="chart" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def _x_labels(labels: Sequence[str], positions: Sequence[float]) -> list[str]:
    """X-axis labels that do not overlap: the first and the last, then others that fit."""
    xs = [_x(p) for p in positions]  # ascending
    chosen = [0] if labels else []
    for i in range(1, len(labels) - 1):
        if xs[i] - xs[chosen[-1]] >= LABEL_GAP and xs[-1] - xs[i] >= LABEL_GAP:
            chosen.append(i)
    if len(labels) > 1:
        # The latest date always gets its label; the first only when both fit.
        chosen = [*chosen, len(labels) - 1] if xs[-1] - xs[0] >= LABEL_GAP else [len(labels) - 1]
    out = []
    for i in chosen:
        anchor = "end" if i == len(labels) - 1 and len(labels) > 1 else "middle"
        if i == 0 and len(labels) > 1:
            anchor = "start"
        out.append(
            f'<text x="{_x(positions[i]):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="{anchor}" font-size="11" fill="#333">{escape(labels[i])}</text>'
        )
    return out


def _axes(
    top: float, unit: str, y_label: str, x_labels: Sequence[str], positions: Sequence[float]
) -> list[str]:
    """Y gridlines with ticks, non-overlapping x labels, and both axis titles."""
    out = []
    for step in range(5):
        value = top * step / 4
        y = _y(value, top)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ccc" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{_n(value)}{unit}</text>'
        )
    out += _x_labels(x_labels, positions)
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#333" stroke-width="1"/>'
    )
    out.append(
        f'<text x="14" y="{(HEIGHT - BOTTOM + TOP) / 2:.0f}" font-size="12" fill="#333" '
        f'text-anchor="middle" transform="rotate(-90 14 {(HEIGHT - BOTTOM + TOP) / 2:.0f})">'
        f"{escape(y_label)}</text>"
    )
    return out


def _series(
    points: Sequence[tuple[int, float]],
    positions: Sequence[float],
    top: float,
    style: int,
    name: str,
    unit: str,
) -> list[str]:
    colour, dash = STYLES[style % len(STYLES)]
    coords = [(_x(positions[i]), _y(v, top)) for i, v in points]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = []
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
    if len(coords) > MAX_MARKERS:
        return out  # a dense line: the data table carries each value
    label = escape(name)  # once per series, not per point
    for (x, y), (_, v) in zip(coords, points, strict=True):
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
            f"<title>{label}: {_n(v)}{unit}</title></circle>"
        )
    return out


def _legend(names: Sequence[str]) -> list[str]:
    out = []
    x = LEFT
    for i, name in enumerate(names):
        colour, dash = STYLES[i % len(STYLES)]
        y = HEIGHT - 16
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        out.append(f'<text x="{x + 30}" y="{y}" font-size="12" fill="#222">{escape(name)}</text>')
        x += 50 + 7 * len(name)  # about 7 units per character at font-size 12
    return out


def staffing_chart_svg(series: Sequence[StaffingPoint], chart_id: str = "staffing") -> str:
    """Line chart of percent of required positions filled over time, one line per role group."""
    dates = sorted({p.as_of for p in series})
    groups = sorted(
        {p.role_group for p in series},
        key=lambda g: list(ROLE_LABELS).index(g) if g in ROLE_LABELS else 99,
    )
    low = min(series, key=lambda p: p.pct_filled, default=None)
    desc = (
        gettext(
            "%(count)s staffing observations from %(first)s to %(last)s; lowest %(pct)s%% "
            "filled (%(group)s) on %(day)s.",
            count=len(series),
            first=dates[0],
            last=dates[-1],
            pct=low.pct_filled,
            group=_role(low.role_group),
            day=low.as_of,
        )
        if low
        else gettext("No staffing figures recorded.")
    )
    out = _open(chart_id, gettext("Staffing: percent of required positions filled"), desc)
    positions = _positions(dates)
    out += _axes(100, "%", gettext("Percent filled"), [_day(d) for d in dates], positions)
    index = {d: i for i, d in enumerate(dates)}
    for style, group in enumerate(groups):
        points = [(index[p.as_of], p.pct_filled) for p in series if p.role_group == group]
        out += _series(points, positions, 100, style, _role(group), "%")
    out += _legend([_role(g) for g in groups])
    return "\n".join(out + ["</svg>"])


def population_chart_svg(series: Sequence[PopulationPoint], chart_id: str = "population") -> str:
    """Average daily population and guaranteed minimum per statistics release."""
    values = [v for p in series for v in (p.adp, p.guaranteed_minimum) if v is not None]
    top = _nice_top(max(values, default=0))
    labels = [p.label for p in series]
    desc = (
        gettext(
            "%(count)s statistics releases from %(first)s to %(last)s; latest average daily "
            "population %(adp)s, guaranteed minimum %(minimum)s.",
            count=len(series),
            first=_release(labels[0]),
            last=_release(labels[-1]),
            adp=_fmt(series[-1].adp),
            minimum=_fmt(series[-1].guaranteed_minimum),
        )
        if series
        else gettext("No statistics releases.")
    )
    title = gettext("Population: average daily population and guaranteed minimum")
    out = _open(chart_id, title, desc)
    positions = _positions([p.release_date for p in series])
    # A short release name ("FY22") reads best; long ones ("FY2026 as of ...") give way to the date.
    ticks = [p.label if len(p.label) <= 10 or not p.release_date else _day(p.release_date)
             for p in series]  # fmt: skip
    out += _axes(top, "", gettext("People"), ticks, positions)
    adp = [(i, float(p.adp)) for i, p in enumerate(series) if p.adp is not None]
    gmin = [
        (i, float(p.guaranteed_minimum))
        for i, p in enumerate(series)
        if p.guaranteed_minimum is not None
    ]
    names = [gettext("Average daily population"), gettext("Guaranteed minimum")]
    out += _series(adp, positions, top, 0, names[0], "")
    out += _series(gmin, positions, top, 1, names[1], "")
    out += _legend(names)
    return "\n".join(out + ["</svg>"])


def _nice_top(value: float) -> float:
    """A round axis maximum at or above `value` (at least 10)."""
    top = 10.0
    while top < value:
        top *= 2 if str(int(top))[0] in ("1", "5") else 2.5
    return top


def _fmt(value: float | int | None) -> str:
    return gettext("not reported") if value is None else _n(value)


def _release(stored: str) -> str:
    """A release label as the reader's language writes it (see labels.release_name)."""
    return str(release_name(stored))


def staffing_table_html(series: Sequence[StaffingPoint]) -> str:
    """The staffing chart's data as an HTML table."""
    labels = {g: escape(_role(g)) for g in {p.role_group for p in series}}
    rows = "".join(
        f"<tr><td>{_day(p.as_of)}</td><td>{labels[p.role_group]}</td>"
        f"<td>{_n(p.pct_filled)}%</td></tr>"
        for p in series
    )
    heads = [gettext("As of"), gettext("Role group"), gettext("Percent filled")]
    return _table(gettext("Staffing data"), heads, rows)


def _table(caption: str, heads: Sequence[str], rows: str) -> str:
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    return (
        f'<div class="table-wrap"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def population_table_html(series: Sequence[PopulationPoint]) -> str:
    """The population chart's data as an HTML table."""
    rows = "".join(
        f"<tr><td>{escape(_release(p.label))}</td><td>{_day(p.release_date)}</td>"
        f"<td>{_fmt(p.adp)}</td><td>{_fmt(p.guaranteed_minimum)}</td></tr>"
        for p in series
    )
    heads = [
        gettext("Release"),
        gettext("Date"),
        gettext("Average daily population"),
        gettext("Guaranteed minimum"),
    ]
    return _table(gettext("Population data"), heads, rows)
