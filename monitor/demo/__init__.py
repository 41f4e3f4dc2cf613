"""Demo dataset: facts written by the project in its own words, each with a public source URL.

Each part module exposes `load(session, settings) -> None` and is idempotent (re-running
`monitor demo` changes nothing). Parts run in this order.
"""

from __future__ import annotations

from monitor.demo import alerts, facilities, ice, oig

DEMO_PARTS = (
    facilities,
    oig,
    ice,
    alerts,  # keep last: evaluates the facts the parts above load
)


def load_demo(session, settings) -> list[str]:  # noqa: ANN001
    """Load every demo part; returns the names of the parts loaded."""
    loaded = []
    for part in DEMO_PARTS:
        part.load(session, settings)
        loaded.append(part.__name__)
    return loaded
