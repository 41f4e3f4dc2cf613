"""`monitor packet`: the command a lawyer's paralegal runs, its output and its refusals."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from monitor.cli import cli
from monitor.db import session_scope
from monitor.models import AuditLog, ExportLog
from monitor.packets import PacketError


def _invoke(runner, *args: str):
    return runner.invoke(cli, ["packet", *args])


def test_packet_command_writes_zip_reports_and_logs(packet_data, runner, out_dir) -> None:
    out = out_dir / "torrance.zip"
    result = _invoke(
        runner,
        "torrance-county",
        "--bates-prefix",
        "tcdf",
        "--out",
        str(out),
        "--generated-at",
        "2026-01-31T12:00:00Z",
        "--as",
        "paralegal@example.org",
    )
    assert result.exit_code == 0, result.output
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    assert "Packet for Torrance County Detention Facility: 3 exhibits" in result.stderr
    assert f"SHA-256 {sha}" in result.stdout
    assert (
        "3 exhibits, 5 facts" in result.output
        and "Bates TCDF-000001 to TCDF-000006" in result.output
    )
    with session_scope(packet_data.app) as session:
        log = session.exec(select(ExportLog)).one()
    assert log.sha256 == sha and log.filename == "torrance.zip"
    assert log.actor_label == "paralegal@example.org"
    assert log.facility_id == packet_data.facility.id
    assert log.selection is not None and log.selection["bates_prefix"] == "TCDF"
    assert [p.name for p in out_dir.iterdir()] == ["torrance.zip"]
    with session_scope(packet_data.app) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.action == "packet.export")).one()
    assert audit.details is not None and audit.details["sha256"] == sha
    assert audit.actor_label == "paralegal@example.org"


def test_same_generated_at_reproduces_the_same_file(packet_data, runner, out_dir) -> None:
    for name in ("a.zip", "b.zip"):
        result = _invoke(
            runner,
            "torrance-county",
            "--from",
            "2021-01-01",
            "--to",
            "2022-12-31",
            "--category",
            "staffing",
            "--source",
            "oig_reports",
            "--source",
            "ice_contract_inspections",
            "--generated-at",
            "2026-01-31T12:00:00",
            "--out",
            str(out_dir / name),
        )
        assert result.exit_code == 0, result.output
    assert (out_dir / "a.zip").read_bytes() == (out_dir / "b.zip").read_bytes()
    assert "2 exhibits, 2 facts" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "No facility is named 'nowhere'"),
        (["torrance-county", "--from", "2030-01-01"], "No facts about Torrance"),
        (["torrance-county", "--from", "2022-13-01"], "--from must be a date"),
        (["torrance-county", "--category", "PLUMBING"], "unknown categories: PLUMBING"),
        (["torrance-county", "--source", "oig"], "unknown sources: oig (known: ice_contract"),
        (["torrance-county", "--generated-at", "yesterday"], "--generated-at must be"),
    ],
)
def test_clear_errors_and_nothing_left_on_disk(packet_data, runner, out_dir, args, message) -> None:
    result = _invoke(runner, *args, "--out", str(out_dir / "x.zip"))
    assert result.exit_code == 1
    assert message in result.output
    assert list(out_dir.iterdir()) == []


def test_unwritable_destination_is_refused(packet_data, runner, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _invoke(runner, "torrance-county", "--out", str(blocker / "x.zip"))
    assert result.exit_code == 1 and "does not exist" in result.output
    result = _invoke(runner, "torrance-county", "--out", str(tmp_path / "missing" / "x.zip"))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_failure_mid_build_removes_the_temporary_file(
    packet_data, runner, out_dir, monkeypatch
) -> None:
    def explode(*_args, **_kwargs):
        raise PacketError("disk full while assembling")

    monkeypatch.setattr("monitor.packets.build.assemble", explode)
    result = _invoke(runner, "torrance-county", "--out", str(out_dir / "x.zip"))
    assert result.exit_code == 1 and "disk full while assembling" in result.output
    assert list(out_dir.iterdir()) == []
    with session_scope(packet_data.app) as session:
        assert session.exec(select(ExportLog)).all() == []


def test_written_file_gets_the_usual_permissions(packet_data, runner, out_dir) -> None:
    import os

    out = out_dir / "p.zip"
    assert _invoke(runner, "torrance-county", "--out", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
