"""Evidence packets for lawyers: Bates-stamped, hash-verified BagIt ZIPs of selected facts.

Typical use (the CLI and the web view do exactly this):

    plan = plan_packet(session=session, request=PacketRequest(facility="torrance-county"))
    result = write_packet(plan, out_path=Path("packet.zip"))
    record_export(session=session, plan=plan, result=result, actor_label="cli")
"""

from __future__ import annotations

from monitor.packets.build import PacketPlan, PacketResult, plan_packet, write_packet
from monitor.packets.errors import (
    EmptySelection,
    InvalidSelection,
    PacketError,
    UnknownFacility,
    UnwritablePath,
)
from monitor.packets.export import record_export
from monitor.packets.selection import PacketRequest

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
