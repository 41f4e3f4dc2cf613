"""The error every review action raises when it cannot be done, in words for the reviewer."""

from __future__ import annotations


class ReviewError(ValueError):
    """A review action was refused (already decided, missing facility...)."""
