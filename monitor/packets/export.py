"""Record who exported which packet: the export log, and the audit trail when it exists."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from sqlmodel import Session

from monitor.models import ExportLog, UserAccount, utcnow
from monitor.packets.build import PacketPlan, PacketResult


def record_export(
    *,
    session: Session,
    plan: PacketPlan,
    result: PacketResult,
    user: UserAccount | None = None,
    actor_label: str | None = None,
) -> ExportLog:
    """Add an ExportLog row (and an audit entry when monitor.accounts.audit is installed)."""
    selection = plan.request.to_dict()
    entry = ExportLog(
        at=utcnow(),
        user_id=user.id if user is not None else None,
        actor_label=actor_label or (user.email if user is not None else None),
        facility_id=plan.facility.id,
        selection=selection,
        sha256=result.sha256,
        filename=result.path.name,
    )
    session.add(entry)
    session.flush()
    _audit(session, plan, result, user or actor_label, entry)
    return entry


def _audit(
    session: Session,
    plan: PacketPlan,
    result: PacketResult,
    actor: UserAccount | str | None,
    entry: ExportLog,
) -> None:
    """The accounts issue's hash-chained audit trail takes over export records when present."""
    if importlib.util.find_spec("monitor.accounts.audit") is None:
        return
    audit: Any = importlib.import_module("monitor.accounts.audit")
    audit.record(
        session=session,
        action="packet.export",
        actor=actor,
        target_type="facility",
        target_id=plan.facility.id,
        purpose="evidence packet export",
        details={
            "export_log_id": entry.id,
            "sha256": result.sha256,
            "filename": result.path.name,
            "selection": plan.request.to_dict(),
            "exhibits": result.exhibits,
            "bates": f"{result.first_bates} to {result.last_bates}",
        },
    )
