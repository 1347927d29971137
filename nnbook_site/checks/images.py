"""No image file under ``docs/`` unless a script under ``scripts/`` makes it: figures are drawn
by ``nnbook`` when the page executes."""

from __future__ import annotations

from pathlib import Path

from nnbook_site import DOCS, ROOT
from nnbook_site.checks.problem import Problem

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff"}


def check_images(docs: Path = DOCS, scripts: Path = ROOT / "scripts") -> list[Problem]:
    """Image files under ``docs`` need a script under ``scripts`` that names (and makes) them."""
    scripts = Path(scripts)
    script_text = (
        "\n".join(
            p.read_text(encoding="utf-8", errors="replace") for p in sorted(scripts.rglob("*.py"))
        )
        if scripts.exists()
        else ""
    )
    return [
        Problem(
            path,
            None,
            "image file under docs/ that no script makes",
            "draw the figure on the page with a function of nnbook that returns a "
            "matplotlib Figure (the build embeds it), and delete the file; if the page "
            f"needs a file, add the script under scripts/ that writes `{path.name}`",
        )
        for path in sorted(Path(docs).rglob("*"))
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file() and path.name not in script_text
    ]
