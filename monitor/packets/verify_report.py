"""What a packet verification found, shared by the manifest, signature and container checks."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field

# A flipped byte inside a compressed member surfaces as any of these while reading it.
DAMAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


@dataclass
class VerifyReport:
    """Files checked, problems found, and what the checks prove, all in words."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    expected_to_differ: list[str] = field(default_factory=list)
    fingerprint: str = ""
    signed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems
