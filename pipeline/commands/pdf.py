"""`make pdf`: a PDF beside each Word document of the year (LibreOffice, `write/pdf.py`)."""

from __future__ import annotations

from pathlib import Path

from ..write.pdf import convert_year
from .result import Result


def write_pdfs(year: int, output_dir: Path) -> Result:
    """The PDFs written, in order, and the staff's own PDFs kept (a signed, rescanned one).
    Raises UsageError when LibreOffice is missing, fails, or there is nothing to convert."""
    kept: list[tuple[Path, Path]] = []
    converted = convert_year(year, output_dir, kept=kept)
    return Result(tuple(converted), tuple(kept))
