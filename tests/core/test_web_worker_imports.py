"""A web worker does not load the packet PDF stack until someone builds a packet.

WeasyPrint, pypdf and pyHanko add about 55 MB to every gunicorn worker; the memory goal per
worker (bench_web) is only met when they load on first use.
"""

from __future__ import annotations

import subprocess
import sys

PDF_STACK = ("weasyprint", "pyhanko", "pypdf")


def test_creating_the_app_leaves_the_pdf_stack_unloaded(tmp_path) -> None:
    script = (
        "import sys, monitor\n"
        "monitor.create_app()\n"
        f"print(','.join(m for m in {PDF_STACK!r} if m in sys.modules))\n"
    )
    env = {"MONITOR_SECRET_KEY": "test-only", "MONITOR_INSTANCE_PATH": str(tmp_path), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "", f"loaded at start-up: {done.stdout.strip()}"


def test_the_packet_names_still_resolve_on_first_use() -> None:
    import monitor.packets as packets

    assert callable(packets.plan_packet) and callable(packets.write_packet)
    assert packets.PacketResult.__name__ == "PacketResult"
