"""A page seen by a signed-in person is never stored by a shared cache, nor revalidated."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.web.builder import Built
from tests.web.conftest import built  # noqa: F401  (the Torrance story)

SLUG = "torrance-county-detention-facility"


def test_signed_in_pages_are_no_store(
    built: Built,  # noqa: F811
    signed_in: Callable[..., FlaskClient],
    client: FlaskClient,
) -> None:
    public = client.get(f"/facilities/{SLUG}")
    assert "public" in public.headers["Cache-Control"]
    advocate = signed_in("advocate")
    for path in (f"/facilities/{SLUG}", "/", "/api/facilities", "/feeds/all.atom"):
        page = advocate.get(path)
        assert page.status_code == 200, path
        assert page.headers["Cache-Control"] == "no-store", path
        assert "ETag" not in page.headers, path
    stale = advocate.get(f"/facilities/{SLUG}", headers={"If-None-Match": public.headers["ETag"]})
    assert stale.status_code == 200  # never a 304 built from the anonymous copy
