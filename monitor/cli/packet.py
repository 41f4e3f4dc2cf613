"""`monitor packet`: export a Bates-stamped, hash-verified evidence packet for one facility."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

from monitor.cli.keys import keys
from monitor.config import DEFAULT_BATES_PREFIX

if TYPE_CHECKING:  # imported in the commands: `monitor --help` stays fast
    from monitor.packets import PacketRequest, PacketResult
    from monitor.packets.verify import VerifyReport


def register(cli: click.Group) -> None:
    """Add `monitor packet` to the console script."""
    cli.add_command(packet)
    cli.add_command(packet_verify)
    cli.add_command(keys)


@click.command("packet")
@click.argument("facility")
@click.option("--from", "date_from", metavar="DATE", help="Only facts on or after this date.")
@click.option("--to", "date_to", metavar="DATE", help="Only facts on or before this date.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CODE",
    help="Finding category such as MEDICAL_CARE or STAFFING (repeatable).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="KEY",
    help="Only documents from this source key, e.g. dhs_oig (repeatable).",
)
@click.option(
    "--item",
    "items",
    multiple=True,
    metavar="KIND:ID",
    help="Only these timeline items, e.g. finding:12 (repeatable).",
)
@click.option(
    "--bates-prefix",
    default=DEFAULT_BATES_PREFIX,
    show_default=True,
    help="Prefix of the stamped Bates numbers, e.g. TCDF.",
)
@click.option(
    "--generated-at",
    metavar="DATETIME",
    help="Time printed in the packet (ISO 8601); fix it to reproduce a packet exactly.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The ZIP file to write.",
)
@click.option(
    "--as",
    "actor",
    default="cli",
    show_default=True,
    help="Who is exporting, as recorded in the export log.",
)
@with_appcontext
def packet(
    facility: str,
    date_from: str | None,
    date_to: str | None,
    categories: tuple[str, ...],
    sources: tuple[str, ...],
    items: tuple[str, ...],
    bates_prefix: str,
    generated_at: str | None,
    out: Path,
    actor: str,
) -> None:
    """Write an evidence packet (BagIt ZIP) for FACILITY (slug, DETLOC code or exact name)."""
    from monitor.packets import PacketError, PacketRequest
    from monitor.packets.selection import normalise_categories, parse_date, parse_generated_at

    try:
        request = PacketRequest(
            facility=facility,
            date_from=parse_date(date_from, "--from"),
            date_to=parse_date(date_to, "--to"),
            categories=normalise_categories(categories),
            sources=tuple(sorted(set(sources))),
            items=tuple(sorted(set(items))),
            bates_prefix=bates_prefix.upper(),
            generated_at=parse_generated_at(generated_at),
        )
        _export(request, out, actor)
    except PacketError as exc:
        raise click.ClickException(str(exc)) from exc


def _export(request: PacketRequest, out: Path, actor: str) -> None:
    from monitor.db import session_scope
    from monitor.packets import plan_packet, record_export, write_packet

    with session_scope() as session:
        plan = plan_packet(session=session, request=request)
        label = f"Packet for {plan.facility.name}: {len(plan.exhibits)} exhibits"
        with click.progressbar(length=plan.steps, label=label, file=sys.stderr) as bar:
            result = write_packet(plan, out_path=out.resolve(), on_step=lambda: bar.update(1))
        record_export(session=session, plan=plan, result=result, actor_label=actor)
    click.echo(
        f"Wrote {result.path} ({result.size:,} bytes): {result.exhibits} exhibits, "
        f"{result.facts} facts, {result.pdf_pages} PDF pages, Bates {result.first_bates} to "
        f"{result.last_bates}\nSHA-256 {result.sha256}\n{_signature_line(result)}"
    )


def _signature_line(result: PacketResult) -> str:
    if not result.signed:
        return "Not signed: run `monitor keys create` to sign packets."
    if not result.timestamped:
        return "Signed, without a trusted timestamp (MONITOR_TSA_URL is not set)."
    return "Signed and timestamped."


@click.command("packet-verify")
@click.argument("zip_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The signing certificate published on the monitor's about page (PEM); without it the "
    "copy inside the packet is used and you must compare its fingerprint yourself.",
)
@click.option(
    "--tsa-cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Root certificate(s) of the timestamp authority you trust (PEM or DER).",
)
def packet_verify(zip_file: Path, cert: Path | None, tsa_cert: Path | None) -> None:
    """Check a packet ZIP: manifests, signatures, timestamps and the ZIP; say what each proves."""
    from monitor.packets import PacketError
    from monitor.packets.verify import verify_packet

    try:
        report = verify_packet(
            zip_file,
            cert=cert.read_bytes() if cert else None,
            tsa_certs=tsa_cert.read_bytes() if tsa_cert else None,
        )
    except PacketError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in report.problems:
        click.echo(f"FAILED: {problem}", err=True)
    if not report.ok:
        raise click.ClickException(f"{len(report.problems)} problem(s) in {zip_file}")
    click.echo(f"OK: {report.checked} files match their SHA-256 manifests ({zip_file})")
    for statement in report.statements:
        click.echo(f"- {statement}")
    _echo_reproducibility(report)


def _echo_reproducibility(report: VerifyReport) -> None:
    click.echo(f"Reproducible fingerprint: {report.fingerprint}")
    if report.expected_to_differ:
        click.echo(
            "Rebuilding this packet with the same key and --generated-at gives the same "
            "fingerprint; these parts are expected to differ:"
        )
        for part in report.expected_to_differ:
            click.echo(f"  * {part}")
