"""A reviewer's correction shows publicly next to the corrected fact."""

from __future__ import annotations

from sqlmodel import select

from monitor.db import session_scope
from monitor.models import Inspection, UserAccount
from monitor.review.corrections import correct


def test_corrected_inspection_shows_date_and_reason(app, client, built) -> None:
    with app.app_context(), session_scope(app) as session:
        reviewer = UserAccount(email="r@example.org", password_hash="x", role="reviewer")
        session.add(reviewer)
        session.flush()
        insp = session.exec(select(Inspection).where(Inspection.rating == "Superior")).first()
        assert insp is not None and insp.id is not None
        correct(
            session=session,
            table_name="inspection",
            row_id=insp.id,
            field_name="deficiency_count",
            new_value="22",
            reason="Appendix B lists one more deficiency",
            user=reviewer,
        )
    page = client.get("/facilities/torrance-county-detention-facility").get_data(as_text=True)
    assert "corrected on" in page
    assert "Appendix B lists one more deficiency" in page
    assert "(was 21)" in page
