"""Home page: recent changes, most overdue recommendations, facilities with active alerts."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, render_template

from monitor.db import get_settings, session_scope
from monitor.packets.keys import fingerprint, published_certificate, subject
from monitor.queries.home import home_summary
from monitor.web import helpers

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    """The front page."""
    with session_scope() as session:
        summary = home_summary(session=session)
    return render_template(
        "public/home.html", summary=summary, facility_count=summary.facility_count
    )


@bp.get("/about")
def about() -> str:
    """What the monitor is, where its data comes from, how to read it, and its signing key."""
    cert = published_certificate(get_settings())
    signing = None
    if cert is not None:
        signing = {"pem": cert.decode(), "fingerprint": fingerprint(cert), "subject": subject(cert)}
    return render_template("public/about.html", signing=signing)


@bp.get("/about/signing-certificate.pem")
def signing_certificate() -> Response:
    """The certificate that verifies this deployment's evidence packets."""
    cert = published_certificate(get_settings())
    if cert is None:
        abort(404, description="This deployment has no packet-signing key yet.")
    response = Response(cert, mimetype="application/x-pem-file")
    response.headers["Content-Disposition"] = 'attachment; filename="signing-certificate.pem"'
    return response


def init_app(app: Flask) -> None:
    helpers.init_app(app)
