"""Demo dataset: facts written by the project in its own words, each with a public source URL.

Each part module exposes `load(session, settings) -> None` and is idempotent (re-running
`monitor demo` changes nothing). Parts run in this order.
"""

from __future__ import annotations

import importlib

DEMO_PARTS: list[str] = [
    "monitor.demo.facilities",
    "monitor.demo.oig",
    "monitor.demo.ice",
    "monitor.demo.alerts",  # keep last: evaluates the facts the parts above load
]


def load_demo(session, settings) -> list[str]:  # noqa: ANN001
    """Load every demo part; returns the names of the parts loaded."""
    loaded = []
    for name in DEMO_PARTS:
        importlib.import_module(name).load(session, settings)
        loaded.append(name)
    return loaded
