"""Evidence packets for lawyers: Bates-stamped, hash-verified BagIt ZIPs of selected facts.

Typical use (the CLI and the web view do exactly this):

    plan = plan_packet(session=session, request=PacketRequest(facility="torrance-county"))
    result = write_packet(plan, out_path=Path("packet.zip"))
    record_export(session=session, plan=plan, result=result, actor_label="cli")
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from monitor.packets.errors import (
    EmptySelection,
    InvalidSelection,
    PacketError,
    UnknownFacility,
    UnwritablePath,
)
from monitor.packets.selection import PacketRequest

if TYPE_CHECKING:
    from monitor.packets.build import PacketPlan, PacketResult, plan_packet, write_packet
    from monitor.packets.export import record_export

# Building a packet loads WeasyPrint, pypdf and pyHanko (about 60 MB). Web workers and CLI
# commands that never build one must not pay for them, so those names load on first use.
_LAZY = {
    "PacketPlan": "monitor.packets.build",
    "PacketResult": "monitor.packets.build",
    "plan_packet": "monitor.packets.build",
    "write_packet": "monitor.packets.build",
    "record_export": "monitor.packets.export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EmptySelection",
    "InvalidSelection",
    "PacketError",
    "PacketPlan",
    "PacketRequest",
    "PacketResult",
    "UnknownFacility",
    "UnwritablePath",
    "plan_packet",
    "record_export",
    "write_packet",
]
