"""A problem the checker found: where it is, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nnbook_site import ROOT


def display(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (``docs/x.py``)."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (file and line), what is wrong, and how to fix it."""

    path: Path
    line: int | None
    message: str
    fix: str

    def location(self) -> str:
        try:
            shown = self.path.resolve().relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}" if self.line else f"{shown}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}\n    fix: {self.fix}"
